import type { Service } from '@aws-sdk/client-ecs';
import { engineInputProblems } from '../../../lib/deploy/engine-inputs.js';
import { followDeployment } from '../../../lib/deploy/follow.js';
import { progressLines, stateLine } from '../../../lib/deploy/progress.js';
import { RollingEngine } from '../../../lib/ecs-deployments/rolling-engine.js';
import { ActionError, ActionErrors } from '../../../lib/errors/action-error.js';
import type { CommandContext } from './context.js';
import { ecsServiceOf } from './engine-choice.js';
import type { Inputs } from './inputs.js';
import { ecsEngineDeps } from './native-deploy.js';
import type { CommandResult } from './result.js';

const ROLLING = { engine: 'rolling' } as const;

/**
 * promote, rollback and status on a rolling service (controller ECS, strategy ROLLING);
 * undefined when the service deploys another way. promote is refused by engineInputProblems: a
 * rolling update never holds for a decision.
 */
export async function runRollingCommand(
  inputs: Inputs,
  ctx: CommandContext,
): Promise<CommandResult | undefined> {
  const ecs = await ecsServiceOf(inputs, ctx);
  if (ecs?.choice.engine !== 'rolling') return undefined;
  const problems = engineInputProblems(inputs.given ?? {}, ROLLING, inputs.service);
  if (problems.length) throw new ActionErrors(problems);
  return inputs.command === 'rollback'
    ? rollingRollback(inputs, ctx, ecs.service)
    : rollingStatus(inputs, ctx, ecs.service);
}

/** The service's current rollout (or its service deployment) in the common words. Changes nothing. */
async function rollingStatus(
  inputs: Inputs,
  ctx: CommandContext,
  service: Service,
): Promise<CommandResult> {
  const primary = primaryRollout(inputs, service);
  const id = service.currentServiceDeployment ?? primary.id!;
  const adapter = new RollingEngine(ecsEngineDeps(inputs, ctx), {
    deploymentId: id,
    rolloutId: primary.id,
    taskDefinition: primary.taskDefinition,
  });
  const snapshot = await adapter.read(id);
  for (const line of progressLines(undefined, snapshot, ctx.clock.now())) ctx.log(line);
  const line = stateLine(snapshot);
  ctx.log(`State: ${line}`);
  return {
    command: 'status',
    engine: 'rolling',
    deploymentId: id,
    taskDefinitionArn: primary.taskDefinition,
    status: snapshot.status,
    consoleUrl: adapter.consoleUrl(id),
    message: line,
    ok: true,
  };
}

/**
 * Stops the rolling update in progress with rollback: StopServiceDeployment ROLLBACK when ECS
 * names a service deployment, else UpdateService back to the task definition the update is
 * replacing; then follows it until the service runs that revision again (the success here).
 * With nothing in progress there is no earlier revision in the service to return to.
 */
async function rollingRollback(
  inputs: Inputs,
  ctx: CommandContext,
  service: Service,
): Promise<CommandResult> {
  const primary = primaryRollout(inputs, service);
  const replaced = (service.deployments ?? [])
    .filter((d) => d.status === 'ACTIVE')
    .sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0))[0];
  if (primary.rolloutState !== 'IN_PROGRESS' || !replaced)
    throw new ActionError(
      `Service "${inputs.service}" has no rolling update in progress to roll back: it runs ${primary.taskDefinition} (${primary.id}, ${primary.rolloutState});`,
      'to return to an earlier revision, run command deploy with task-definition set to its ARN.',
    );
  const id = service.currentServiceDeployment ?? primary.id!;
  ctx.rememberDeployment(id);
  const adapter = new RollingEngine(
    ecsEngineDeps(inputs, ctx),
    { deploymentId: id, rolloutId: primary.id, taskDefinition: primary.taskDefinition },
    replaced.taskDefinition,
  );
  const followed = await followDeployment(
    { adapter, clock: ctx.clock, log: ctx.log, debug: ctx.debug, signal: ctx.signal },
    {
      deploymentId: id,
      waitUntil: 'complete',
      timeoutMs: inputs.timeoutMs,
      rollbackTimeoutMs: inputs.timeoutMs,
      rollbackExpected: true,
      autoContinue: false,
      stopReason: 'rollback requested',
    },
  );
  return {
    command: 'rollback',
    engine: 'rolling',
    deploymentId: id,
    taskDefinitionArn: replaced.taskDefinition,
    previousTaskDefinitionArn: primary.taskDefinition,
    status: followed.status,
    followed,
    consoleUrl: adapter.consoleUrl(id),
    ok: followed.rolledBack,
  };
}

function primaryRollout(inputs: Pick<Inputs, 'service'>, service: Service) {
  const primary = service.deployments?.find((d) => d.status === 'PRIMARY');
  if (!primary?.id)
    throw new ActionError(
      `Service "${inputs.service}" has no PRIMARY rollout in DescribeServices;`,
      'run command deploy first.',
    );
  return primary;
}
