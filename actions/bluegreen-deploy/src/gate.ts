import type { FollowRequest } from '../../../lib/deploy/follow.js';
import { runReadyGate } from '../../../lib/gate/ready-gate.js';
import type { CommandContext } from './context.js';
import { hasGate, type Inputs } from './inputs.js';

/**
 * The gate the watch runs while the deployment is held at test traffic (CodeDeploy's Ready wait,
 * a native PAUSE hook), against `testUrl`, within the budget the watch gives it; none when the
 * inputs ask for no checks and no test command.
 */
export function gateOf(
  inputs: Inputs,
  ctx: Pick<CommandContext, 'clock' | 'signal' | 'log' | 'env'>,
  testUrl: string | undefined,
): FollowRequest['gate'] {
  if (!hasGate(inputs)) return undefined;
  return (budgetMs) =>
    runReadyGate(
      {
        testUrl,
        checks: inputs.testChecks,
        windowMs: inputs.testWindowMs,
        command: inputs.testCommand,
        header: inputs.testHeader,
      },
      { clock: ctx.clock, signal: ctx.signal, log: ctx.log, env: ctx.env },
      budgetMs,
    );
}
