import { describe, expect, it } from 'vitest';
import type { NativeDeployment } from './native/model.js';
import { nextRollingStep, type RollingObservations } from './rolling-deployments.js';

const deployment = (over: Partial<NativeDeployment> = {}) =>
  ({ status: 'IN_PROGRESS', strategy: 'ROLLING', ...over }) as NativeDeployment;
const calm: RollingObservations = { targetSteady: false, targetLive: 2, restoredSteady: false };
const breaker = (rolledBack: boolean, rollbackWanted: boolean) => ({
  ...calm,
  failure: {
    reason: 'ECS deployment circuit breaker: tasks failed to start.',
    rolledBack,
    rollbackWanted,
  },
});

describe('nextRollingStep', () => {
  it.each<[string, Partial<NativeDeployment>, RollingObservations, object]>([
    ['PENDING starts', { status: 'PENDING' }, calm, { do: 'status', status: 'IN_PROGRESS' }],
    ['in progress, not steady', {}, calm, { do: 'none' }],
    [
      'steady target',
      {},
      { ...calm, targetSteady: true },
      { do: 'status', status: 'SUCCESSFUL', finished: true },
    ],
    [
      'breaker rolled back',
      {},
      breaker(true, true),
      {
        do: 'status',
        status: 'ROLLBACK_IN_PROGRESS',
        reason:
          'Service deployment rolled back because the circuit breaker threshold was exceeded.',
      },
    ],
    [
      'breaker without rollback',
      {},
      breaker(false, false),
      {
        do: 'status',
        status: 'STOPPED',
        reason: 'Service deployment stopped because the circuit breaker threshold was exceeded.',
        finished: true,
      },
    ],
    [
      'rollback wanted, no candidate',
      {},
      breaker(false, true),
      { do: 'status', status: 'ROLLBACK_FAILED', finished: true },
    ],
    [
      'alarm rolled back',
      {},
      { ...calm, failure: { reason: 'x', alarm: '5xx', rolledBack: true, rollbackWanted: true } },
      {
        status: 'ROLLBACK_IN_PROGRESS',
        reason:
          'Service deployment rolled back because the CloudWatch alarm 5xx is in ALARM state.',
      },
    ],
    [
      'rolling back while the failed tasks run',
      { status: 'ROLLBACK_IN_PROGRESS' },
      { ...calm, restoredSteady: true, targetLive: 1 },
      { do: 'none' },
    ],
    [
      'rolled back once they are gone',
      { status: 'ROLLBACK_IN_PROGRESS' },
      { ...calm, restoredSteady: true, targetLive: 0 },
      { do: 'status', status: 'ROLLBACK_SUCCESSFUL', finished: true },
    ],
    [
      'user rollback',
      { status: 'ROLLBACK_REQUESTED' },
      calm,
      { do: 'rollback', reason: 'Service deployment rolled back by user.' },
    ],
    [
      'ABORT',
      { stopRequest: { type: 'ABORT', reason: '' } },
      calm,
      { do: 'status', status: 'STOP_REQUESTED', reason: 'Service deployment stopped by user.' },
    ],
    [
      'superseded',
      { status: 'STOP_REQUESTED', statusReason: 'why' },
      calm,
      { do: 'status', status: 'STOPPED', reason: 'why', finished: true },
    ],
    ['terminal', { status: 'SUCCESSFUL' }, { ...calm, targetSteady: true }, { do: 'none' }],
  ])('%s', (_name, over, obs, expected) => {
    expect(nextRollingStep(deployment(over), obs)).toMatchObject(expected);
  });
});
