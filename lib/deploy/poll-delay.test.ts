import { describe, expect, it } from 'vitest';
import { nextDue, pollDelay, type PollPace } from './poll-delay.js';
import type { Timer } from './snapshot.js';
import { NOW, snap } from './testing/snapshots.js';

const at = (ms: number) => new Date(NOW + ms);
const bake = (endsInMs: number): Timer[] => [{ what: 'bake', endsAt: at(endsInMs) }];
const pace = (over: Partial<PollPace> = {}): PollPace => ({
  sinceChangeMs: 0,
  failedPollsInARow: 0,
  remainingMs: 30 * 60_000,
  ...over,
});

describe('pollDelay', () => {
  it.each<[string, Timer[], Partial<PollPace>, number]>([
    ['moving: every second', [], {}, 1000],
    ['quiet for 20 s: a tenth of it, at least 2 s', [], { sinceChangeMs: 20_000 }, 2000],
    ['quiet for a minute: 6 s', [], { sinceChangeMs: 60_000 }, 6000],
    ['quiet for long, no timer: 15 s at most', [], { sinceChangeMs: 10 * 60_000 }, 15_000],
    ['a long bake: 30 s between polls', bake(20 * 60_000), { sinceChangeMs: 10 * 60_000 }, 30_000],
    [
      'a long bake, quiet for 5 s: already 30 s',
      bake(20 * 60_000),
      { sinceChangeMs: 5000 },
      30_000,
    ],
    [
      'a long bake that just began: every second for 3 s',
      bake(20 * 60_000),
      { sinceChangeMs: 2000 },
      1000,
    ],
    [
      'a bake ending in 5 s: poll a second after it ends',
      bake(5000),
      { sinceChangeMs: 10 * 60_000 },
      6000,
    ],
    [
      'a bake that already ended: no longer a timer',
      bake(-1000),
      { sinceChangeMs: 10 * 60_000 },
      15_000,
    ],
    ['throttled twice: 4 s back-off', [], { failedPollsInARow: 2 }, 4000],
    ['throttled a lot: 30 s at most', [], { failedPollsInARow: 9 }, 30_000],
    ['never past the deadline', [], { sinceChangeMs: 10 * 60_000, remainingMs: 3000 }, 3000],
    ['never under 250 ms', [], { remainingMs: 0 }, 250],
  ])('%s', (_name, timers, over, expected) => {
    expect(pollDelay(snap({ timers }), NOW, pace(over))).toBe(expected);
  });

  it('nextDue is the earliest timer still running', () => {
    const timers: Timer[] = [
      { what: 'hook-expiry', endsAt: at(90_000) },
      { what: 'step-bake', endsAt: at(30_000) },
      { what: 'bake', endsAt: at(-5000) },
    ];
    expect(nextDue(snap({ timers }), NOW)).toBe(NOW + 30_000);
    expect(nextDue(snap(), NOW)).toBeUndefined();
  });
});
