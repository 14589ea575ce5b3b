import type { Service } from '@aws-sdk/client-ecs';
import type { EngineChoice } from '../../../lib/deploy/engine.js';
import { followDeployment } from '../../../lib/deploy/follow.js';
import { stateLine } from '../../../lib/deploy/progress.js';
import { ActionError } from '../../../lib/errors/action-error.js';
import type { CommandContext } from './context.js';
import type { Inputs } from './inputs.js';
import { nativeCommand, targetServiceDeployment } from './native-command.js';
import type { CommandResult } from './result.js';

/**
 * Promote on an ECS-native service: ContinueServiceDeployment CONTINUE on the PAUSE hook that
 * holds the deployment (`deployment-id`, else the one in progress), then follow it like a deploy
 * to `wait-until` (`ready` means on to traffic-shifted: the hold is what was just let go).
 */
export async function promoteNative(
  inputs: Inputs,
  ctx: CommandContext,
  native: { service: Service; choice: EngineChoice },
): Promise<CommandResult> {
  const { adapter, follow, deps } = nativeCommand(inputs, ctx, native);
  const started = ctx.clock.now();
  const arn = await targetServiceDeployment(inputs, deps);
  if (!arn)
    throw new ActionError(
      `Service "${inputs.service}" has no service deployment in progress, so there is nothing to promote;`,
      'deploy with wait-until: ready first (the service needs a PAUSE hook at POST_TEST_TRAFFIC_SHIFT), or run command status.',
    );
  const held = await adapter.read(arn);
  if (!held.hold)
    throw new ActionError(
      `Service deployment ${arn} is ${stateLine(held)}: no PAUSE hook awaits action, so there is nothing to promote;`,
      'promote while a PAUSE lifecycle hook holds the deployment (deploy with wait-until: ready), or run command status.',
    );
  ctx.rememberDeployment(arn);
  ctx.log(`Promoting ${arn}: ${await adapter.continue(held, held.hold.id)}`);
  const followed = await followDeployment(follow, {
    deploymentId: arn,
    waitUntil: inputs.waitUntil === 'ready' ? 'traffic-shifted' : inputs.waitUntil,
    timeoutMs: Math.max(1000, inputs.timeoutMs - (ctx.clock.now() - started)),
    rollbackExpected: true,
    autoContinue: false,
  });
  return {
    command: 'promote',
    engine: 'native',
    deploymentId: arn,
    status: followed.status,
    followed,
    consoleUrl: adapter.consoleUrl(arn),
    ok: followed.ok,
  };
}
