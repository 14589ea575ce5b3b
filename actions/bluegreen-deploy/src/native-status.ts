import type { Service } from '@aws-sdk/client-ecs';
import type { EngineChoice } from '../../../lib/deploy/engine.js';
import type { FollowOutcome } from '../../../lib/deploy/follow.js';
import { progressLines, stateLine } from '../../../lib/deploy/progress.js';
import { outcomeOf, type EngineSnapshot } from '../../../lib/deploy/snapshot.js';
import type { CommandContext } from './context.js';
import type { Inputs } from './inputs.js';
import { nativeCommand, targetServiceDeployment } from './native-command.js';
import type { CommandResult } from './result.js';

/**
 * Status on an ECS-native service: DescribeServiceDeployments of `deployment-id`, else the one in
 * progress, else the latest. Changes nothing; `status` is ECS's word, `outcome` the shared one.
 */
export async function statusNative(
  inputs: Inputs,
  ctx: CommandContext,
  native: { service: Service; choice: EngineChoice },
): Promise<CommandResult> {
  const { adapter, deps } = nativeCommand(inputs, ctx, native);
  const arn = (await targetServiceDeployment(inputs, deps, { latest: true }))!;
  const snapshot = await adapter.read(arn);
  for (const line of progressLines(undefined, snapshot, ctx.clock.now())) ctx.log(line);
  const line = stateLine(snapshot);
  ctx.log(`State: ${line}`);
  return {
    command: 'status',
    engine: 'native',
    deploymentId: arn,
    status: snapshot.status,
    message: line,
    followed: observed(snapshot, line),
    consoleUrl: adapter.consoleUrl(arn),
    ok: true,
  };
}

/** One read reported as the shared watch reports its end, so outputs and summary read the same. */
export function observed(snapshot: EngineSnapshot, line: string): FollowOutcome {
  return {
    ok: true,
    reason: line,
    outcome: outcomeOf(snapshot.phase),
    deploymentId: snapshot.deploymentId,
    status: snapshot.status,
    rolledBack: snapshot.phase === 'rolled-back',
    last: snapshot,
    timeline: [],
    evidence: [],
    elapsedMs: 0,
  };
}
