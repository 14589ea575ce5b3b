import { describe, expect, it } from 'vitest';
import { rolloutVerdict, type RolloutObservations } from './rolling.js';

const breaker = (rollback: boolean) => ({ deploymentCircuitBreaker: { enable: true, rollback } });
const alarms = { alarms: { enable: true, rollback: true, alarmNames: ['5xx'] } };

describe('rolloutVerdict', () => {
  it.each<[string, Record<string, unknown>, RolloutObservations, object]>([
    ['no detector', {}, { failedTasks: 9, desiredCount: 2, alarm: '5xx' }, { failed: false }],
    [
      'below the minimum of 3',
      breaker(true),
      { failedTasks: 2, desiredCount: 2 },
      { failed: false },
    ],
    [
      'at 3 failed tasks',
      breaker(true),
      { failedTasks: 3, desiredCount: 2 },
      {
        failed: true,
        rollback: true,
        reason: 'ECS deployment circuit breaker: tasks failed to start.',
      },
    ],
    ['half of 10 is 5', breaker(false), { failedTasks: 4, desiredCount: 10 }, { failed: false }],
    [
      '5 of 10 without rollback',
      breaker(false),
      { failedTasks: 5, desiredCount: 10 },
      { failed: true, rollback: false },
    ],
    [
      'an alarm in ALARM',
      alarms,
      { failedTasks: 0, desiredCount: 2, alarm: '5xx' },
      {
        failed: true,
        rollback: true,
        reason: 'ECS deployment alarms: alarm 5xx is in the ALARM state.',
      },
    ],
    [
      'alarms disabled',
      { alarms: { ...alarms.alarms, enable: false } },
      { failedTasks: 0, desiredCount: 2, alarm: '5xx' },
      { failed: false },
    ],
  ])('%s', (_name, config, obs, expected) => {
    expect(rolloutVerdict(config, obs)).toMatchObject(expected);
  });
});
