import { describe, expect, it } from 'vitest';
import { evidenceDue, inTrouble } from './evidence-due.js';
import type { EngineSnapshot } from './snapshot.js';
import { NOW, snap } from './testing/snapshots.js';

const failing = snap({
  evidence: {
    events: [],
    stoppedTasks: [],
    circuitBreaker: { status: 'MONITORING', failureCount: 1 },
  },
});

describe('evidenceDue', () => {
  it.each<[string, EngineSnapshot | undefined, number | undefined, boolean]>([
    ['first read: the deployment just started', undefined, undefined, false],
    ['never read, start unknown', snap(), undefined, true],
    [
      'never read, started 4 min ago',
      snap({ startedAt: new Date(NOW - 240_000) }),
      undefined,
      false,
    ],
    [
      'never read, started 5 min ago',
      snap({ startedAt: new Date(NOW - 300_000) }),
      undefined,
      true,
    ],
    ['all well, read 4 min ago', snap(), NOW - 240_000, false],
    ['all well, read 5 min ago', snap(), NOW - 300_000, true],
    [
      'never read, a task failed just after the start',
      { ...failing, startedAt: new Date(NOW - 1000) },
      undefined,
      true,
    ],
    ['a task failed, read 5 s ago', failing, NOW - 5000, true],
    ['a task failed, read 2 s ago', failing, NOW - 2000, false],
    ['rolling back, read 5 s ago', snap({ phase: 'rolling-back' }), NOW - 5000, true],
  ])('%s', (_name, last, lastEvidence, expected) => {
    expect(evidenceDue(last, NOW, lastEvidence)).toBe(expected);
  });
});

describe('inTrouble', () => {
  it.each<[string, EngineSnapshot, boolean]>([
    ['scaling', snap(), false],
    ['breaker counting', failing, true],
    [
      'breaker monitoring, no failures',
      snap({
        evidence: {
          events: [],
          stoppedTasks: [],
          circuitBreaker: { status: 'MONITORING', failureCount: 0 },
        },
      }),
      false,
    ],
    [
      'alarm triggered',
      snap({ evidence: { events: [], stoppedTasks: [], alarms: { status: 'TRIGGERED' } } }),
      true,
    ],
    ['failed', snap({ phase: 'failed' }), true],
    ['stopping', snap({ phase: 'stopping' }), true],
  ])('%s', (_name, s, expected) => {
    expect(inTrouble(s)).toBe(expected);
  });
});
