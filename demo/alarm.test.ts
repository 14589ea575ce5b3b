import { describe, expect, it } from 'vitest';
import { breaches } from './alarm.js';
import { gatedRatio } from './report.js';
import { versionShares, type Answer } from './traffic.js';

const rule = { name: 'web-5xx', periodMs: 3000, threshold: 0.02, minFailures: 1 };

describe('the baseline 5xx alarm', () => {
  it('breaches at the threshold rate, not below it', () => {
    expect(breaches(100, 2, rule)).toBe(true);
    expect(breaches(100, 1, rule)).toBe(false);
    expect(breaches(0, 0, rule)).toBe(false);
    expect(breaches(10, 1, { ...rule, minFailures: 2 })).toBe(false);
  });
});

describe('demo report figures', () => {
  it('shares of versions among answers, errors by status', () => {
    const answers: Answer[] = [
      ...Array.from({ length: 9 }, () => ({ at: 0, phase: 'p', status: 200, version: 'v1' })),
      { at: 0, phase: 'p', status: 500 },
    ];
    expect(versionShares(answers)).toEqual({ v1: 90, 'HTTP 500': 10 });
  });

  it('states the gate against the baseline without dividing by zero', () => {
    expect(gatedRatio(0, 5)).toBe('5 failed without the gate vs 0 with it (every one avoided)');
    expect(gatedRatio(2, 10)).toBe('5.0x fewer failed requests with the gate (2 vs 10)');
  });
});
