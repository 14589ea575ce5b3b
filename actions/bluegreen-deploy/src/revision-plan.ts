import { access } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  appSpecTarget,
  parseAppSpec,
  renderAppSpec,
  type EcsAppSpec,
} from '../../../lib/codedeploy/appspec.js';
import { DescribeTaskDefinitionCommand, type ECSClient, type Service } from '@aws-sdk/client-ecs';
import { errorName, messageOf } from '../../../lib/errors/aws-errors.js';
import { ActionError, ActionErrors } from '../../../lib/errors/action-error.js';
import { readInputFile } from '../../../lib/text/input-file.js';
import {
  loadTaskDefinitionFile,
  taskDefinitionProblems,
  toRegisterInput,
  type TaskDefinitionInput,
} from '../../../lib/ecs/task-definition.js';
import type { Inputs } from './inputs.js';

/** What will be deployed, read and checked before any call that changes state. */
export interface RevisionPlan {
  /** Registered by the deploy, or undefined when an existing ARN is promoted. */
  register?: TaskDefinitionInput;
  existingArn?: string;
  /** The container and port the load balancer routes to, and where that was read. */
  target?: RoutedTarget;
}

export interface RoutedTarget {
  containerName: string;
  containerPort: number;
  source: string;
}

/** A CodeDeploy deployment also carries its AppSpec, which names the routed container. */
export interface CodeDeployPlan extends RevisionPlan {
  appSpec: EcsAppSpec;
  appSpecSource: string;
}

/** render-taskdef writes the AppSpec beside the task definition under one of these names. */
const SIBLING_APPSPECS = ['appspec.yaml', 'appspec.yml', 'appspec.json'];

/** The CodeDeploy plan: the task definition and the AppSpec, checked against each other. */
export async function planRevision(inputs: Inputs): Promise<CodeDeployPlan> {
  const plan = await loadTaskDefinition(inputs);
  const { appSpec, appSpecSource } = await loadAppSpec(inputs);
  const { containerName, containerPort } = appSpecTarget(appSpec);
  const target = { containerName, containerPort, source: appSpecSource };
  return checkedTarget({ ...plan, target, appSpec, appSpecSource });
}

/**
 * The plan of an ECS-controlled service (native or rolling): no AppSpec, which belongs to
 * CodeDeploy alone; the routed container is the one in the service's load balancer entry.
 */
export async function planServiceRevision(
  inputs: Inputs,
  service: Pick<Service, 'serviceName' | 'loadBalancers'>,
): Promise<RevisionPlan> {
  const plan = await loadTaskDefinition(inputs);
  const lb = service.loadBalancers?.find((l) => l.containerName && l.containerPort);
  if (!lb?.containerName || lb.containerPort === undefined) return plan;
  const source = `service ${service.serviceName ?? inputs.service}'s load balancer`;
  return checkedTarget({
    ...plan,
    target: { containerName: lb.containerName, containerPort: lb.containerPort, source },
  });
}

async function loadTaskDefinition(inputs: Inputs): Promise<RevisionPlan> {
  const source = inputs.taskDefinition;
  if (!source) throw new ActionError('Input "task-definition" is required for command deploy.');
  if (!('path' in source)) return { existingArn: source.arn };
  const register = await loadTaskDefinitionFile(source.path);
  const problems = taskDefinitionProblems(register);
  if (problems.length) throw new ActionErrors(problems.map((p) => `${source.path}: ${p}`));
  return { register };
}

function checkedTarget<P extends RevisionPlan>(plan: P): P {
  if (plan.register && plan.target) {
    const problem = containerTargetProblem(plan.target, plan.register);
    if (problem) throw new ActionError(`${plan.target.source}: ${problem}`);
  }
  return plan;
}

async function loadAppSpec(
  inputs: Inputs,
): Promise<{ appSpec: EcsAppSpec; appSpecSource: string }> {
  if (inputs.appspec)
    return {
      appSpec: parseAppSpec(await readInputFile(inputs.appspec, 'appspec'), inputs.appspec),
      appSpecSource: inputs.appspec,
    };
  if (inputs.containerName && inputs.containerPort) {
    return {
      appSpec: renderAppSpec({
        containerName: inputs.containerName,
        containerPort: inputs.containerPort,
      }),
      appSpecSource: `AppSpec for container ${inputs.containerName}:${inputs.containerPort}`,
    };
  }
  if (inputs.taskDefinition && 'path' in inputs.taskDefinition) {
    for (const name of SIBLING_APPSPECS) {
      const path = join(dirname(inputs.taskDefinition.path), name);
      if (await exists(path))
        return {
          appSpec: parseAppSpec(await readInputFile(path, 'appspec'), path),
          appSpecSource: path,
        };
    }
  }
  throw new ActionError(
    'No AppSpec: input "appspec" is not set, no appspec.yaml/appspec.json lies beside the task definition, and container-name/container-port are not set.',
    'Pass `appspec: ${{ steps.render.outputs.appspec }}` from render-taskdef, or set container-name and container-port.',
  );
}

/** The AppSpec's load balancer container and port must exist in the task definition (spec A.5). */
export function targetProblem(appSpec: EcsAppSpec, td: TaskDefinitionInput): string | undefined {
  return containerTargetProblem(appSpecTarget(appSpec), td);
}

/** The routed container and port must exist in the task definition, whoever names them. */
export function containerTargetProblem(
  { containerName, containerPort }: Pick<RoutedTarget, 'containerName' | 'containerPort'>,
  td: TaskDefinitionInput,
): string | undefined {
  const containers = td.containerDefinitions ?? [];
  const container = containers.find((c) => c.name === containerName);
  if (!container) {
    return `container "${containerName}" not found in task definition family "${td.family}"; containers are: ${containers.map((c) => c.name).join(', ')}`;
  }
  const ports = (container.portMappings ?? []).map((p) => p.containerPort);
  if (!ports.includes(containerPort)) {
    return `container "${containerName}" has no containerPort ${containerPort} in task definition family "${td.family}"; its ports are: ${ports.join(', ') || '(none)'}`;
  }
  return undefined;
}

/**
 * An existing task definition to promote must be describable, ACTIVE and hold the AppSpec's
 * container and port: otherwise CodeDeploy accepts the deployment and fails it in Install
 * ("TaskDefinition is inactive", spec B.3), after the group's one slot was taken, and ECS starts
 * a service deployment that cannot place a task.
 */
export async function existingRevisionProblem(
  ecs: ECSClient,
  plan: RevisionPlan,
): Promise<string | undefined> {
  const arn = plan.existingArn;
  if (!arn) return undefined;
  let described;
  try {
    described = (await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: arn })))
      .taskDefinition;
  } catch (error) {
    if (errorName(error) !== 'ClientException') throw error;
    return `Input "task-definition" is ${arn}, which ECS cannot describe (${messageOf(error)}); check the ARN, or pass the rendered task definition file to register a new revision.`;
  }
  if (!described) return `Input "task-definition" is ${arn}, which ECS did not return.`;
  if (described.status === 'INACTIVE')
    return `Input "task-definition" is ${arn}, which is INACTIVE (deregistered), so ${'appSpec' in plan ? 'CodeDeploy' : 'ECS'} would fail with "TaskDefinition is inactive"; pass the rendered task definition file to register a new revision, or the ARN of an ACTIVE one.`;
  if (!plan.target) return undefined;
  const problem = containerTargetProblem(plan.target, toRegisterInput(described));
  return problem ? `${plan.target.source}: ${problem}` : undefined;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
