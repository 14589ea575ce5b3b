import type { Step } from './next-step.js';
import type { EngineSnapshot, Outcome } from './snapshot.js';

/**
 * The `outcome` output when the watch ends: `succeeded` only when the deployment itself
 * succeeded, `ready` when it ended held for promotion, `in-progress` when the step ended earlier
 * on purpose (wait-until: created or traffic-shifted); `rolled-back` or `failed` otherwise.
 */
export function finalOutcome(
  end: Extract<Step, { kind: 'succeed' | 'fail' }>,
  last: EngineSnapshot,
): Outcome {
  if (end.kind === 'fail') return end.rolledBack ? 'rolled-back' : 'failed';
  if (last.phase === 'succeeded') return 'succeeded';
  if (last.phase === 'held') return 'ready';
  return 'in-progress';
}
