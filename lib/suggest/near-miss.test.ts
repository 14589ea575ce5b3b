import { describe, expect, it } from 'vitest';
import { editDistance, nearMiss } from './near-miss.js';

const CONFIGS = [
  'CodeDeployDefault.ECSAllAtOnce',
  'CodeDeployDefault.ECSCanary10Percent5Minutes',
  'CodeDeployDefault.ECSCanary10Percent15Minutes',
  'CodeDeployDefault.ECSLinear10PercentEvery1Minutes',
  'CodeDeployDefault.ECSLinear10PercentEvery3Minutes',
];

describe('nearMiss', () => {
  it('counts edits', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('ABC', 'abc')).toBe(0);
  });

  it.each([
    [
      'CodeDeployDefault.ECSLinear10PercentEvery1Minute',
      'CodeDeployDefault.ECSLinear10PercentEvery1Minutes',
    ],
    ['CodeDeployDefault.EcsAllAtOnce', 'CodeDeployDefault.ECSAllAtOnce'],
    ['CodeDeployDefault.ECSCanary10Percent5Minute', 'CodeDeployDefault.ECSCanary10Percent5Minutes'],
    ['MyTotallyCustomConfig', undefined],
  ])('%s → %s', (wrong, expected) => expect(nearMiss(wrong, CONFIGS)).toBe(expected));

  it('suggests nothing when two candidates are as close', () => {
    expect(nearMiss('web-b', ['web-a', 'web-c'])).toBeUndefined();
  });
});
