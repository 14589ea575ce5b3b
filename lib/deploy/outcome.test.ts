import { describe, expect, it } from 'vitest';
import type { Step } from './next-step.js';
import { finalOutcome } from './outcome.js';
import type { Outcome, Phase } from './snapshot.js';
import { snap } from './testing/snapshots.js';

type End = Extract<Step, { kind: 'succeed' | 'fail' }>;
const ok: End = { kind: 'succeed', reason: 'x' };

describe('finalOutcome', () => {
  it.each<[string, End, Phase, Outcome]>([
    ['the deployment succeeded', ok, 'succeeded', 'succeeded'],
    ['ended held for promotion', ok, 'held', 'ready'],
    ['ended at traffic-shifted, still baking', ok, 'baking', 'in-progress'],
    ['ended at created', ok, 'created', 'in-progress'],
    [
      'failed and rolled back',
      { kind: 'fail', reason: 'x', rolledBack: true },
      'rolled-back',
      'rolled-back',
    ],
    [
      'failed, not rolled back',
      { kind: 'fail', reason: 'x', rolledBack: false },
      'failed',
      'failed',
    ],
    [
      'cancelled while ECS rolls back: not yet rolled back',
      { kind: 'fail', reason: 'x', rolledBack: false },
      'rolling-back',
      'failed',
    ],
  ])('%s', (_name, end, phase, expected) => {
    expect(finalOutcome(end, snap({ phase }))).toBe(expected);
  });
});
