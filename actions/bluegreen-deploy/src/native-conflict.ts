import type { ServiceDeploymentBrief } from '@aws-sdk/client-ecs';
import { followDeployment, type FollowDeps } from '../../../lib/deploy/follow.js';
import { isTerminalPhase } from '../../../lib/deploy/snapshot.js';
import { activeServiceDeployment } from '../../../lib/ecs-deployments/find-deployment.js';
import { NativeEngine, type EcsEngineDeps } from '../../../lib/ecs-deployments/native-engine.js';
import { ActionError } from '../../../lib/errors/action-error.js';
import type { CommandContext } from './context.js';
import type { Inputs } from './inputs.js';

/** How often on-conflict: wait looks whether the running deployment has ended. */
export const CONFLICT_POLL_MS = 5000;

/**
 * on-conflict on an ECS-native service, before anything is registered: `wait` waits for the
 * deployment in progress to end, `replace` stops it with rollback and waits for the rollback.
 * Both within `deadlineMs` (the deploy's timeout) and stop waiting when the run is cancelled.
 * (`fail` is decided with the other checks, in the preflight.)
 */
export async function settleNativeConflict(
  inputs: Pick<Inputs, 'onConflict' | 'service'>,
  ctx: Pick<CommandContext, 'clock' | 'log' | 'debug' | 'signal'>,
  deps: EcsEngineDeps,
  deadlineMs: number,
): Promise<void> {
  if (inputs.onConflict === 'fail') return;
  let replaced: string | undefined;
  let waitingFor: string | undefined;
  for (;;) {
    const active = await activeServiceDeployment(deps);
    if (!active?.serviceDeploymentArn) return;
    const arn = active.serviceDeploymentArn;
    if (ctx.signal.aborted)
      throw new ActionError(
        `The workflow run was cancelled while service deployment ${arn} (${active.status}) was in progress; nothing was registered or deployed.`,
      );
    if (ctx.clock.now() >= deadlineMs) throw stillRunning(inputs, active);
    if (inputs.onConflict === 'replace' && arn !== replaced) {
      replaced = arn;
      await replace(ctx, deps, arn, deadlineMs);
      continue;
    }
    if (arn !== waitingFor) {
      waitingFor = arn;
      ctx.log(
        `Service deployment ${arn} is in progress (${active.status}); waiting for it to end (on-conflict: ${inputs.onConflict})`,
      );
    }
    await ctx.clock.sleep(Math.min(CONFLICT_POLL_MS, deadlineMs - ctx.clock.now()), ctx.signal);
  }
}

/** Stop with rollback, followed until the rollback ends (or the deployment ended otherwise). */
async function replace(
  ctx: Pick<CommandContext, 'clock' | 'log' | 'debug' | 'signal'>,
  deps: EcsEngineDeps,
  arn: string,
  deadlineMs: number,
): Promise<void> {
  ctx.log(`on-conflict: replace: stopping service deployment ${arn} with rollback`);
  const budgetMs = Math.max(1000, deadlineMs - ctx.clock.now());
  const follow: FollowDeps = {
    adapter: new NativeEngine(deps),
    clock: ctx.clock,
    log: (line) => ctx.log(`  [replaced] ${line}`),
    debug: ctx.debug,
    signal: ctx.signal,
  };
  const followed = await followDeployment(follow, {
    deploymentId: arn,
    waitUntil: 'complete',
    timeoutMs: budgetMs,
    rollbackTimeoutMs: budgetMs,
    rollbackExpected: true,
    autoContinue: false,
    stopReason: 'on-conflict: replace',
  });
  if (!isTerminalPhase(followed.last.phase))
    throw new ActionError(
      `on-conflict: replace could not end service deployment ${arn}: ${followed.reason}; nothing was registered or deployed.`,
    );
  ctx.log(`Replaced ${arn}: it ended ${followed.status}`);
}

function stillRunning(
  inputs: Pick<Inputs, 'onConflict' | 'service'>,
  active: ServiceDeploymentBrief,
): ActionError {
  return new ActionError(
    `Service "${inputs.service}" still had service deployment ${active.serviceDeploymentArn} in progress (${active.status}) when the timeout ran out (on-conflict: ${inputs.onConflict}); nothing was registered or deployed;`,
    inputs.onConflict === 'wait'
      ? 'raise timeout, or use on-conflict: replace to stop it with rollback.'
      : 'stop it in the ECS console, then run the deploy again.',
  );
}
