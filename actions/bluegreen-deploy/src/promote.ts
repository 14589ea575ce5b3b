import { findActiveDeployment, getDeployment } from '../../../lib/codedeploy/active-deployment.js';
import { codeDeploySnapshot } from '../../../lib/codedeploy/snapshot.js';
import { stateLine } from '../../../lib/codedeploy/progress.js';
import { continueDeployment, type WaitType } from '../../../lib/codedeploy/stop-deployment.js';
import { readTarget } from '../../../lib/codedeploy/codedeploy-engine.js';
import type { DeploymentInfo } from '@aws-sdk/client-codedeploy';
import { followDeployment } from '../../../lib/deploy/follow.js';
import { ActionError } from '../../../lib/errors/action-error.js';
import { codeDeployEngine, followDeps, groupRef, type CommandContext } from './context.js';
import type { Inputs } from './inputs.js';
import { nativeServiceForCommand } from './engine-choice.js';
import { promoteNative } from './native-promote.js';
import type { CommandResult } from './result.js';

/**
 * ContinueDeployment for the given deployment or the group's active one: READY_WAIT when it
 * waits in Ready, TERMINATION_WAIT when traffic has shifted and the original task set waits to
 * be terminated. Then follow it like a deploy does.
 */
export async function promote(inputs: Inputs, ctx: CommandContext): Promise<CommandResult> {
  const native = await nativeServiceForCommand(inputs, ctx);
  if (native) return promoteNative(inputs, ctx, native);
  const info = await targetDeployment(inputs, ctx);
  const id = info.deploymentId!;
  ctx.rememberDeployment(id);
  const { target } = await readTarget(ctx.clients.codedeploy, id, undefined);
  const snapshot = codeDeploySnapshot(info, target);
  const waitType = waitTypeOf(snapshot.status, target?.ecsTarget?.status);
  if (!waitType) {
    throw new ActionError(
      `Deployment ${id} is ${stateLine(snapshot)}: it waits neither in Ready nor in the termination wait, so there is nothing to promote.`,
      'Promote a deployment while it is Ready (deployment group with actionOnTimeout STOP_DEPLOYMENT), or after traffic shifted to terminate the original task set early.',
    );
  }
  await continueDeployment(ctx.clients.codedeploy, id, waitType);
  ctx.log(`ContinueDeployment(${waitType}) sent for ${id}`);
  const adapter = codeDeployEngine(inputs, ctx);
  const followed = await followDeployment(followDeps(ctx, adapter), {
    deploymentId: id,
    waitUntil:
      waitType === 'TERMINATION_WAIT'
        ? 'complete'
        : inputs.waitUntil === 'ready'
          ? 'traffic-shifted'
          : inputs.waitUntil,
    timeoutMs: inputs.timeoutMs,
    rollbackExpected: info.autoRollbackConfiguration?.enabled ?? false,
    autoContinue: true,
  });
  return {
    command: 'promote',
    deploymentId: id,
    status: followed.status,
    followed,
    consoleUrl: adapter.consoleUrl(id),
    ok: followed.ok,
  };
}

export function waitTypeOf(status: string, targetStatus: string | undefined): WaitType | undefined {
  if (status === 'Ready') return 'READY_WAIT';
  if (status === 'InProgress' && targetStatus === 'Succeeded') return 'TERMINATION_WAIT';
  return undefined;
}

/** The deployment named by `deployment-id`, else the group's active one. */
export async function targetDeployment(
  inputs: Inputs,
  ctx: CommandContext,
): Promise<DeploymentInfo> {
  if (inputs.deploymentId) return getDeployment(ctx.clients.codedeploy, inputs.deploymentId);
  const ref = groupRef(inputs);
  const active = await findActiveDeployment(ctx.clients.codedeploy, ref);
  if (!active) {
    throw new ActionError(
      `Deployment group "${ref.deploymentGroupName}" has no active deployment to ${inputs.command}.`,
      'Pass `deployment-id`, or run command deploy first.',
    );
  }
  return active;
}
