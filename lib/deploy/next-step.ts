import { pollDelay } from './poll-delay.js';
import { shortId } from './progress.js';
import {
  failureText,
  isTerminalPhase,
  readyReached,
  trafficShifted,
  type EngineSnapshot,
} from './snapshot.js';
import { SHARED_WORDING, type EngineWording } from './wording.js';

/** How far the action follows a deployment before its step ends. */
export type WaitUntil = 'created' | 'ready' | 'traffic-shifted' | 'complete';
export const WAIT_UNTIL: readonly WaitUntil[] = ['created', 'ready', 'traffic-shifted', 'complete'];

/**
 * deploying: following our deployment. stopping: a stop with rollback was sent and we wait for
 * the engine to act on it. rolling-back: following the rollback (the same service deployment on
 * ECS, a rollback deployment of its own on CodeDeploy).
 */
export type WatchPhase = 'deploying' | 'stopping' | 'rolling-back';

/** The gate: none configured, not run yet, or its verdict (timed-out: the deploy timeout cut it short). */
export type GateState = 'none' | 'pending' | 'passed' | 'failed' | 'timed-out';

export interface WatchState {
  /** The deployment the watch started on: a rollback with an id of its own is named apart. */
  deploymentId: string;
  phase: WatchPhase;
  waitUntil: WaitUntil;
  nowMs: number;
  /** Since the watch began, against `timeoutMs`. */
  elapsedMs: number;
  timeoutMs: number;
  /** Since the current watch phase began, against `rollbackTimeoutMs` when stopping or rolling back. */
  phaseElapsedMs: number;
  rollbackTimeoutMs: number;
  /** Since the snapshot last changed: paces the polls. */
  sinceChangeMs: number;
  failedPollsInARow: number;
  /** How long the snapshot has shown a terminal phase (0 when it does not). */
  terminalForMs: number;
  gate: GateState;
  /**
   * A hold with no gate asked for is continued (CodeDeploy's Ready wait, as today) rather than
   * reported and waited on until promote, its own expiry or the timeout (ECS PAUSE hooks).
   */
  autoContinue: boolean;
  /** The hold the action already continued: it may still show for a poll or two. */
  continuedHold?: string;
  /** A failed deployment is expected to be followed by a rollback (auto-rollback on). */
  rollbackExpected: boolean;
  cancelled: boolean;
  /** Why the action asked to stop, carried into the final failure message. */
  stopReason?: string;
  /** A failure the watch cannot ride out (AWS refused a call), seen since the last step. */
  watchError?: string;
  /** The stop itself failed: the deployment may still be running. */
  stopError?: string;
  /** The engine's words for reasons; SHARED_WORDING when it brings none. */
  wording?: EngineWording;
}

export type Step =
  | { kind: 'poll'; delayMs: number }
  | { kind: 'run-gate' }
  | { kind: 'continue'; holdId: string }
  | { kind: 'stop'; reason: string }
  | { kind: 'follow-rollback'; deploymentId: string; reason: string }
  | { kind: 'succeed'; reason: string }
  | { kind: 'fail'; reason: string; rolledBack: boolean };

/** CodeDeploy links its rollback deployment a moment after the status turns Failed: wait this long for it. */
export const ROLLBACK_LINK_GRACE_MS = 15_000;

/**
 * The next thing to do, for every engine, from what the last read saw. Pure: the watch loop
 * performs the step, reads again and asks again. A rolled-back deployment is always a failure,
 * and no path ends without saying how far the rollback got.
 */
export function nextStep(w: WatchState, s: EngineSnapshot): Step {
  const words = wordsOf(w);
  if (w.stopError) {
    return fail(
      `${w.stopReason ?? 'stop requested'}; not stopped: ${words.stopOf(s.deploymentId)} failed: ${w.stopError} (${lastSeen(s, 'it was ')}stop it in the console)`,
    );
  }
  if (w.watchError) return afterWatchError(w, s);
  if (w.phase === 'rolling-back') return rollbackStep(w, s);
  if (s.phase === 'failed' || s.phase === 'rolled-back' || s.phase === 'rolling-back')
    return endedBadly(w, s);
  if (w.phase === 'stopping') return stoppingStep(w, s);
  const reached = succeeded(w, s);
  if (reached) return { kind: 'succeed', reason: reached };
  if (w.cancelled) return { kind: 'stop', reason: 'the workflow run was cancelled' };
  if (w.elapsedMs >= w.timeoutMs || w.gate === 'timed-out') {
    const during = w.gate === 'timed-out' ? ` while ${words.gate} ran` : '';
    return {
      kind: 'stop',
      reason: `timed out after ${minutes(w.timeoutMs)}${during}; last state: ${words.stateLine(s)}`,
    };
  }
  if (s.phase === 'held' && s.hold) {
    if (w.gate === 'pending') return { kind: 'run-gate' };
    if (w.gate === 'failed')
      return { kind: 'stop', reason: w.stopReason ?? `${words.gate} failed` };
    if (w.continuedHold === s.hold.id) return poll(w, s);
    if (w.gate === 'passed' || w.autoContinue) return { kind: 'continue', holdId: s.hold.id };
  }
  // Any other hold (a pause nobody asked for): reported by progress, waited on until promote,
  // its own expiry or the timeout.
  return poll(w, s);
}

function succeeded(w: WatchState, s: EngineSnapshot): string | undefined {
  if (s.phase === 'succeeded') return 'the deployment succeeded';
  switch (w.waitUntil) {
    case 'created':
      return 'the deployment was created';
    case 'ready':
      if (s.phase === 'held' && (w.gate === 'none' || w.gate === 'passed'))
        return w.gate === 'passed'
          ? `the replacement passed ${wordsOf(w).gate} and waits for promotion`
          : 'the replacement is ready and waits for promotion';
      return s.phase !== 'held' && readyReached(s) ? 'the replacement is ready' : undefined;
    case 'traffic-shifted':
      return trafficShifted(s)
        ? `production traffic is on the replacement (${wordsOf(w).afterShift})`
        : undefined;
    case 'complete':
      return undefined;
  }
}

function stoppingStep(w: WatchState, s: EngineSnapshot): Step {
  const why = w.stopReason ?? 'stop requested';
  if (s.phase === 'succeeded') {
    return fail(
      `${why}; but ${s.deploymentId} ${wordsOf(w).succeededWord} before the stop took effect: run command: rollback to redeploy the previous revision`,
    );
  }
  // The runner kills a cancelled step seconds after the signal: report the stop and leave
  // following the rollback to the post step.
  if (w.cancelled)
    return fail(
      `${why}; ${wordsOf(w).stopCall} with rollback sent, ${s.deploymentId} was ${s.status} when the step ended`,
    );
  if (w.phaseElapsedMs >= w.rollbackTimeoutMs)
    return fail(
      `${why}; deployment ${s.deploymentId} is ${s.status}; it had not ended after the stop`,
    );
  return poll(w, s);
}

/** An error ended normal watching: stop a running deployment, else say how far it got. */
function afterWatchError(w: WatchState, s: EngineSnapshot): Step {
  const error = w.watchError!;
  switch (w.phase) {
    case 'deploying':
      if (isTerminalPhase(s.phase))
        return fail(
          `${error}; not stopped because ${s.deploymentId} had already ended (${s.status})`,
        );
      return { kind: 'stop', reason: error };
    case 'stopping':
      return fail(
        `${w.stopReason ?? 'stop requested'}; ${wordsOf(w).stopCall} with rollback sent (${lastSeen(s, `${s.deploymentId} was `)}accepted), then ${error}: the rollback state is unknown`,
      );
    case 'rolling-back':
      return fail(
        `${w.stopReason ?? 'the deployment failed'}; rollback ${s.deploymentId} was ${s.status} when ${error}`,
      );
  }
}

/** Our deployment failed, is rolling back or rolled back: follow the rollback or end saying so. */
function endedBadly(w: WatchState, s: EngineSnapshot): Step {
  const reason =
    w.stopReason ??
    `deployment ${s.deploymentId} ${s.status}: ${failureText(s) ?? 'no error information'}`;
  if (s.phase === 'rolled-back') return fail(`${reason}; rolled back (${s.status})`, true);
  const follow = s.phase === 'rolling-back' ? s.deploymentId : s.evidence.rollback?.deploymentId;
  if (follow) {
    if (w.cancelled) return fail(`${reason}; rollback ${shortId(follow)} started`);
    return { kind: 'follow-rollback', deploymentId: follow, reason };
  }
  if (w.rollbackExpected && w.terminalForMs < ROLLBACK_LINK_GRACE_MS && !w.cancelled)
    return poll(w, s);
  const note = s.evidence.rollback?.message;
  return fail(`${reason}; not rolled back${note ? ` (${note})` : ''}`);
}

/** Following the rollback: a rolled-back (or, for a separate rollback deployment, succeeded) end is the expected failure. */
function rollbackStep(w: WatchState, s: EngineSnapshot): Step {
  const reason = w.stopReason ?? 'the deployment failed';
  if (s.phase === 'rolled-back' || s.phase === 'succeeded') {
    // A rollback of its own (CodeDeploy) is named; its status would only say it succeeded.
    if (s.deploymentId !== w.deploymentId)
      return fail(`${reason}; rolled back by ${s.deploymentId}`, true);
    return fail(`${reason}; rolled back (${s.status})`, true);
  }
  if (s.phase === 'failed') {
    return fail(
      `${reason}; rollback ${s.deploymentId} ${s.status}: ${failureText(s) ?? 'no error information'}`,
    );
  }
  if (w.cancelled || w.phaseElapsedMs >= w.rollbackTimeoutMs)
    return fail(`${reason}; rollback ${s.deploymentId} still ${s.status}`);
  return poll(w, s);
}

function poll(w: WatchState, s: EngineSnapshot): Step {
  const remainingMs =
    w.phase === 'deploying' ? w.timeoutMs - w.elapsedMs : w.rollbackTimeoutMs - w.phaseElapsedMs;
  return {
    kind: 'poll',
    delayMs: pollDelay(s, w.nowMs, {
      sinceChangeMs: w.sinceChangeMs,
      failedPollsInARow: w.failedPollsInARow,
      remainingMs,
      actedOn: w.phase === 'stopping' || (!!s.hold && w.continuedHold === s.hold.id),
    }),
  };
}

function wordsOf(w: WatchState): EngineWording {
  return w.wording ?? SHARED_WORDING;
}

function fail(reason: string, rolledBack = false): Step {
  return { kind: 'fail', reason, rolledBack };
}

/** "<prefix><status>; " when a read ever saw the deployment, else nothing. */
function lastSeen(s: EngineSnapshot, prefix: string): string {
  return s.status === 'Unknown' ? '' : `${prefix}${s.status}; `;
}

function minutes(ms: number): string {
  const s = Math.round(ms / 1000);
  return s % 60 === 0 ? `${s / 60}m` : s > 60 ? `${Math.floor(s / 60)}m${s % 60}s` : `${s}s`;
}
