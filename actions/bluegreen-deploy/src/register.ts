import { RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { ActionError } from '../../../lib/errors/action-error.js';
import type { CommandContext } from './context.js';
import type { Inputs } from './inputs.js';
import type { RevisionPlan } from './revision-plan.js';

/** Registers the planned task definition (with the tags input), or names the ARN given. */
export async function registerTaskDefinition(
  inputs: Inputs,
  plan: Pick<RevisionPlan, 'register' | 'existingArn'>,
  ctx: CommandContext,
): Promise<string> {
  if (plan.existingArn) {
    ctx.log(`Deploying the registered task definition ${plan.existingArn} (no new revision)`);
    return plan.existingArn;
  }
  const td = plan.register!;
  const tags = [
    ...(td.tags ?? []).filter((t) => !inputs.tags.some((i) => i.key === t.key)),
    ...inputs.tags,
  ];
  const out = await ctx.clients.ecs.send(
    new RegisterTaskDefinitionCommand({ ...td, ...(tags.length ? { tags } : {}) }),
  );
  const arn = out.taskDefinition?.taskDefinitionArn;
  if (!arn)
    throw new ActionError(`RegisterTaskDefinition for family "${td.family}" returned no ARN.`);
  ctx.log(`Registered ${arn}`);
  return arn;
}
