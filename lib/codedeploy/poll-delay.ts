export interface PollDelayInput {
  /** Time since the deployment last changed in any visible way. */
  sinceChangeMs: number;
  /** Consecutive polls that failed with throttling or transient errors after the SDK's own retries. */
  failedPollsInARow: number;
  /** Time left before the deadline that matters now (timeout or rollback budget). */
  remainingMs: number;
  /** Longest delay while idle. */
  idleCeilingMs: number;
}

export const FAST_POLL_MS = 1000;
const MOVING_WINDOW_MS = 10_000;
const THROTTLED_CEILING_MS = 30_000;
const MIN_DELAY_MS = 250;

/**
 * Adaptive polling: every second while the deployment moved in the last 10 s, then a tenth of
 * the quiet time (2 s after 20 s, 6 s after a minute) up to the idle ceiling. Failed polls
 * (throttling, 5xx) double the delay each time up to 30 s, so a throttled account is not made
 * worse. Never sleep past the deadline, so a timeout is acted on when it happens.
 */
export function pollDelay(input: PollDelayInput): number {
  let delay =
    input.sinceChangeMs < MOVING_WINDOW_MS
      ? FAST_POLL_MS
      : Math.min(input.idleCeilingMs, Math.max(2 * FAST_POLL_MS, input.sinceChangeMs / 10));
  if (input.failedPollsInARow > 0) {
    const backoff = Math.min(THROTTLED_CEILING_MS, 2000 * 2 ** (input.failedPollsInARow - 1));
    delay = Math.max(delay, backoff);
  }
  return Math.round(Math.max(MIN_DELAY_MS, Math.min(delay, input.remainingMs)));
}
