import type { Service } from '@aws-sdk/client-ecs';
import type { EngineChoice } from '../../../lib/deploy/engine.js';
import { followDeployment } from '../../../lib/deploy/follow.js';
import { isTerminalPhase } from '../../../lib/deploy/snapshot.js';
import { startServiceDeployment } from '../../../lib/ecs-deployments/native-engine.js';
import { previousRevision } from '../../../lib/ecs-deployments/previous-revision.js';
import { ActionError } from '../../../lib/errors/action-error.js';
import type { CommandContext } from './context.js';
import type { Inputs } from './inputs.js';
import { nativeCommand, targetServiceDeployment, type NativeCommand } from './native-command.js';
import type { CommandResult } from './result.js';

/**
 * Rollback on an ECS-native service: a deployment in progress (or `deployment-id`) is stopped
 * with rollback (the held hook's ROLLBACK, else StopServiceDeployment ROLLBACK) and followed to
 * its end, where a completed rollback is the success. With nothing in progress, the revision live
 * before the latest successful deployment is deployed again with UpdateService and followed.
 */
export async function rollbackNative(
  inputs: Inputs,
  ctx: CommandContext,
  native: { service: Service; choice: EngineChoice },
): Promise<CommandResult> {
  const command = nativeCommand(inputs, ctx, native);
  const arn = await targetServiceDeployment(inputs, command.deps);
  if (arn) return stopWithRollback(inputs, ctx, command, arn);
  return redeployPrevious(inputs, ctx, command);
}

async function stopWithRollback(
  inputs: Inputs,
  ctx: CommandContext,
  { adapter, follow }: NativeCommand,
  arn: string,
): Promise<CommandResult> {
  const first = await adapter.read(arn);
  if (isTerminalPhase(first.phase))
    throw new ActionError(
      `Service deployment ${arn} has already ended (${first.status}), so there is nothing to stop;`,
      'run rollback without deployment-id to deploy the previous revision again.',
    );
  ctx.rememberDeployment(arn);
  // One already rolling back is followed, not stopped again.
  const rollingBack = first.phase === 'rolling-back' || first.phase === 'stopping';
  const followed = await followDeployment(follow, {
    deploymentId: arn,
    waitUntil: 'complete',
    timeoutMs: inputs.timeoutMs,
    rollbackTimeoutMs: inputs.timeoutMs,
    rollbackExpected: true,
    autoContinue: false,
    ...(rollingBack ? {} : { stopReason: 'rollback requested' }),
  });
  return {
    command: 'rollback',
    engine: 'native',
    deploymentId: arn,
    status: followed.status,
    followed,
    consoleUrl: adapter.consoleUrl(arn),
    ok: followed.rolledBack,
  };
}

async function redeployPrevious(
  inputs: Inputs,
  ctx: CommandContext,
  { adapter, follow, deps, service }: NativeCommand,
): Promise<CommandResult> {
  const started = ctx.clock.now();
  const previous = await previousRevision(deps, service.taskDefinition);
  if (!previous)
    throw new ActionError(
      `Service "${inputs.service}" has no deployment in progress and no earlier successful deployment whose revision it could return to;`,
      'deploy the task definition you want with command deploy.',
    );
  ctx.log(
    `No deployment in progress; deploying ${previous.taskDefinition} again, the revision live before ${previous.replacedBy}`,
  );
  const arn = await startServiceDeployment(
    deps,
    previous.taskDefinition,
    service.currentServiceDeployment,
  );
  ctx.rememberDeployment(arn);
  ctx.log(`Started service deployment ${arn} (rollback to ${previous.taskDefinition})`);
  const followed = await followDeployment(follow, {
    deploymentId: arn,
    waitUntil: inputs.waitUntil,
    timeoutMs: Math.max(1000, inputs.timeoutMs - (ctx.clock.now() - started)),
    rollbackExpected: true,
    // Asking for the rollback is the decision: a PAUSE hook on the way is continued, as
    // CodeDeploy's rollback redeploy continues its Ready wait.
    autoContinue: true,
  });
  return {
    command: 'rollback',
    engine: 'native',
    deploymentId: arn,
    taskDefinitionArn: previous.taskDefinition,
    previousTaskDefinitionArn: service.taskDefinition,
    status: followed.status,
    followed,
    consoleUrl: adapter.consoleUrl(arn),
    ok: followed.ok,
  };
}
