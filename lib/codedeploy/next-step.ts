import type { GateState, WaitUntil, WatchPhase } from '../deploy/next-step.js';
import {
  failureText,
  isTerminal,
  readyReached,
  trafficShifted,
  type DeploymentSnapshot,
} from './snapshot.js';
import { stateLine } from './progress.js';
import { pollDelay } from './poll-delay.js';

// One vocabulary for how far a deployment is followed, the watch's phase and the gate, shared with
// the engine-agnostic core that replaces this watch engine by engine.
export {
  WAIT_UNTIL,
  type GateState,
  type WaitUntil,
  type WatchPhase,
} from '../deploy/next-step.js';

export interface WatchState {
  phase: WatchPhase;
  waitUntil: WaitUntil;
  /** Since the watch began, against `timeoutMs`. */
  elapsedMs: number;
  timeoutMs: number;
  /** Since the current phase began, against `rollbackTimeoutMs` in stopping/rolling-back. */
  phaseElapsedMs: number;
  rollbackTimeoutMs: number;
  /** Since the snapshot last changed: drives the poll delay. */
  sinceChangeMs: number;
  /** How long the snapshot has shown a terminal status (0 when it does not). */
  terminalForMs: number;
  gate: GateState;
  /** ContinueDeployment(READY_WAIT) already sent: Ready may still show for a poll or two. */
  continued: boolean;
  /** Whether a failed or stopped deployment is expected to be rolled back (auto-rollback on). */
  rollbackExpected: boolean;
  cancelled: boolean;
  /** Consecutive polls that failed with throttling or transient errors. */
  failedPollsInARow: number;
  /** Why the action asked to stop, carried into the final failure message. */
  stopReason?: string;
  /**
   * A failure the watch cannot ride out (AWS refused a call, e.g. AccessDenied), seen since the
   * last step: the deployment must not carry on unattended, nor the step end without saying so.
   */
  watchError?: string;
  /** StopDeployment itself failed: the deployment may still be running. */
  stopError?: string;
}

export type DeploymentStep =
  | { kind: 'watch'; delayMs: number }
  | { kind: 'run-gate' }
  | { kind: 'continue' }
  | { kind: 'stop'; reason: string }
  | { kind: 'follow-rollback'; rollbackDeploymentId: string; reason: string }
  | { kind: 'succeed'; reason: string }
  | { kind: 'fail'; reason: string; rolledBack: boolean };

/** CodeDeploy sets rollbackInfo a moment after the status turns Failed/Stopped: wait this long for it. */
export const ROLLBACK_LINK_GRACE_MS = 15_000;

/**
 * The next thing to do, from what the last poll saw. Pure: the watch loop performs the step,
 * polls again and asks again. A rolled-back deployment is always a failure.
 */
export function nextDeploymentStep(s: DeploymentSnapshot, w: WatchState): DeploymentStep {
  if (w.stopError) {
    return {
      kind: 'fail',
      reason: `${w.stopReason ?? 'stop requested'}; not stopped: StopDeployment ${s.deploymentId} failed: ${w.stopError} (${lastSeen(s, 'it was ')}stop it in the console)`,
      rolledBack: false,
    };
  }
  if (w.watchError) return afterWatchError(s, w);
  if (w.phase === 'rolling-back') return rollbackStep(s, w);
  if (isTerminal(s.status) && s.status !== 'Succeeded') return endedBadly(s, w);
  if (w.phase === 'stopping') {
    if (s.status === 'Succeeded') {
      return {
        kind: 'fail',
        reason: `${w.stopReason ?? 'stop requested'}; but ${s.deploymentId} Succeeded before the stop took effect: run command: rollback to redeploy the previous revision`,
        rolledBack: false,
      };
    }
    // The runner kills a cancelled step seconds after the signal: report the stop and leave
    // following the rollback to the post step.
    if (w.cancelled)
      return {
        kind: 'fail',
        reason: `${w.stopReason ?? 'stop requested'}; StopDeployment with rollback sent, ${s.deploymentId} was ${s.status} when the step ended`,
        rolledBack: false,
      };
    if (w.phaseElapsedMs >= w.rollbackTimeoutMs) {
      return {
        kind: 'fail',
        reason: `${stoppedReason(w, s)}; it had not ended after the stop`,
        rolledBack: false,
      };
    }
    return watch(s, w);
  }
  const reached = succeeded(s, w);
  if (reached) return { kind: 'succeed', reason: reached };
  if (w.cancelled) return { kind: 'stop', reason: 'the workflow run was cancelled' };
  if (w.elapsedMs >= w.timeoutMs || w.gate === 'timed-out') {
    const during = w.gate === 'timed-out' ? ' while the Ready gate ran' : '';
    return {
      kind: 'stop',
      reason: `timed out after ${minutes(w.timeoutMs)}${during}; last state: ${stateLine(s)}`,
    };
  }
  if (s.status === 'Ready') {
    if (w.gate === 'pending') return { kind: 'run-gate' };
    if (w.gate === 'failed')
      return { kind: 'stop', reason: w.stopReason ?? 'the Ready gate failed' };
    if (!w.continued) return { kind: 'continue' };
  }
  return watch(s, w);
}

function succeeded(s: DeploymentSnapshot, w: WatchState): string | undefined {
  if (s.status === 'Succeeded') return 'the deployment succeeded';
  switch (w.waitUntil) {
    case 'created':
      return 'the deployment was created';
    case 'ready':
      if (s.status === 'Ready' && (w.gate === 'none' || w.gate === 'passed'))
        return w.gate === 'passed'
          ? 'the replacement passed the Ready gate and waits for promotion'
          : 'the replacement is ready and waits for promotion';
      if (s.status !== 'Ready' && readyReached(s)) return 'the replacement is ready';
      return undefined;
    case 'traffic-shifted':
      return trafficShifted(s)
        ? 'production traffic is on the replacement (the original task set stays until the termination wait ends)'
        : undefined;
    case 'complete':
      return undefined;
  }
}

/**
 * An error ended normal watching. Our deployment still running: stop it with rollback and follow
 * that with the calls that still work. Already stopping or rolling back: say how far it got.
 */
function afterWatchError(s: DeploymentSnapshot, w: WatchState): DeploymentStep {
  const error = w.watchError!;
  switch (w.phase) {
    case 'deploying':
      if (isTerminal(s.status)) {
        return {
          kind: 'fail',
          reason: `${error}; not stopped because ${s.deploymentId} had already ended (${s.status})`,
          rolledBack: false,
        };
      }
      return { kind: 'stop', reason: error };
    case 'stopping':
      return {
        kind: 'fail',
        reason: `${w.stopReason ?? 'stop requested'}; StopDeployment with rollback sent (${lastSeen(s, `${s.deploymentId} was `)}accepted), then ${error}: the rollback state is unknown`,
        rolledBack: false,
      };
    case 'rolling-back':
      return {
        kind: 'fail',
        reason: `${w.stopReason ?? 'the deployment failed'}; rollback ${s.deploymentId} was ${s.status} when ${error}`,
        rolledBack: false,
      };
  }
}

/** Our deployment is Failed or Stopped: follow its rollback, or fail saying there is none. */
function endedBadly(s: DeploymentSnapshot, w: WatchState): DeploymentStep {
  const reason =
    w.stopReason ??
    `deployment ${s.deploymentId} ${s.status}: ${failureText(s) ?? 'no error information'}`;
  if (s.rollbackDeploymentId) {
    if (w.cancelled) {
      return {
        kind: 'fail',
        reason: `${reason}; rollback ${s.rollbackDeploymentId} started`,
        rolledBack: false,
      };
    }
    return { kind: 'follow-rollback', rollbackDeploymentId: s.rollbackDeploymentId, reason };
  }
  if (w.rollbackExpected && w.terminalForMs < ROLLBACK_LINK_GRACE_MS && !w.cancelled)
    return watch(s, w);
  const why = s.rollbackMessage ? ` (${s.rollbackMessage})` : '';
  return { kind: 'fail', reason: `${reason}; not rolled back${why}`, rolledBack: false };
}

function rollbackStep(s: DeploymentSnapshot, w: WatchState): DeploymentStep {
  const reason = w.stopReason ?? 'the deployment failed';
  if (s.status === 'Succeeded') {
    return {
      kind: 'fail',
      reason: `${reason}; rolled back by ${s.deploymentId}`,
      rolledBack: true,
    };
  }
  if (isTerminal(s.status)) {
    return {
      kind: 'fail',
      reason: `${reason}; rollback ${s.deploymentId} ${s.status}: ${failureText(s) ?? 'no error information'}`,
      rolledBack: false,
    };
  }
  if (w.cancelled || w.phaseElapsedMs >= w.rollbackTimeoutMs) {
    return {
      kind: 'fail',
      reason: `${reason}; rollback ${s.deploymentId} still ${s.status}`,
      rolledBack: false,
    };
  }
  return watch(s, w);
}

/** "<prefix><status>; " when a poll ever saw the deployment, else nothing. */
function lastSeen(s: DeploymentSnapshot, prefix: string): string {
  return s.status === 'Unknown' ? '' : `${prefix}${s.status}; `;
}

function stoppedReason(w: WatchState, s: DeploymentSnapshot): string {
  return `${w.stopReason ?? 'stop requested'}; deployment ${s.deploymentId} is ${s.status}`;
}

function watch(s: DeploymentSnapshot, w: WatchState): DeploymentStep {
  const budget =
    w.phase === 'deploying' ? w.timeoutMs - w.elapsedMs : w.rollbackTimeoutMs - w.phaseElapsedMs;
  // During the blue termination wait nothing visible happens for minutes: poll less.
  const longWait = w.waitUntil === 'complete' && trafficShifted(s);
  return {
    kind: 'watch',
    delayMs: pollDelay({
      sinceChangeMs: w.sinceChangeMs,
      failedPollsInARow: w.failedPollsInARow,
      remainingMs: budget,
      idleCeilingMs: longWait ? 30_000 : 15_000,
    }),
  };
}

function minutes(ms: number): string {
  const s = Math.round(ms / 1000);
  return s % 60 === 0 ? `${s / 60}m` : s > 60 ? `${Math.floor(s / 60)}m${s % 60}s` : `${s}s`;
}
