import { describe, expect, it } from 'vitest';
import {
  outcomeOf,
  readyReached,
  trafficShifted,
  type EngineSnapshot,
  type Outcome,
  type Phase,
} from '../deploy/snapshot.js';
import { codeDeploySnapshot, READY_WAIT, targetReadNeeded } from './snapshot.js';

describe('targetReadNeeded', () => {
  it.each([
    ['Created', undefined, false],
    ['Queued', undefined, false],
    ['InProgress', undefined, true],
    ['InProgress', 'InProgress', true],
    ['Ready', 'Ready', true],
    // The blue termination wait: the target is done, only the deployment can still change.
    ['InProgress', 'Succeeded', false],
    ['Succeeded', 'Succeeded', true],
    ['Stopped', 'Succeeded', true],
  ])('deployment %s, last target %s -> %s', (status, target, expected) => {
    expect(targetReadNeeded(status, target)).toBe(expected);
  });
});

describe('codeDeploySnapshot: a CodeDeploy deployment in the common phases', () => {
  const event = (name: string, status: string) => ({ lifecycleEventName: name, status }) as never;
  const read = (status: string, targetStatus?: string, events: [string, string][] = []) =>
    codeDeploySnapshot(
      { deploymentId: 'd-A', status: status as never },
      targetStatus
        ? {
            ecsTarget: {
              status: targetStatus as never,
              lifecycleEvents: events.map(([n, s]) => event(n, s)),
            },
          }
        : undefined,
    );
  it.each<[string, EngineSnapshot, Phase, Outcome]>([
    ['Created', read('Created'), 'created', 'in-progress'],
    ['Queued', read('Queued'), 'created', 'in-progress'],
    [
      'Install',
      read('InProgress', 'InProgress', [['Install', 'InProgress']]),
      'scaling',
      'in-progress',
    ],
    [
      'test traffic',
      read('InProgress', 'InProgress', [['AllowTestTraffic', 'InProgress']]),
      'test-traffic',
      'in-progress',
    ],
    ['Ready', read('Ready', 'Ready'), 'held', 'ready'],
    [
      'BeforeAllowTraffic started',
      read('InProgress', 'InProgress', [['BeforeAllowTraffic', 'InProgress']]),
      'shifting',
      'in-progress',
    ],
    [
      'AllowTraffic done',
      read('InProgress', 'InProgress', [['AllowTraffic', 'Succeeded']]),
      'baking',
      'in-progress',
    ],
    ['termination wait', read('InProgress', 'Succeeded'), 'cleaning-up', 'in-progress'],
    ['Succeeded', read('Succeeded', 'Succeeded'), 'succeeded', 'succeeded'],
    ['Failed', read('Failed'), 'failed', 'failed'],
    ['Stopped', read('Stopped'), 'failed', 'failed'],
  ])('%s', (_name, snapshot, phase, outcome) => {
    expect(snapshot.phase).toBe(phase);
    expect(outcomeOf(snapshot.phase)).toBe(outcome);
  });

  it('Ready holds the deployment at READY_WAIT; the ready and traffic words agree with the old watch', () => {
    const ready = read('Ready', 'Ready');
    expect(ready.hold).toMatchObject({ id: READY_WAIT, stage: 'Ready' });
    expect(readyReached(ready)).toBe(true);
    expect(trafficShifted(ready)).toBe(false);
    const shifted = read('InProgress', 'InProgress', [['AllowTraffic', 'Succeeded']]);
    expect(trafficShifted(shifted)).toBe(true);
  });

  it('names the rollback deployment to follow, but not on the rollback deployment itself', () => {
    const failed = codeDeploySnapshot({
      deploymentId: 'd-A',
      status: 'Failed',
      errorInformation: { code: 'TIMEOUT', message: 'unhealthy' },
      rollbackInfo: { rollbackDeploymentId: 'd-R' },
    });
    expect(failed.evidence).toMatchObject({
      statusReason: 'TIMEOUT: unhealthy',
      rollback: { deploymentId: 'd-R' },
    });
    const rollback = codeDeploySnapshot({
      deploymentId: 'd-R',
      status: 'InProgress',
      rollbackInfo: { rollbackTriggeringDeploymentId: 'd-A', rollbackMessage: 'rollback of d-A' },
    });
    expect(rollback.evidence.rollback).toBeUndefined();
  });

  it('knows when the Ready wait expires; neither wait paces the polls (on CodeDeploy clock)', () => {
    const ended = new Date(Date.UTC(2026, 11, 6, 12, 0, 0));
    const config = {
      deploymentReadyOption: { actionOnTimeout: 'STOP_DEPLOYMENT', waitTimeInMinutes: 60 },
      terminateBlueInstancesOnDeploymentSuccess: {
        action: 'TERMINATE',
        terminationWaitTimeInMinutes: 5,
      },
    } as const;
    const at = (status: string, targetStatus: string) =>
      codeDeploySnapshot(
        { deploymentId: 'd-A', status: status as never, blueGreenDeploymentConfiguration: config },
        {
          ecsTarget: {
            status: targetStatus as never,
            lifecycleEvents: [
              { lifecycleEventName: 'AfterAllowTestTraffic', status: 'Succeeded', endTime: ended },
            ],
          },
        },
      );
    const ready = at('Ready', 'Ready');
    expect(ready.hold?.expiresAt?.getTime()).toBe(ended.getTime() + 60 * 60_000);
    // CodeDeploy's clock does not pace the polls (see codeDeploySnapshot).
    expect(ready.changeDueAt).toBeUndefined();
    const terminating = at('InProgress', 'Succeeded');
    expect(terminating.timers).toEqual([]);
    expect(terminating.changeDueAt).toBeUndefined();
  });
});
