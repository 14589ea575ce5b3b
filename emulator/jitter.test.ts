import { describe, expect, it } from 'vitest';
import {
  DEREGISTRATION_MAX_MS,
  DEREGISTRATION_MIN_MS,
  HEALTH_CHECK_INTERVAL_MS,
  NO_JITTER,
  seededJitter,
  TIMER_LAG_MAX_MS,
  type JitterModel,
} from './jitter.js';

const draws = (j: JitterModel, kind: keyof JitterModel, n = 50) =>
  Array.from({ length: n }, () => j[kind]());

describe('seededJitter', () => {
  it('repeats the same draws for the same seed', () => {
    for (const kind of ['healthCheckMs', 'timerLagMs', 'deregistrationMs'] as const)
      expect(draws(seededJitter(42), kind)).toEqual(draws(seededJitter(42), kind));
  });

  it('draws differently for another seed', () => {
    expect(draws(seededJitter(1), 'timerLagMs')).not.toEqual(draws(seededJitter(2), 'timerLagMs'));
  });

  it('keeps each kind within its documented range and spreads over it', () => {
    const j = seededJitter(7);
    const health = draws(j, 'healthCheckMs', 500);
    const lag = draws(j, 'timerLagMs', 500);
    const dereg = draws(j, 'deregistrationMs', 500);
    const within = (xs: number[], lo: number, hi: number) =>
      xs.every((x) => Number.isInteger(x) && x >= lo && x <= hi);
    expect(within(health, 0, HEALTH_CHECK_INTERVAL_MS)).toBe(true);
    expect(within(lag, 0, TIMER_LAG_MAX_MS)).toBe(true);
    expect(within(dereg, DEREGISTRATION_MIN_MS, DEREGISTRATION_MAX_MS)).toBe(true);
    // Not stuck at one end: both halves of each range are drawn.
    expect(Math.min(...lag)).toBeLessThan(TIMER_LAG_MAX_MS / 2);
    expect(Math.max(...lag)).toBeGreaterThan(TIMER_LAG_MAX_MS / 2);
    expect(Math.min(...health)).toBeLessThan(HEALTH_CHECK_INTERVAL_MS / 2);
    expect(Math.max(...health)).toBeGreaterThan(HEALTH_CHECK_INTERVAL_MS / 2);
  });

  it("never lets one kind's draws shift another's", () => {
    const a = seededJitter(9);
    const b = seededJitter(9);
    draws(a, 'healthCheckMs', 17);
    draws(a, 'deregistrationMs', 3);
    expect(draws(a, 'timerLagMs')).toEqual(draws(b, 'timerLagMs'));
  });

  it('is all zeros when off', () => {
    expect([
      NO_JITTER.healthCheckMs(),
      NO_JITTER.timerLagMs(),
      NO_JITTER.deregistrationMs(),
    ]).toEqual([0, 0, 0]);
  });
});
