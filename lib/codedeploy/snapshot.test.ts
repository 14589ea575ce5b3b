import { describe, expect, it } from 'vitest';
import { targetReadNeeded } from './snapshot.js';

describe('targetReadNeeded', () => {
  it.each([
    ['Created', undefined, false],
    ['Queued', undefined, false],
    ['InProgress', undefined, true],
    ['InProgress', 'InProgress', true],
    ['Ready', 'Ready', true],
    // The blue termination wait: the target is done, only the deployment can still change.
    ['InProgress', 'Succeeded', false],
    ['Succeeded', 'Succeeded', true],
    ['Stopped', 'Succeeded', true],
  ])('deployment %s, last target %s -> %s', (status, target, expected) => {
    expect(targetReadNeeded(status, target)).toBe(expected);
  });
});
