import { DescribeTaskDefinitionCommand, type ECSClient } from '@aws-sdk/client-ecs';
import { errorName, messageOf } from '../../../lib/errors/aws-errors.js';
import { ActionError, ActionErrors } from '../../../lib/errors/action-error.js';
import {
  loadTaskDefinitionFile,
  taskDefinitionProblems,
} from '../../../lib/ecs/task-definition.js';
import type { Inputs } from './inputs.js';
import type { RevisionPlan } from './revision-plan.js';

/**
 * What a deploy on an ECS-controller service registers, or the ARN it names. No AppSpec takes
 * part: the service's own loadBalancers name the container and port (an appspec input is
 * refused there), so an AppSpec beside the task definition is ignored.
 */
export async function planEcsRevision(
  inputs: Pick<Inputs, 'taskDefinition'>,
): Promise<Pick<RevisionPlan, 'register' | 'existingArn'>> {
  const source = inputs.taskDefinition;
  if (!source) throw new ActionError('Input "task-definition" is required for command deploy.');
  if ('arn' in source) return { existingArn: source.arn };
  const register = await loadTaskDefinitionFile(source.path);
  const problems = taskDefinitionProblems(register);
  if (problems.length) throw new ActionErrors(problems.map((p) => `${source.path}: ${p}`));
  return { register };
}

/** An existing task definition to deploy must be describable and ACTIVE, or ECS refuses the update. */
export async function existingEcsRevisionProblem(
  ecs: ECSClient,
  arn: string | undefined,
): Promise<string | undefined> {
  if (!arn) return undefined;
  try {
    const out = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: arn }));
    if (out.taskDefinition?.status === 'INACTIVE')
      return `Input "task-definition" is ${arn}, which is INACTIVE (deregistered); pass the rendered task definition file to register a new revision, or the ARN of an ACTIVE one.`;
    return out.taskDefinition
      ? undefined
      : `Input "task-definition" is ${arn}, which ECS did not return.`;
  } catch (error) {
    if (errorName(error) !== 'ClientException') throw error;
    return `Input "task-definition" is ${arn}, which ECS cannot describe (${messageOf(error)}); check the ARN, or pass the rendered task definition file to register a new revision.`;
  }
}
