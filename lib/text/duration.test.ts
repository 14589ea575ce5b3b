import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from './duration.js';

describe('durations', () => {
  it.each([
    ['90s', 90_000],
    ['10m', 600_000],
    ['1h', 3_600_000],
    ['2h15m10s', 8_110_000],
    ['1500ms', 1500],
    ['', undefined],
    ['10', undefined],
    ['m', undefined],
    ['1m1h', undefined],
    ['-5s', undefined],
  ])('parseDuration(%j) = %j', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each([
    [250, '250ms'],
    [90_000, '1m30s'],
    [3_600_000, '1h'],
    [5_400_000, '1h30m'],
    [0, '0ms'],
    [1000, '1s'],
  ])('formatDuration(%j) = %j', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
