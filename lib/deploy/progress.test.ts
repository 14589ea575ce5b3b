import { describe, expect, it } from 'vitest';
import {
  bakeLeft,
  collapseRepeats,
  duration,
  hookLine,
  monitorLine,
  progressLines,
  stateLine,
  tallyEvents,
  tallyLines,
  trafficLine,
} from './progress.js';
import type { RevisionTraffic } from './snapshot.js';
import { held, NOW, pause, snap } from './testing/snapshots.js';

const rev = (over: Partial<RevisionTraffic>): RevisionTraffic => ({
  id: 'arn:aws:ecs:us-east-1:1:service-revision/prod/web/2',
  role: 'target',
  running: 2,
  pending: 0,
  requested: 2,
  ...over,
});
const canary = [
  rev({ productionPercent: 10, testPercent: 100 }),
  rev({
    id: 'arn:aws:ecs:us-east-1:1:service-revision/prod/web/1',
    role: 'source',
    productionPercent: 90,
    testPercent: 0,
  }),
];

describe('trafficLine', () => {
  it.each<[string, RevisionTraffic[], string | undefined]>([
    [
      'production and test, new first',
      [...canary].reverse(),
      'production: new 10% / old 90% · test: new 100% / old 0%',
    ],
    ['production only', [rev({ productionPercent: 33.33 })], 'production: new 33.3%'],
    ['rolling: no weights', [rev({})], undefined],
  ])('%s', (_name, revisions, expected) => {
    expect(trafficLine(revisions)).toBe(expected);
  });
});

describe('renderers', () => {
  it('hookLine shows where a pause waits, when it expires and what then', () => {
    expect(hookLine(pause, NOW)).toBe(
      'hook ecs-pause-abc at POST_TEST_TRAFFIC_SHIFT (PAUSE): AWAITING_ACTION, expires 13:00:00Z (1h left) then ROLLBACK',
    );
    expect(hookLine({ id: 'fn', kind: 'AWS_LAMBDA', status: 'SUCCEEDED' })).toBe(
      'hook fn (AWS_LAMBDA): SUCCEEDED',
    );
  });

  it.each<[string, Parameters<typeof monitorLine>, string]>([
    [
      'breaker counts',
      ['circuit breaker', { status: 'TRIGGERED', failureCount: 3, threshold: 3 }],
      'circuit breaker TRIGGERED: 3 failed tasks, threshold 3',
    ],
    [
      'breaker, one task',
      ['circuit breaker', { status: 'MONITORING', failureCount: 1 }],
      'circuit breaker MONITORING: 1 failed task',
    ],
    [
      'alarms triggered',
      ['alarms', { status: 'TRIGGERED', alarmNames: ['a', 'b'], triggeredAlarmNames: ['b'] }],
      'alarms TRIGGERED: b',
    ],
    [
      'alarms watched',
      ['alarms', { status: 'MONITORING', alarmNames: ['a', 'b'] }],
      'alarms MONITORING (a, b)',
    ],
  ])('monitorLine: %s', (_name, args, expected) => {
    expect(monitorLine(...args)).toBe(expected);
  });

  it('bakeLeft names the running bake and its time left', () => {
    const s = snap({ timers: [{ what: 'canary-bake', endsAt: new Date(NOW + 270_000) }] });
    expect(bakeLeft(s, NOW)).toBe('canary bake 4m30s left');
    expect(bakeLeft(held, NOW)).toBeUndefined();
  });

  it('stateLine: status, stage, traffic, hold, failure', () => {
    expect(stateLine({ ...held, revisions: canary })).toBe(
      'IN_PROGRESS POST_TEST_TRAFFIC_SHIFT · production: new 10% / old 90% · test: new 100% / old 0% · held by ecs-pause-abc',
    );
  });

  it.each<[number, string]>([
    [45_000, '45s'],
    [270_000, '4m30s'],
    [3_600_000, '1h'],
    [7_500_000, '2h5m'],
  ])('duration(%i) = %s', (ms, text) => {
    expect(duration(ms)).toBe(text);
  });
});

describe('progressLines', () => {
  it('first read: everything there is to say', () => {
    const s = snap({
      stage: 'PRODUCTION_TRAFFIC_SHIFT',
      revisions: canary,
      timers: [{ what: 'canary-bake', endsAt: new Date(NOW + 600_000) }],
      evidence: {
        events: ['ignored here'],
        stoppedTasks: ['task 1a2b (web:7) stopped: Essential container in task exited'],
        circuitBreaker: { status: 'MONITORING', failureCount: 0, threshold: 3 },
        alarms: { status: 'DISABLED' },
      },
    });
    expect(progressLines(undefined, s, NOW)).toEqual([
      'Deployment OLM8zqSkPUsjz_-lRIUeE: IN_PROGRESS PRODUCTION_TRAFFIC_SHIFT',
      '  canary bake 10m left',
      '  Traffic production: new 10% / old 90% · test: new 100% / old 0%',
      '  Tasks new 2: 2/2 running · old 1: 2/2 running',
      '  circuit breaker MONITORING: 0 failed tasks, threshold 3',
      '  ECS: task 1a2b (web:7) stopped: Essential container in task exited',
    ]);
  });

  it('only what changed: stage, hook, rollback', () => {
    const before = snap({ stage: 'TEST_TRAFFIC_SHIFT', phase: 'test-traffic', revisions: canary });
    const after = {
      ...held,
      revisions: canary,
      evidence: { ...held.evidence, rollback: undefined },
    };
    expect(progressLines(before, after, NOW)).toEqual([
      'Deployment OLM8zqSkPUsjz_-lRIUeE: IN_PROGRESS TEST_TRAFFIC_SHIFT → IN_PROGRESS POST_TEST_TRAFFIC_SHIFT',
      '  hook ecs-pause-abc at POST_TEST_TRAFFIC_SHIFT (PAUSE): AWAITING_ACTION, expires 13:00:00Z (1h left) then ROLLBACK',
    ]);
    const rolling = snap({
      status: 'ROLLBACK_IN_PROGRESS',
      stage: 'POST_TEST_TRAFFIC_SHIFT',
      revisions: canary,
      evidence: {
        events: [],
        stoppedTasks: [],
        statusReason: 'Service deployment rolled back by user.',
        rollback: {
          reason: 'Service deployment rolled back by user.',
          revision: 'arn:…/service-revision/prod/web/1',
        },
      },
    });
    expect(progressLines(after, rolling, NOW)).toEqual([
      'Deployment OLM8zqSkPUsjz_-lRIUeE: IN_PROGRESS POST_TEST_TRAFFIC_SHIFT → ROLLBACK_IN_PROGRESS POST_TEST_TRAFFIC_SHIFT',
      '  Reason: Service deployment rolled back by user.',
      '  Rollback to 1: Service deployment rolled back by user.',
    ]);
  });

  it('nothing when nothing changed', () => {
    expect(progressLines(held, held, NOW)).toEqual([]);
  });
});

describe('service events', () => {
  const failed = '(service web) (deployment ecs-svc/1) deployment failed: tasks failed to start.';

  it('collapseRepeats keeps the first of identical lines with a count', () => {
    expect(collapseRepeats(['a', 'b', 'a', 'a'])).toEqual(['a (x3)', 'b']);
  });

  it('117 identical events across polls: a handful of lines and one count in the evidence', () => {
    let tally: ReadonlyMap<string, number> = new Map();
    const printed: string[] = [];
    for (let poll = 0; poll < 39; poll++) {
      const fresh =
        poll === 0
          ? ['(service web) has started 2 tasks.', failed, failed, failed]
          : [failed, failed, failed];
      const out = tallyEvents(tally, fresh);
      tally = out.tally;
      printed.push(...out.lines);
    }
    expect(printed).toEqual([
      'ECS: (service web) has started 2 tasks.',
      `ECS: ${failed} (x3)`,
      `ECS: ${failed} (x12)`,
      `ECS: ${failed} (x102)`,
    ]);
    expect(tallyLines(tally)).toEqual([
      'ECS: (service web) has started 2 tasks.',
      `ECS: ${failed} (x117)`,
    ]);
  });
});
