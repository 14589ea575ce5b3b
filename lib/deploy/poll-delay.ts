import type { EngineSnapshot } from './snapshot.js';

export interface PollPace {
  /** Time since the snapshot last changed in any visible way. */
  sinceChangeMs: number;
  /** Consecutive polls that failed with throttling or transient errors after the SDK's own retries. */
  failedPollsInARow: number;
  /** Time left before the deadline that matters now (timeout or rollback budget). */
  remainingMs: number;
  /**
   * The watch acted (continued a hold, asked for a stop) and waits for the engine to act on it:
   * the change can come any moment, whatever timers the snapshot still shows.
   */
  actedOn?: boolean;
}

/** Right after a known timer ends: the engine acts on it within seconds (its own poll). */
export const DUE_POLL_MS = 1000;
/** … for this long after the timer's end (or its latest end); then the change is late, not due. */
export const DUE_WINDOW_MS = 6000;
/**
 * Traffic shifting on an engine whose step timers the action cannot always know (`clockHidden`:
 * CodeDeploy with a custom configuration) is paced by movement: every second while it changed in
 * the last 10 s, so each step it passes through is seen and shown. Other phases are not: their
 * changes (task counts, hooks) cannot end the deployment.
 */
export const MOVING_WINDOW_MS = 10_000;
export const MOVING_POLL_MS = 1000;
/**
 * Waiting on something with no clock (health checks, deregistration) when the next change may end
 * the deployment: at first this often …
 */
export const WATCH_MIN_MS = 2000;
/** … then this fraction of the quiet time, so a long wait costs few calls and a short one little lag. */
const WATCH_FRACTION = 1 / 8;
/** The same when the next change cannot end it (a blue/green scale-up): its timing matters less. */
export const SPARSE_MIN_MS = 5000;
const SPARSE_FRACTION = 1 / 3;
const IDLE_CEILING_MS = 15_000;
/** While a known timer holds the deployment only an alarm or the circuit breaker can move it: check this often. */
const TIMER_CEILING_MS = 30_000;
const THROTTLED_CEILING_MS = 30_000;
const MIN_DELAY_MS = 250;
/** Poll this long after a timer's end, not on it: the engine needs a moment to act. */
const AFTER_DUE_MS = 250;

/**
 * When to poll next. Three regimes, by what the engine's own clock says (`changeDueAt` and the
 * timers: bake, canary or linear interval, termination wait, a pause's expiry):
 * - a timer ended a moment ago and nothing changed since: every second for 6 s, so the change it
 *   brings (often the end of the deployment) is seen when it happens;
 * - a timer runs: nothing changes before it ends but a failure, so sleep until just after its
 *   end, checking every 30 s meanwhile;
 * - no timer: while traffic shifts on an engine whose clock is hidden (CodeDeploy), every second
 *   while it changed in the last 10 s; then, when the next change may end the deployment
 *   (clean-up's deregistration, a rolling update's health checks, a rollback), every 2 s at
 *   first, then an eighth of the quiet time, up to 15 s; when it cannot (a blue/green scale-up),
 *   every 5 s, then a third of the quiet time.
 *   Failures end at unpredictable times and are caught by this pace, not sooner. After the watch
 *   itself acted (continued a hold, asked for a stop) the first pace holds whatever the timers say.
 * Failed polls double the delay up to 30 s; never past the deadline, so a timeout is acted on
 * when it falls.
 */
export function pollDelay(s: EngineSnapshot, nowMs: number, pace: PollPace): number {
  const ends = pace.actedOn ? [] : changeTimes(s);
  const ahead = ends.filter((t) => t > nowMs);
  let delay: number;
  if (!pace.actedOn && dueNow(s, nowMs, pace.sinceChangeMs)) delay = DUE_POLL_MS;
  else if (ahead.length)
    delay = Math.min(TIMER_CEILING_MS, Math.min(...ahead) - nowMs + AFTER_DUE_MS);
  else if (s.clockHidden && s.phase === 'shifting' && pace.sinceChangeMs < MOVING_WINDOW_MS)
    delay = MOVING_POLL_MS;
  else if (pace.actedOn || endMayComeNext(s))
    delay = Math.min(IDLE_CEILING_MS, Math.max(WATCH_MIN_MS, pace.sinceChangeMs * WATCH_FRACTION));
  else
    delay = Math.min(
      IDLE_CEILING_MS,
      Math.max(SPARSE_MIN_MS, pace.sinceChangeMs * SPARSE_FRACTION),
    );
  if (pace.failedPollsInARow > 0) {
    const backoff = Math.min(THROTTLED_CEILING_MS, 2000 * 2 ** (pace.failedPollsInARow - 1));
    delay = Math.max(delay, backoff);
  }
  return Math.round(Math.max(MIN_DELAY_MS, Math.min(delay, pace.remainingMs)));
}

/**
 * The next change may end the deployment: clean-up, a bake with no known end, a stop or rollback
 * under way, or a rollout with no traffic weights (rolling: it is done when its tasks are).
 */
export function endMayComeNext(s: EngineSnapshot): boolean {
  if (['cleaning-up', 'baking', 'stopping', 'rolling-back'].includes(s.phase)) return true;
  const weighted = s.revisions.some((r) => r.productionPercent !== undefined);
  return !weighted && (s.phase === 'created' || s.phase === 'scaling');
}

/**
 * A timer ended a moment ago (within 6 s of its end, or of the latest it can end when its start
 * was seen only between two reads) and nothing changed since it ended: its change is due.
 */
function dueNow(s: EngineSnapshot, nowMs: number, sinceChangeMs: number): boolean {
  const windows = s.timers.map((t) => ({
    from: t.endsAt.getTime(),
    until: (t.endsBy ?? t.endsAt).getTime() + DUE_WINDOW_MS,
  }));
  if (s.changeDueAt !== undefined)
    windows.push({ from: s.changeDueAt, until: s.changeDueAt + DUE_WINDOW_MS });
  return windows.some((w) => w.from <= nowMs && nowMs < w.until && sinceChangeMs > nowMs - w.from);
}

/** When the engine's own clock may change the deployment: what the adapter says, and every timer's end. */
function changeTimes(s: EngineSnapshot): number[] {
  const ends = s.timers.map((t) => t.endsAt.getTime());
  return s.changeDueAt === undefined ? ends : [s.changeDueAt, ...ends];
}

/** The earliest timer still running at `nowMs`, as epoch ms. */
export function nextDue(s: EngineSnapshot, nowMs: number): number | undefined {
  const ahead = changeTimes(s).filter((t) => t > nowMs);
  return ahead.length ? Math.min(...ahead) : undefined;
}
