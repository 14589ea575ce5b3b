import type { ServiceDeployment } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import type { HookView, Phase } from '../deploy/snapshot.js';
import { nativePhase, nativeSnapshotOf } from './native-snapshot.js';

const ARN = 'arn:aws:ecs:us-east-1:123456789012:service-deployment/prod/web/OLM8zqSkPUsjz_-lRIUeE';
const REV = 'arn:aws:ecs:us-east-1:123456789012:service-revision/prod/web';
const NOW = Date.UTC(2026, 11, 6, 12, 0, 0);
const MIN = 60_000;
const pause: HookView = { id: 'ecs-pause-x', kind: 'PAUSE', status: 'AWAITING_ACTION' };

describe('nativePhase', () => {
  it.each<[string, string | undefined, HookView | undefined, Phase]>([
    ['PENDING', undefined, undefined, 'created'],
    ['IN_PROGRESS', undefined, undefined, 'created'],
    ['IN_PROGRESS', 'RECONCILE_SERVICE', undefined, 'created'],
    ['IN_PROGRESS', 'PRE_SCALE_UP', undefined, 'scaling'],
    ['IN_PROGRESS', 'SCALE_UP', undefined, 'scaling'],
    ['IN_PROGRESS', 'POST_SCALE_UP', pause, 'scaling'],
    ['IN_PROGRESS', 'TEST_TRAFFIC_SHIFT', undefined, 'test-traffic'],
    ['IN_PROGRESS', 'POST_TEST_TRAFFIC_SHIFT', undefined, 'test-traffic'],
    ['IN_PROGRESS', 'POST_TEST_TRAFFIC_SHIFT', pause, 'held'],
    ['IN_PROGRESS', 'PRODUCTION_TRAFFIC_SHIFT', undefined, 'shifting'],
    ['IN_PROGRESS', 'POST_PRODUCTION_TRAFFIC_SHIFT', pause, 'shifting'],
    ['IN_PROGRESS', 'BAKE_TIME', undefined, 'baking'],
    ['IN_PROGRESS', 'CLEAN_UP', undefined, 'cleaning-up'],
    ['SUCCESSFUL', 'CLEAN_UP', undefined, 'succeeded'],
    ['STOP_REQUESTED', 'SCALE_UP', undefined, 'stopping'],
    ['STOPPED', 'SCALE_UP', undefined, 'failed'],
    ['ROLLBACK_REQUESTED', 'POST_TEST_TRAFFIC_SHIFT', pause, 'rolling-back'],
    ['ROLLBACK_IN_PROGRESS', 'BAKE_TIME', undefined, 'rolling-back'],
    ['ROLLBACK_SUCCESSFUL', 'BAKE_TIME', undefined, 'rolled-back'],
    ['ROLLBACK_FAILED', 'SCALE_UP', undefined, 'failed'],
  ])('%s %s (hold: %o) → %s', (status, stage, hold, phase) => {
    expect(nativePhase(status, stage, hold)).toBe(phase);
  });
});

function deployment(over: Partial<ServiceDeployment> = {}): ServiceDeployment {
  return {
    serviceDeploymentArn: ARN,
    status: 'IN_PROGRESS',
    lifecycleStage: 'SCALE_UP',
    startedAt: new Date(NOW - 5 * MIN),
    targetServiceRevision: {
      arn: `${REV}/2`,
      requestedTaskCount: 2,
      runningTaskCount: 1,
      pendingTaskCount: 1,
    },
    sourceServiceRevisions: [
      {
        arn: `${REV}/1`,
        requestedTaskCount: 2,
        runningTaskCount: 2,
        pendingTaskCount: 0,
        requestedProductionTrafficWeight: 100,
        requestedTestTrafficWeight: 100,
      },
    ],
    deploymentConfiguration: { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 5 },
    ...over,
  };
}

describe('nativeSnapshotOf', () => {
  it('reads revisions, hooks, hold, reasons and monitors into the common snapshot', () => {
    const expiresAt = new Date(NOW + 30 * MIN);
    const s = nativeSnapshotOf(
      deployment({
        lifecycleStage: 'POST_TEST_TRAFFIC_SHIFT',
        lifecycleHookDetails: [
          {
            hookId: 'ecs-pause-x',
            targetType: 'PAUSE',
            status: 'AWAITING_ACTION',
            expiresAt,
            timeoutAction: 'ROLLBACK',
          },
          {
            targetArn: 'arn:aws:lambda:us-east-1:1:function:check',
            targetType: 'AWS_LAMBDA',
            status: 'SUCCEEDED',
          },
        ],
        deploymentCircuitBreaker: { status: 'MONITORING', failureCount: 1, threshold: 3 },
        alarms: { status: 'DISABLED' },
      }),
      undefined,
      NOW,
      { events: ['e1'], stoppedTasks: [] },
    );
    expect(s).toMatchObject({
      engine: 'native',
      deploymentId: ARN,
      status: 'IN_PROGRESS',
      stage: 'POST_TEST_TRAFFIC_SHIFT',
      phase: 'held',
      strategy: 'BLUE_GREEN',
      hold: {
        id: 'ecs-pause-x',
        stage: 'POST_TEST_TRAFFIC_SHIFT',
        expiresAt,
        timeoutAction: 'ROLLBACK',
      },
      timers: [{ what: 'hook-expiry', endsAt: expiresAt }],
      evidence: {
        circuitBreaker: { status: 'MONITORING', failureCount: 1, threshold: 3 },
        alarms: { status: 'DISABLED' },
        events: ['e1'],
      },
    });
    expect(s.revisions).toEqual([
      {
        id: `${REV}/2`,
        role: 'target',
        productionPercent: undefined,
        testPercent: undefined,
        running: 1,
        pending: 1,
        requested: 2,
      },
      {
        id: `${REV}/1`,
        role: 'source',
        productionPercent: 100,
        testPercent: 100,
        running: 2,
        pending: 0,
        requested: 2,
      },
    ]);
    expect(s.hooks.map((h) => h.id)).toEqual([
      'ecs-pause-x',
      'arn:aws:lambda:us-east-1:1:function:check',
    ]);
  });

  it('a hook keeps the stage it was first seen at', () => {
    const first = nativeSnapshotOf(
      deployment({
        lifecycleStage: 'POST_SCALE_UP',
        lifecycleHookDetails: [{ hookId: 'h1', targetType: 'PAUSE', status: 'AWAITING_ACTION' }],
      }),
      undefined,
      NOW,
    );
    const later = nativeSnapshotOf(
      deployment({
        lifecycleStage: 'TEST_TRAFFIC_SHIFT',
        lifecycleHookDetails: [{ hookId: 'h1', targetType: 'PAUSE', status: 'SUCCEEDED' }],
      }),
      first,
      NOW + MIN,
    );
    expect(later.hooks[0]).toMatchObject({ id: 'h1', stage: 'POST_SCALE_UP', status: 'SUCCEEDED' });
    expect(later.hold).toBeUndefined();
  });

  it('bake time counts from the first read in BAKE_TIME', () => {
    const first = nativeSnapshotOf(deployment({ lifecycleStage: 'BAKE_TIME' }), undefined, NOW);
    expect(first.timers).toEqual([{ what: 'bake', endsAt: new Date(NOW + 5 * MIN) }]);
    const later = nativeSnapshotOf(
      deployment({ lifecycleStage: 'BAKE_TIME' }),
      first,
      NOW + 2 * MIN,
    );
    expect(later.timers).toEqual([{ what: 'bake', endsAt: new Date(NOW + 5 * MIN) }]);
  });

  const step = (target: number, strategy: 'LINEAR' | 'CANARY') =>
    deployment({
      lifecycleStage: 'PRODUCTION_TRAFFIC_SHIFT',
      deploymentConfiguration: {
        strategy,
        bakeTimeInMinutes: 5,
        linearConfiguration:
          strategy === 'LINEAR' ? { stepPercent: 25, stepBakeTimeInMinutes: 2 } : undefined,
      },
      targetServiceRevision: { arn: `${REV}/2`, requestedProductionTrafficWeight: target },
      sourceServiceRevisions: [{ arn: `${REV}/1`, requestedProductionTrafficWeight: 100 - target }],
    });

  it('a linear step bakes from when its weights were first seen; a new step restarts it', () => {
    const at25 = nativeSnapshotOf(step(25, 'LINEAR'), undefined, NOW);
    expect(at25.timers).toEqual([{ what: 'step-bake', endsAt: new Date(NOW + 2 * MIN) }]);
    const still25 = nativeSnapshotOf(step(25, 'LINEAR'), at25, NOW + MIN);
    expect(still25.timers).toEqual([{ what: 'step-bake', endsAt: new Date(NOW + 2 * MIN) }]);
    const at50 = nativeSnapshotOf(step(50, 'LINEAR'), still25, NOW + 2 * MIN + 5000);
    expect(at50.timers).toEqual([{ what: 'step-bake', endsAt: new Date(NOW + 4 * MIN + 5000) }]);
  });

  it('a canary bakes for the default 10 minutes when the configuration leaves it out', () => {
    expect(nativeSnapshotOf(step(5, 'CANARY'), undefined, NOW).timers).toEqual([
      { what: 'canary-bake', endsAt: new Date(NOW + 10 * MIN) },
    ]);
  });

  it('a change is due when the earliest timer ends, and stays due (past) until the stage moves', () => {
    const baking = nativeSnapshotOf(deployment({ lifecycleStage: 'BAKE_TIME' }), undefined, NOW);
    expect(baking.changeDueAt).toBe(NOW + 5 * MIN);
    const overdue = nativeSnapshotOf(
      deployment({ lifecycleStage: 'BAKE_TIME' }),
      baking,
      NOW + 5 * MIN + 2000,
    );
    expect(overdue.changeDueAt).toBe(NOW + 5 * MIN);
    const cleaning = nativeSnapshotOf(
      deployment({ lifecycleStage: 'CLEAN_UP' }),
      overdue,
      NOW + 5 * MIN + 3000,
    );
    expect(cleaning.changeDueAt).toBeUndefined();
    const expiresAt = new Date(NOW + 60 * MIN);
    const heldWhileStepping = nativeSnapshotOf(
      {
        ...step(25, 'LINEAR'),
        lifecycleHookDetails: [
          { hookId: 'p', targetType: 'PAUSE', status: 'AWAITING_ACTION', expiresAt },
        ],
      },
      undefined,
      NOW,
    );
    expect(heldWhileStepping.changeDueAt).toBe(NOW + 2 * MIN);
  });

  it('no step bake at 100%: the bake time follows', () => {
    expect(nativeSnapshotOf(step(100, 'LINEAR'), undefined, NOW).timers).toEqual([]);
  });

  it('a rollback carries its reason and the revision it returns to', () => {
    const s = nativeSnapshotOf(
      deployment({
        status: 'ROLLBACK_IN_PROGRESS',
        statusReason:
          'Service deployment rolled back because the circuit breaker threshold was exceeded.',
        rollback: {
          reason: 'circuit breaker',
          startedAt: new Date(NOW),
          serviceRevisionArn: `${REV}/1`,
        },
        deploymentCircuitBreaker: { status: 'TRIGGERED', failureCount: 3, threshold: 3 },
      }),
      undefined,
      NOW,
    );
    expect(s.phase).toBe('rolling-back');
    expect(s.evidence).toMatchObject({
      statusReason:
        'Service deployment rolled back because the circuit breaker threshold was exceeded.',
      rollback: { reason: 'circuit breaker', revision: `${REV}/1` },
      circuitBreaker: { status: 'TRIGGERED', failureCount: 3, threshold: 3 },
    });
  });
});
