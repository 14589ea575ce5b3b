/**
 * What a one-off task's end means for a release: pure, from the task DescribeTasks last showed.
 * Only exit code 0 of the container that ran the command is a success; a task stopped before
 * its container exited (never started, stopped by a user or the timeout) is a failure.
 */
import type { Task } from '@aws-sdk/client-ecs';

/** How the wait ended: the task stopped by itself, or the action stopped it. */
export type WaitEnd = 'stopped' | 'timeout' | 'cancelled';

export interface OneOffOutcome {
  ok: boolean;
  exitCode?: number;
  /** One line: what happened, for the log and the error. */
  reason: string;
}

export function oneOffOutcome(
  task: Task | undefined,
  container: string,
  end: WaitEnd,
  timeoutMs: number,
): OneOffOutcome {
  const exitCode = task?.containers?.find((c) => c.name === container)?.exitCode;
  const code = exitCode === undefined ? '' : ` (exit code ${exitCode})`;
  if (end === 'timeout')
    return {
      ok: false,
      ...(exitCode !== undefined ? { exitCode } : {}),
      reason: `did not finish within ${Math.round(timeoutMs / 1000)}s and was stopped${code}`,
    };
  if (end === 'cancelled')
    return {
      ok: false,
      ...(exitCode !== undefined ? { exitCode } : {}),
      reason: `the run was cancelled; the task was stopped${code}`,
    };
  if (exitCode === 0) return { ok: true, exitCode, reason: 'exited with code 0' };
  if (exitCode !== undefined)
    return { ok: false, exitCode, reason: `exited with code ${exitCode}` };
  const why = [task?.stopCode, task?.stoppedReason].filter(Boolean).join(': ');
  const containerReason = task?.containers?.find((c) => c.name === container)?.reason;
  return {
    ok: false,
    reason: `stopped before container "${container}" exited: ${why || 'no reason given'}${containerReason ? ` (${containerReason})` : ''}`,
  };
}
