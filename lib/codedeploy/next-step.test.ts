import { describe, expect, it } from 'vitest';
import { nextDeploymentStep, ROLLBACK_LINK_GRACE_MS, type WatchState } from './next-step.js';
import type { DeploymentSnapshot } from './snapshot.js';
import { lifecycleEvents } from './testing/lifecycle-events.js';

const events = lifecycleEvents;

function snap(over: Partial<DeploymentSnapshot> = {}): DeploymentSnapshot {
  return {
    deploymentId: 'd-AAAAAAAAA',
    status: 'InProgress',
    lifecycleEvents: [],
    taskSets: [],
    ...over,
  };
}

function state(over: Partial<WatchState> = {}): WatchState {
  return {
    phase: 'deploying',
    waitUntil: 'traffic-shifted',
    elapsedMs: 60_000,
    timeoutMs: 30 * 60_000,
    phaseElapsedMs: 60_000,
    rollbackTimeoutMs: 10 * 60_000,
    sinceChangeMs: 0,
    terminalForMs: 0,
    gate: 'none',
    continued: false,
    rollbackExpected: true,
    cancelled: false,
    failedPollsInARow: 0,
    ...over,
  };
}

const shifted = snap({ targetStatus: 'Succeeded', lifecycleEvents: events(8) });
const ready = snap({ status: 'Ready', targetStatus: 'Ready', lifecycleEvents: events(5) });

describe('nextDeploymentStep', () => {
  it.each<
    [string, DeploymentSnapshot, Partial<WatchState>, { kind: string } & Record<string, unknown>]
  >([
    [
      'created: done as soon as it exists',
      snap({ status: 'Created' }),
      { waitUntil: 'created' },
      { kind: 'succeed' },
    ],
    [
      'moving: poll within a second',
      snap({ lifecycleEvents: events(1, 'InProgress') }),
      {},
      { kind: 'watch', delayMs: 1000 },
    ],
    [
      'idle 60 s: back off to 6 s',
      snap(),
      { sinceChangeMs: 60_000 },
      { kind: 'watch', delayMs: 6000 },
    ],
    [
      'idle 10 min: at most 15 s',
      snap(),
      { sinceChangeMs: 600_000 },
      { kind: 'watch', delayMs: 15_000 },
    ],
    [
      'termination wait with complete: up to 30 s',
      shifted,
      { waitUntil: 'complete', sinceChangeMs: 600_000 },
      { kind: 'watch', delayMs: 30_000 },
    ],
    [
      'throttled twice: at least 4 s',
      snap(),
      { failedPollsInARow: 2 },
      { kind: 'watch', delayMs: 4000 },
    ],
    [
      'throttled a lot: capped at 30 s',
      snap(),
      { failedPollsInARow: 9 },
      { kind: 'watch', delayMs: 30_000 },
    ],
    [
      'never sleeps past the timeout',
      snap(),
      { sinceChangeMs: 600_000, elapsedMs: 30 * 60_000 - 3000 },
      { kind: 'watch', delayMs: 3000 },
    ],
    ['Ready with a gate to run', ready, { gate: 'pending' }, { kind: 'run-gate' }],
    ['Ready, gate passed: continue', ready, { gate: 'passed' }, { kind: 'continue' }],
    ['Ready, no gate, traffic-shifted asked: continue', ready, {}, { kind: 'continue' }],
    [
      'Ready after continue: keep watching',
      ready,
      { gate: 'passed', continued: true },
      { kind: 'watch' },
    ],
    [
      'Ready, gate failed: stop',
      ready,
      { gate: 'failed', stopReason: 'GET /version answered 500' },
      { kind: 'stop', reason: 'GET /version answered 500' },
    ],
    ['wait-until ready: Ready ends the step', ready, { waitUntil: 'ready' }, { kind: 'succeed' }],
    [
      'wait-until ready: gate first',
      ready,
      { waitUntil: 'ready', gate: 'pending' },
      { kind: 'run-gate' },
    ],
    [
      'wait-until ready, no Ready wait in the group: past test traffic',
      snap({ lifecycleEvents: events(5, 'InProgress') }),
      { waitUntil: 'ready' },
      { kind: 'succeed' },
    ],
    [
      'canary at 10 %: not shifted yet',
      snap({ lifecycleEvents: events(6, 'InProgress') }),
      {},
      { kind: 'watch' },
    ],
    ['termination wait: traffic shifted', shifted, {}, { kind: 'succeed' }],
    [
      'termination wait with complete: keep watching',
      shifted,
      { waitUntil: 'complete' },
      { kind: 'watch' },
    ],
    ['Succeeded', snap({ status: 'Succeeded' }), { waitUntil: 'complete' }, { kind: 'succeed' }],
    [
      'timeout: stop with the last state',
      snap({ lifecycleEvents: events(1, 'InProgress') }),
      { elapsedMs: 30 * 60_000 },
      { kind: 'stop', reason: 'timed out after 30m; last state: InProgress · Install InProgress' },
    ],
    [
      'cancelled: stop',
      snap(),
      { cancelled: true },
      { kind: 'stop', reason: 'the workflow run was cancelled' },
    ],
    [
      'failed with a rollback: follow it',
      snap({
        status: 'Failed',
        errorCode: 'HOOK_EXECUTION_FAILURE',
        errorMessage: 'hook failed',
        rollbackDeploymentId: 'd-BBBBBBBBB',
      }),
      {},
      {
        kind: 'follow-rollback',
        rollbackDeploymentId: 'd-BBBBBBBBB',
        reason: 'deployment d-AAAAAAAAA Failed: HOOK_EXECUTION_FAILURE: hook failed',
      },
    ],
    [
      'failed, rollback link not there yet: wait a moment',
      snap({ status: 'Failed' }),
      { terminalForMs: 1000 },
      { kind: 'watch' },
    ],
    [
      'failed, no rollback after the grace: fail',
      snap({ status: 'Failed', errorCode: 'ECS_UPDATE_ERROR', errorMessage: 'bad port' }),
      { terminalForMs: ROLLBACK_LINK_GRACE_MS },
      {
        kind: 'fail',
        rolledBack: false,
        reason: 'deployment d-AAAAAAAAA Failed: ECS_UPDATE_ERROR: bad port; not rolled back',
      },
    ],
    [
      'failed, auto-rollback off: fail at once',
      snap({ status: 'Failed' }),
      { rollbackExpected: false },
      { kind: 'fail', rolledBack: false },
    ],
    [
      'stopping: still InProgress',
      snap(),
      { phase: 'stopping', stopReason: 'timed out' },
      { kind: 'watch' },
    ],
    [
      'stopping: stopped with rollback',
      snap({ status: 'Stopped', rollbackDeploymentId: 'd-CCCCCCCCC' }),
      { phase: 'stopping', stopReason: 'timed out' },
      { kind: 'follow-rollback', rollbackDeploymentId: 'd-CCCCCCCCC', reason: 'timed out' },
    ],
    [
      'stopping: succeeded first',
      snap({ status: 'Succeeded' }),
      { phase: 'stopping', stopReason: 'timed out' },
      { kind: 'fail', rolledBack: false },
    ],
    [
      'stopping, cancelled: report the stop and go',
      snap(),
      { phase: 'stopping', cancelled: true, stopReason: 'the workflow run was cancelled' },
      {
        kind: 'fail',
        rolledBack: false,
        reason:
          'the workflow run was cancelled; StopDeployment with rollback sent, d-AAAAAAAAA was InProgress when the step ended',
      },
    ],
    [
      'stopping too long',
      snap(),
      { phase: 'stopping', phaseElapsedMs: 10 * 60_000 },
      { kind: 'fail', rolledBack: false },
    ],
    [
      'stopping, first deployment: nothing to roll back to',
      snap({ status: 'Stopped', errorCode: 'MANUAL_STOP' }),
      { phase: 'stopping', stopReason: 'gate failed', terminalForMs: ROLLBACK_LINK_GRACE_MS },
      { kind: 'fail', rolledBack: false, reason: 'gate failed; not rolled back' },
    ],
    [
      'rollback deployment succeeded: still a failure',
      snap({ deploymentId: 'd-CCCCCCCCC', status: 'Succeeded' }),
      { phase: 'rolling-back', stopReason: 'timed out' },
      { kind: 'fail', rolledBack: true, reason: 'timed out; rolled back by d-CCCCCCCCC' },
    ],
    [
      'rollback deployment failed',
      snap({ deploymentId: 'd-CCCCCCCCC', status: 'Failed', errorCode: 'INTERNAL_ERROR' }),
      { phase: 'rolling-back', stopReason: 'x' },
      { kind: 'fail', rolledBack: false, reason: 'x; rollback d-CCCCCCCCC Failed: INTERNAL_ERROR' },
    ],
    [
      'rollback in progress',
      snap({ deploymentId: 'd-CCCCCCCCC' }),
      { phase: 'rolling-back' },
      { kind: 'watch' },
    ],
    [
      'cancelled while rolling back: report and go',
      snap({ deploymentId: 'd-CCCCCCCCC' }),
      { phase: 'rolling-back', cancelled: true, stopReason: 'cancelled' },
      {
        kind: 'fail',
        rolledBack: false,
        reason: 'cancelled; rollback d-CCCCCCCCC still InProgress',
      },
    ],
    [
      'timeout while the gate ran: stop like any timeout',
      ready,
      { gate: 'timed-out', elapsedMs: 29 * 60_000 },
      {
        kind: 'stop',
        reason: 'timed out after 30m while the Ready gate ran; last state: Ready',
      },
    ],
    [
      'wait-until ready: a gate cut short is no success',
      ready,
      { waitUntil: 'ready', gate: 'timed-out' },
      { kind: 'stop' },
    ],
    [
      'AWS refused a call while deploying: stop with rollback, naming the error',
      snap(),
      { watchError: 'could not follow d-AAAAAAAAA: AccessDeniedException: denied' },
      { kind: 'stop', reason: 'could not follow d-AAAAAAAAA: AccessDeniedException: denied' },
    ],
    [
      'AWS refused a call before the first snapshot: stop anyway',
      snap({ status: 'Unknown' }),
      { watchError: 'could not follow d-AAAAAAAAA: AccessDeniedException: denied' },
      { kind: 'stop' },
    ],
    [
      'AWS refused a call after the deployment ended: nothing to stop',
      snap({ status: 'Failed' }),
      { watchError: 'could not follow d-AAAAAAAAA: AccessDeniedException: denied' },
      {
        kind: 'fail',
        rolledBack: false,
        reason:
          'could not follow d-AAAAAAAAA: AccessDeniedException: denied; not stopped because d-AAAAAAAAA had already ended (Failed)',
      },
    ],
    [
      'AWS refused a call while stopping: the rollback state is unknown',
      snap(),
      { phase: 'stopping', stopReason: 'timed out', watchError: 'could not follow d-AAAAAAAAA: x' },
      {
        kind: 'fail',
        rolledBack: false,
        reason:
          'timed out; StopDeployment with rollback sent (d-AAAAAAAAA was InProgress; accepted), then could not follow d-AAAAAAAAA: x: the rollback state is unknown',
      },
    ],
    [
      'AWS refused a call while rolling back',
      snap({ deploymentId: 'd-CCCCCCCCC' }),
      {
        phase: 'rolling-back',
        stopReason: 'timed out',
        watchError: 'could not follow d-CCCCCCCCC: x',
      },
      {
        kind: 'fail',
        rolledBack: false,
        reason:
          'timed out; rollback d-CCCCCCCCC was InProgress when could not follow d-CCCCCCCCC: x',
      },
    ],
    [
      'StopDeployment failed: fail saying it was not stopped',
      snap(),
      { stopReason: 'timed out', stopError: 'AccessDeniedException: denied' },
      {
        kind: 'fail',
        rolledBack: false,
        reason:
          'timed out; not stopped: StopDeployment d-AAAAAAAAA failed: AccessDeniedException: denied (it was InProgress; stop it in the console)',
      },
    ],
  ])('%s', (_name, snapshot, over, expected) => {
    expect(nextDeploymentStep(snapshot, state(over))).toMatchObject(expected);
  });

  it('a terminal failure beats success conditions and the timeout', () => {
    const failed = snap({
      status: 'Stopped',
      rollbackDeploymentId: 'd-B',
      lifecycleEvents: events(8),
    });
    expect(nextDeploymentStep(failed, state({ elapsedMs: 99 * 60_000 })).kind).toBe(
      'follow-rollback',
    );
  });
});
