import { describe, expect, it } from 'vitest';
import { nextDue, pollDelay, type PollPace } from './poll-delay.js';
import type { EngineSnapshot, RevisionTraffic, Timer } from './snapshot.js';
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
  it.each<[string, Timer[], number | undefined, Partial<PollPace>, number]>([
    ['no clock, just changed: every 2 s', [], undefined, {}, 2000],
    ['no clock, quiet for 6 s: still 2 s', [], undefined, { sinceChangeMs: 6000 }, 2000],
    ['no clock, quiet for 20 s: an eighth of it', [], undefined, { sinceChangeMs: 20_000 }, 2500],
    ['no clock, quiet for long: 15 s at most', [], undefined, { sinceChangeMs: 600_000 }, 15_000],
    [
      'a long bake: 30 s between polls',
      bake(20 * 60_000),
      undefined,
      { sinceChangeMs: 1000 },
      30_000,
    ],
    ['a bake ending in 5 s: just after its end', bake(5000), undefined, {}, 5250],
    ['the engine says a change is due in 8 s', [], NOW + 8000, {}, 8250],
    [
      'a bake ended 1 s ago, no change since: every second',
      bake(-1000),
      undefined,
      { sinceChangeMs: 70_000 },
      1000,
    ],
    [
      'due 5 s ago per the engine, no change since: every second',
      [],
      NOW - 5000,
      { sinceChangeMs: 70_000 },
      1000,
    ],
    [
      'a bake ended 6 s ago and nothing came: late, watched as without a clock',
      bake(-6000),
      undefined,
      { sinceChangeMs: 66_000 },
      8250,
    ],
    [
      'a timer ended, but the deployment changed since: watched as without a clock',
      bake(-3000),
      undefined,
      { sinceChangeMs: 1000 },
      2000,
    ],
    [
      'one timer just ended, another runs: the ended one first',
      [...bake(-500), { what: 'hook-expiry', endsAt: at(3_600_000) }],
      undefined,
      { sinceChangeMs: 60_000 },
      1000,
    ],
    ['throttled twice: 4 s back-off', [], undefined, { failedPollsInARow: 2 }, 4000],
    ['throttled a lot: 30 s at most', [], undefined, { failedPollsInARow: 9 }, 30_000],
    [
      'a due timer does not beat throttling',
      bake(-500),
      undefined,
      { sinceChangeMs: 9000, failedPollsInARow: 1 },
      2000,
    ],
    ['never past the deadline', bake(60_000), undefined, { remainingMs: 3000 }, 3000],
    ['never under 250 ms', [], undefined, { remainingMs: 0 }, 250],
  ])('%s', (_name, timers, changeDueAt, over, expected) => {
    expect(pollDelay(snap({ timers, changeDueAt }), NOW, pace(over))).toBe(expected);
  });

  const target = (productionPercent?: number): RevisionTraffic => ({
    id: 'web:2',
    role: 'target',
    productionPercent,
    running: 1,
    pending: 0,
    requested: 1,
  });

  it.each<[string, Partial<EngineSnapshot>, number, number]>([
    ['blue/green scale-up, just started: every 5 s', { revisions: [target(0)] }, 0, 5000],
    [
      'blue/green scale-up, quiet for 30 s: a third of it',
      { revisions: [target(0)] },
      30_000,
      10_000,
    ],
    ['rolling scale-up (no weights): every 2 s', { revisions: [target()] }, 0, 2000],
    [
      'blue/green clean-up: every 2 s',
      { phase: 'cleaning-up', revisions: [target(100)] },
      3000,
      2000,
    ],
    ['rolling back: every 2 s', { phase: 'rolling-back', revisions: [target(0)] }, 0, 2000],
  ])('without a clock, %s', (_name, over, sinceChangeMs, expected) => {
    expect(pollDelay(snap(over), NOW, pace({ sinceChangeMs }))).toBe(expected);
  });

  it('after the watch acted, a held deployment is watched closely, not on its expiry timer', () => {
    const held = snap({ timers: [{ what: 'hook-expiry', endsAt: at(3_600_000) }] });
    expect(pollDelay(held, NOW, pace({ sinceChangeMs: 1000 }))).toBe(30_000);
    expect(pollDelay(held, NOW, pace({ sinceChangeMs: 1000, actedOn: true }))).toBe(2000);
  });

  it.each([
    ['just changed: every second', 0, 1000],
    ['changed 9 s ago: still every second', 9000, 1000],
    ['quiet for 20 s: the clock-free pace again (a third of it)', 20_000, 6667],
  ])('an engine whose clock is hidden (CodeDeploy), %s', (_name, sinceChangeMs, delay) => {
    const s = snap({ phase: 'shifting', clockHidden: true });
    expect(pollDelay(s, NOW, pace({ sinceChangeMs }))).toBe(delay);
  });

  it('a hidden clock paces by movement only while traffic shifts: scaling up stays sparse', () => {
    const s = snap({ phase: 'scaling', clockHidden: true, revisions: [] });
    expect(pollDelay(s, NOW, pace({ sinceChangeMs: 0 }))).toBe(2000);
    const green: RevisionTraffic = {
      id: 'g',
      role: 'target',
      productionPercent: 0,
      running: 0,
      pending: 0,
      requested: 2,
    };
    const weighted = snap({ phase: 'scaling', clockHidden: true, revisions: [green] });
    expect(pollDelay(weighted, NOW, pace({ sinceChangeMs: 0 }))).toBe(5000);
  });

  it('a timer whose start was seen only between two reads stays due until a moment after its latest end', () => {
    const timers: Timer[] = [{ what: 'termination-wait', endsAt: at(-9000), endsBy: at(1000) }];
    expect(
      pollDelay(snap({ phase: 'cleaning-up', timers }), NOW, pace({ sinceChangeMs: 60_000 })),
    ).toBe(1000);
    const past: Timer[] = [{ what: 'termination-wait', endsAt: at(-17_000), endsBy: at(-7000) }];
    expect(
      pollDelay(snap({ phase: 'cleaning-up', timers: past }), NOW, pace({ sinceChangeMs: 60_000 })),
    ).toBe(7500);
  });

  it('nextDue is the earliest timer or engine due time still ahead', () => {
    const timers: Timer[] = [
      { what: 'hook-expiry', endsAt: at(90_000) },
      { what: 'step-bake', endsAt: at(30_000) },
      { what: 'bake', endsAt: at(-5000) },
    ];
    expect(nextDue(snap({ timers }), NOW)).toBe(NOW + 30_000);
    expect(nextDue(snap({ timers, changeDueAt: NOW + 20_000 }), NOW)).toBe(NOW + 20_000);
    expect(nextDue(snap(), NOW)).toBeUndefined();
  });
});
