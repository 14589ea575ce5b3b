import type { Deployment, Service } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import type { EngineSnapshot } from '../deploy/snapshot.js';
import { rolloutIdOfRevision, rollingSnapshotOf, type RolloutRef } from './rolling-snapshot.js';

const NOW = Date.UTC(2026, 11, 6, 12, 0, 0);
const TD = (n: number) => `arn:aws:ecs:us-east-1:123456789012:task-definition/web:${n}`;
const BREAKER_REASON = 'ECS deployment circuit breaker: tasks failed to start.';
const ours = (over: Partial<Deployment> = {}): Deployment => ({
  id: 'ecs-svc/222',
  status: 'PRIMARY',
  taskDefinition: TD(8),
  desiredCount: 2,
  runningCount: 1,
  pendingCount: 1,
  failedTasks: 0,
  rolloutState: 'IN_PROGRESS',
  ...over,
});
const old = (over: Partial<Deployment> = {}): Deployment => ({
  id: 'ecs-svc/111',
  status: 'ACTIVE',
  taskDefinition: TD(7),
  desiredCount: 2,
  runningCount: 2,
  pendingCount: 0,
  rolloutState: 'COMPLETED',
  ...over,
});
const service = (...deployments: Deployment[]): Service => ({
  deployments,
  deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } },
});
const ref: RolloutRef = {
  deploymentId: 'ecs-svc/222',
  rolloutId: 'ecs-svc/222',
  taskDefinition: TD(8),
};

describe('rollingSnapshotOf from rollouts', () => {
  it.each<[string, Service, Partial<EngineSnapshot> | undefined, string, string]>([
    ['ours replacing tasks', service(ours(), old()), undefined, 'scaling', 'IN_PROGRESS'],
    [
      'ours completed',
      service(ours({ rolloutState: 'COMPLETED' })),
      undefined,
      'succeeded',
      'COMPLETED',
    ],
    [
      'ours failed, rollback off (still PRIMARY)',
      service(ours({ rolloutState: 'FAILED', rolloutStateReason: BREAKER_REASON })),
      undefined,
      'failed',
      'FAILED',
    ],
    [
      'circuit breaker rolling back to the old one',
      service(
        old({ status: 'PRIMARY', rolloutState: 'IN_PROGRESS' }),
        ours({ status: 'ACTIVE', rolloutState: 'FAILED', rolloutStateReason: BREAKER_REASON }),
      ),
      undefined,
      'rolling-back',
      'FAILED',
    ],
    [
      'rolled back: ours gone, the old one completed',
      service(old({ status: 'PRIMARY' })),
      { phase: 'rolling-back', status: 'FAILED' },
      'rolled-back',
      'FAILED',
    ],
    [
      'replaced by a later deployment',
      service(
        old({
          id: 'ecs-svc/333',
          status: 'PRIMARY',
          taskDefinition: TD(9),
          rolloutState: 'IN_PROGRESS',
        }),
        ours({ status: 'ACTIVE' }),
      ),
      undefined,
      'failed',
      'REPLACED',
    ],
    ['not listed yet', service(old({ status: 'PRIMARY' })), undefined, 'created', 'PENDING'],
  ])('%s', (_name, svc, prev, phase, status) => {
    const before =
      prev &&
      ({
        ...rollingSnapshotOf(service(), ref, undefined, undefined, NOW),
        ...prev,
      } as EngineSnapshot);
    const s = rollingSnapshotOf(svc, ref, undefined, before, NOW);
    expect({ phase: s.phase, status: s.status }).toEqual({ phase, status });
  });

  it('a circuit-breaker rollback names the reason, the breaker and where it returns to', () => {
    const s = rollingSnapshotOf(
      service(
        old({ status: 'PRIMARY', rolloutState: 'IN_PROGRESS' }),
        ours({
          status: 'ACTIVE',
          rolloutState: 'FAILED',
          rolloutStateReason: BREAKER_REASON,
          failedTasks: 3,
        }),
      ),
      ref,
      undefined,
      undefined,
      NOW,
    );
    expect(s.evidence).toMatchObject({
      statusReason: BREAKER_REASON,
      rollback: { reason: BREAKER_REASON, revision: TD(7) },
      circuitBreaker: { status: 'TRIGGERED', failureCount: 3 },
    });
    expect(s.revisions.map((r) => [r.role, r.id])).toEqual([
      ['source', TD(7)],
      ['target', TD(8)],
    ]);
  });

  it('keeps the reason once the failed rollout has left the list', () => {
    const prev = rollingSnapshotOf(
      service(
        old({ status: 'PRIMARY', rolloutState: 'IN_PROGRESS' }),
        ours({ status: 'ACTIVE', rolloutState: 'FAILED', rolloutStateReason: BREAKER_REASON }),
      ),
      ref,
      undefined,
      undefined,
      NOW,
    );
    const s = rollingSnapshotOf(
      service(old({ status: 'PRIMARY' })),
      ref,
      undefined,
      prev,
      NOW + 60_000,
    );
    expect(s.phase).toBe('rolled-back');
    expect(s.evidence.statusReason).toBe(BREAKER_REASON);
  });
  it('a rollback that finished between two reads: back on the old revision is rolled back, not replaced', () => {
    const prev = rollingSnapshotOf(service(ours(), old()), ref, undefined, undefined, NOW);
    const s = rollingSnapshotOf(
      service(old({ status: 'PRIMARY' })),
      ref,
      undefined,
      prev,
      NOW + 60_000,
    );
    expect({ phase: s.phase, reason: s.evidence.statusReason }).toEqual({
      phase: 'rolled-back',
      reason: `ECS returned the service to ${TD(7)}`,
    });
  });
});

describe('rollingSnapshotOf with a service deployment', () => {
  const arn = 'arn:aws:ecs:us-east-1:123456789012:service-deployment/prod/web/abc';
  it.each<[string, string, string]>([
    ['IN_PROGRESS', 'scaling', 'IN_PROGRESS'],
    ['SUCCESSFUL', 'succeeded', 'SUCCESSFUL'],
    ['ROLLBACK_IN_PROGRESS', 'rolling-back', 'ROLLBACK_IN_PROGRESS'],
    ['ROLLBACK_SUCCESSFUL', 'rolled-back', 'ROLLBACK_SUCCESSFUL'],
  ])('status %s is %s', (status, phase, word) => {
    const s = rollingSnapshotOf(
      service(ours({ rolloutState: 'FAILED', rolloutStateReason: BREAKER_REASON })),
      { ...ref, deploymentId: arn },
      { serviceDeploymentArn: arn, status: status as 'IN_PROGRESS', lifecycleStage: 'SCALE_UP' },
      undefined,
      NOW,
    );
    expect({
      engine: s.engine,
      phase: s.phase,
      status: s.status,
      stage: s.stage,
      id: s.deploymentId,
    }).toEqual({
      engine: 'rolling',
      phase,
      status: word,
      stage: undefined,
      id: arn,
    });
    expect(s.evidence.statusReason).toBe(BREAKER_REASON);
  });
});

describe('rolloutIdOfRevision', () => {
  it.each<[string | undefined, string | undefined]>([
    [
      'arn:aws:ecs:us-east-1:1:service-revision/prod/web/9313423515462893900',
      'ecs-svc/9313423515462893900',
    ],
    ['arn:aws:ecs:us-east-1:1:service-revision/prod/web/x', undefined],
    [undefined, undefined],
  ])('%s → %s', (arn, id) => {
    expect(rolloutIdOfRevision(arn)).toBe(id);
  });
});

describe('rollingSnapshotOf: the failure reason', () => {
  const EVENT = '(service web) (deployment ecs-svc/222) deployment failed: tasks failed to start.';

  it('ignores the reason ECS writes for a rollout in progress', () => {
    const s = rollingSnapshotOf(
      service(ours({ rolloutStateReason: 'ECS deployment ecs-svc/222 in progress.' }), old()),
      ref,
      undefined,
      undefined,
      NOW,
    );
    expect(s.evidence.statusReason).toBeUndefined();
  });

  it('ours gone after a rollback: the failure event names why, and it is kept', () => {
    const first = rollingSnapshotOf(service(ours(), old()), ref, undefined, undefined, NOW);
    const back = rollingSnapshotOf(
      service(old({ status: 'PRIMARY' })),
      ref,
      undefined,
      first,
      NOW + 1000,
      { events: [EVENT], stoppedTasks: [] },
    );
    expect(back).toMatchObject({ phase: 'rolled-back', status: 'FAILED' });
    expect(back.evidence.statusReason).toBe(EVENT);
    const later = rollingSnapshotOf(service(old({ status: 'PRIMARY' })), ref, undefined, back, NOW);
    expect(later.evidence.statusReason).toBe(EVENT);
  });

  it('ours gone, no event seen: the reason of the rollout ECS returned to', () => {
    const first = rollingSnapshotOf(service(ours(), old()), ref, undefined, undefined, NOW);
    const reason = 'ECS deployment circuit breaker: rolling back to deploymentId ecs-svc/111.';
    const back = rollingSnapshotOf(
      service(old({ status: 'PRIMARY', rolloutStateReason: reason })),
      ref,
      undefined,
      first,
      NOW + 1000,
    );
    expect(back.evidence.statusReason).toBe(reason);
  });

  it('the service back on rollbackTo (the action redeployed it) reads as a rollback', () => {
    const s = rollingSnapshotOf(
      service(
        old({ id: 'ecs-svc/333', status: 'PRIMARY', rolloutState: 'IN_PROGRESS' }),
        ours({ status: 'ACTIVE' }),
      ),
      { ...ref, rollbackTo: TD(7) },
      undefined,
      undefined,
      NOW,
    );
    expect(s.phase).toBe('rolling-back');
  });
});
