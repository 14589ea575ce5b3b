import type { EngineSnapshot } from './snapshot.js';

export interface PollPace {
  /** Time since the snapshot last changed in any visible way. */
  sinceChangeMs: number;
  /** Consecutive polls that failed with throttling or transient errors after the SDK's own retries. */
  failedPollsInARow: number;
  /** Time left before the deadline that matters now (timeout or rollback budget). */
  remainingMs: number;
}

export const FAST_POLL_MS = 1000;
const MOVING_WINDOW_MS = 10_000;
/** With a timer running, follow-on changes (a hook, the next stage) come within seconds or not at all. */
const TIMER_MOVING_WINDOW_MS = 3000;
const IDLE_CEILING_MS = 15_000;
/** While a known timer (bake, step bake, a pause) holds the deployment: only alarms can move it. */
const TIMER_CEILING_MS = 30_000;
const THROTTLED_CEILING_MS = 30_000;
const MIN_DELAY_MS = 250;
/** Poll this long after a timer ends: the engine needs a moment to act on it. */
const AFTER_DUE_MS = 1000;

/**
 * When to poll next. Every second while the deployment moved in the last 10 s (3 s when a timer
 * runs). Then, while a known timer holds it (bake time, a canary or linear step's bake, a pause hook's expiry), every
 * 30 s (only an alarm or the circuit breaker can move it meanwhile) and a second after the timer
 * ends, so the change it brings is seen when it happens; with no timer, a tenth of the quiet time
 * up to 15 s. Failed polls double the delay up to 30 s; never past the deadline, so a timeout is
 * acted on when it falls.
 */
export function pollDelay(s: EngineSnapshot, nowMs: number, pace: PollPace): number {
  const due = nextDue(s, nowMs);
  let delay: number;
  const window = due === undefined ? MOVING_WINDOW_MS : TIMER_MOVING_WINDOW_MS;
  if (pace.sinceChangeMs < window) delay = FAST_POLL_MS;
  else if (due !== undefined) delay = Math.min(TIMER_CEILING_MS, due - nowMs + AFTER_DUE_MS);
  else delay = Math.min(IDLE_CEILING_MS, Math.max(2 * FAST_POLL_MS, pace.sinceChangeMs / 10));
  if (pace.failedPollsInARow > 0) {
    const backoff = Math.min(THROTTLED_CEILING_MS, 2000 * 2 ** (pace.failedPollsInARow - 1));
    delay = Math.max(delay, backoff);
  }
  return Math.round(Math.max(MIN_DELAY_MS, Math.min(delay, pace.remainingMs)));
}

/** The earliest timer still running at `nowMs`, as epoch ms. */
export function nextDue(s: EngineSnapshot, nowMs: number): number | undefined {
  const ends = s.timers.map((t) => t.endsAt.getTime()).filter((t) => t > nowMs);
  return ends.length ? Math.min(...ends) : undefined;
}
