import { findActiveDeployment } from '../../../lib/codedeploy/active-deployment.js';
import { createDeployment, deploymentRequest } from '../../../lib/codedeploy/create-deployment.js';
import { resolveDeploymentGroup } from '../../../lib/codedeploy/deployment-group.js';
import { deploymentDescription } from '../../../lib/codedeploy/description.js';
import {
  previousRevision,
  taskDefinitionInContent,
} from '../../../lib/codedeploy/previous-revision.js';
import { followDeployment } from '../../../lib/deploy/follow.js';
import { codeDeployEngine, followDeps, groupRef, type CommandContext } from './context.js';
import type { Inputs } from './inputs.js';
import { nativeServiceForCommand } from './engine-choice.js';
import { rollbackNative } from './native-rollback.js';
import type { CommandResult } from './result.js';

/**
 * Stop the active deployment with rollback; with none active, redeploy the revision that was
 * live before the last successful deployment. Here a completed rollback is the success.
 */
export async function rollback(inputs: Inputs, ctx: CommandContext): Promise<CommandResult> {
  const native = await nativeServiceForCommand(inputs, ctx);
  if (native) return rollbackNative(inputs, ctx, native);
  const ref = groupRef(inputs);
  const active = inputs.deploymentId
    ? { deploymentId: inputs.deploymentId }
    : await findActiveDeployment(ctx.clients.codedeploy, ref);
  if (active?.deploymentId) {
    ctx.rememberDeployment(active.deploymentId);
    const adapter = codeDeployEngine(inputs, ctx);
    const followed = await followDeployment(followDeps(ctx, adapter), {
      deploymentId: active.deploymentId,
      waitUntil: 'complete',
      timeoutMs: inputs.timeoutMs,
      rollbackTimeoutMs: inputs.timeoutMs,
      rollbackExpected: true,
      autoContinue: true,
      stopReason: 'rollback requested',
    });
    return {
      command: 'rollback',
      deploymentId: active.deploymentId,
      status: followed.status,
      followed,
      consoleUrl: adapter.consoleUrl(active.deploymentId),
      ok: followed.rolledBack,
    };
  }

  const group = await resolveDeploymentGroup(ctx.clients.codedeploy, ref);
  const previous = await previousRevision(ctx.clients.codedeploy, ref, group);
  const content = previous.revision.appSpecContent?.content ?? previous.revision.string?.content;
  const taskDefinitionArn = taskDefinitionInContent(content);
  ctx.log(
    `No active deployment; redeploying the revision live before ${previous.replacing}${taskDefinitionArn ? ` (${taskDefinitionArn})` : ''}`,
  );
  const deploymentId = await createDeployment(
    { codedeploy: ctx.clients.codedeploy, clock: ctx.clock, log: ctx.log, signal: ctx.signal },
    deploymentRequest({
      group: ref,
      revision: previous.revision,
      description: deploymentDescription(
        inputs.description ?? `Rollback of ${previous.replacing}`,
        ctx.run,
      ),
      deploymentConfig: inputs.deploymentConfig,
      autoRollback: inputs.autoRollback,
    }),
    inputs.onConflict,
    inputs.timeoutMs,
  );
  ctx.rememberDeployment(deploymentId);
  ctx.log(`Created deployment ${deploymentId}`);
  const adapter = codeDeployEngine(inputs, ctx);
  const followed = await followDeployment(followDeps(ctx, adapter), {
    deploymentId,
    waitUntil: inputs.waitUntil,
    timeoutMs: inputs.timeoutMs,
    rollbackExpected: inputs.autoRollback,
    autoContinue: true,
  });
  return {
    command: 'rollback',
    deploymentId,
    taskDefinitionArn,
    status: followed.status,
    followed,
    consoleUrl: adapter.consoleUrl(deploymentId),
    ok: followed.ok,
  };
}
