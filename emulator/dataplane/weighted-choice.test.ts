import { describe, expect, it } from 'vitest';
import { SmoothWeightedChoice } from './weighted-choice.js';

const entries = (blue: number, green: number) => [
  { key: 'blue', item: 'blue', weight: blue },
  { key: 'green', item: 'green', weight: green },
];

describe('SmoothWeightedChoice', () => {
  it('splits exactly by weight over a full cycle, interleaved', () => {
    const choice = new SmoothWeightedChoice();
    const picks = Array.from({ length: 100 }, () => choice.pick(entries(90, 10)));
    expect(picks.filter((p) => p === 'green')).toHaveLength(10);
    // Never two greens in a row at 90/10: the canary is spread over the cycle.
    expect(picks.join(',')).not.toContain('green,green');
  });

  it('ignores zero weights and starts a new cycle when the weights change', () => {
    const choice = new SmoothWeightedChoice();
    expect(Array.from({ length: 5 }, () => choice.pick(entries(100, 0)))).toEqual(
      Array(5).fill('blue'),
    );
    const shifted = Array.from({ length: 4 }, () => choice.pick(entries(50, 50)));
    expect(shifted.filter((p) => p === 'green')).toHaveLength(2);
    expect(choice.pick(entries(0, 0))).toBeUndefined();
  });
});
