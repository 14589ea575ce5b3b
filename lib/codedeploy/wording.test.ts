import type { DeploymentInfo } from '@aws-sdk/client-codedeploy';
import { describe, expect, it } from 'vitest';
import { nextStep, type Step, type WatchState } from '../deploy/next-step.js';
import type { EngineSnapshot } from '../deploy/snapshot.js';
import { state as sharedState } from '../deploy/testing/snapshots.js';
import { CODEDEPLOY_WORDING } from './progress.js';
import { codeDeploySnapshot } from './snapshot.js';

/** The reasons CodeDeploy users read, unchanged since the watch moved onto the shared core. */
const ID = 'd-AAAAAAAAA';
const at = (status: string, over: Partial<DeploymentInfo> = {}, events: [string, string][] = []) =>
  codeDeploySnapshot(
    { deploymentId: ID, status: status as never, ...over },
    {
      ecsTarget: {
        status: 'InProgress',
        lifecycleEvents: events.map(([lifecycleEventName, s]) => ({
          lifecycleEventName,
          status: s as never,
        })),
      },
    },
  );

const state = (over: Partial<WatchState> = {}): WatchState =>
  sharedState({
    deploymentId: ID,
    waitUntil: 'complete',
    autoContinue: true,
    wording: CODEDEPLOY_WORDING,
    ...over,
  });

describe('nextStep in CodeDeploy words', () => {
  it.each<[string, EngineSnapshot, Partial<WatchState>]>([
    [
      'canary at 10 %: not shifted yet',
      {
        ...at('InProgress', {}, [['AllowTraffic', 'InProgress']]),
        revisions: [
          {
            id: 'g',
            role: 'target',
            label: 'Green',
            productionPercent: 10,
            running: 1,
            pending: 0,
            requested: 1,
          },
        ],
      },
      { waitUntil: 'traffic-shifted' },
    ],
    ['Ready after ContinueDeployment: keep watching', at('Ready'), { continuedHold: 'READY_WAIT' }],
  ])('%s: poll', (_name, snapshot, over) => {
    expect(nextStep(state(over), snapshot).kind).toBe('poll');
  });

  it.each<[string, EngineSnapshot, Partial<WatchState>, Step]>([
    [
      'timeout while the gate ran: the Ready gate and the CodeDeploy state line',
      at('Ready'),
      { gate: 'timed-out', timeoutMs: 12_000 },
      {
        kind: 'stop',
        reason: 'timed out after 12s while the Ready gate ran; last state: Ready',
      },
    ],
    [
      'timeout mid-Install',
      at('InProgress', {}, [['Install', 'InProgress']]),
      { elapsedMs: 10_000, timeoutMs: 10_000 },
      { kind: 'stop', reason: 'timed out after 10s; last state: InProgress · Install InProgress' },
    ],
    [
      'Ready, no gate: continue the Ready wait',
      at('Ready'),
      {},
      { kind: 'continue', holdId: 'READY_WAIT' },
    ],
    [
      'Ready gate failed without detail',
      at('Ready'),
      { gate: 'failed' },
      { kind: 'stop', reason: 'the Ready gate failed' },
    ],
    [
      'traffic shifted',
      at('InProgress', {}, [['AllowTraffic', 'Succeeded']]),
      { waitUntil: 'traffic-shifted' },
      {
        kind: 'succeed',
        reason:
          'production traffic is on the replacement (the original task set stays until the termination wait ends)',
      },
    ],
    [
      'the gate passed, waiting for promotion',
      at('Ready'),
      { waitUntil: 'ready', gate: 'passed' },
      { kind: 'succeed', reason: 'the replacement passed the Ready gate and waits for promotion' },
    ],
    [
      'StopDeployment refused',
      at('InProgress'),
      { stopReason: 'x', stopError: 'AccessDenied' },
      {
        kind: 'fail',
        reason: `x; not stopped: StopDeployment ${ID} failed: AccessDenied (it was InProgress; stop it in the console)`,
        rolledBack: false,
      },
    ],
    [
      'stop sent, then the reads refused',
      at('InProgress'),
      { phase: 'stopping', stopReason: 'x', watchError: 'could not follow' },
      {
        kind: 'fail',
        reason: `x; StopDeployment with rollback sent (${ID} was InProgress; accepted), then could not follow: the rollback state is unknown`,
        rolledBack: false,
      },
    ],
    [
      'succeeded before the stop',
      at('Succeeded'),
      { phase: 'stopping', stopReason: 'x' },
      {
        kind: 'fail',
        reason: `x; but ${ID} Succeeded before the stop took effect: run command: rollback to redeploy the previous revision`,
        rolledBack: false,
      },
    ],
    [
      'failed, CodeDeploy says why it did not roll back',
      at('Failed', {
        errorInformation: { code: 'TIMEOUT', message: 'unhealthy' },
        rollbackInfo: { rollbackMessage: 'auto rollback is disabled' },
      }),
      { rollbackExpected: false },
      {
        kind: 'fail',
        reason: `deployment ${ID} Failed: TIMEOUT: unhealthy; not rolled back (auto rollback is disabled)`,
        rolledBack: false,
      },
    ],
    [
      'the rollback deployment succeeded',
      { ...at('Succeeded'), deploymentId: 'd-RRRRRRRRR' },
      { phase: 'rolling-back', stopReason: 'x' },
      { kind: 'fail', reason: 'x; rolled back by d-RRRRRRRRR', rolledBack: true },
    ],
    [
      'wait-until ready, no Ready wait in the group: done once BeforeAllowTraffic started',
      at('InProgress', {}, [['BeforeAllowTraffic', 'InProgress']]),
      { waitUntil: 'ready' },
      { kind: 'succeed', reason: 'the replacement is ready' },
    ],
    [
      'stopped with no rollback link after the grace (a first deployment): not rolled back',
      at('Stopped', { errorInformation: { code: 'MANUAL_STOP', message: 'stopped' } }),
      { phase: 'stopping', stopReason: 'rollback requested', terminalForMs: 20_000 },
      {
        kind: 'fail',
        reason: 'rollback requested; not rolled back',
        rolledBack: false,
      },
    ],
  ])('%s', (_name, snapshot, over, step) => {
    expect(nextStep(state(over), snapshot)).toEqual(step);
  });
});
