import { describe, expect, it } from 'vitest';
import { RELEASE_STATUSES, resolveStatus, statusStyle } from './status.js';

describe('resolveStatus', () => {
  it.each([
    ['auto', 'success', false, 'succeeded'],
    ['auto', 'failure', false, 'failed'],
    ['auto', 'cancelled', false, 'cancelled'],
    ['auto', 'success', true, 'rolled-back'],
    ['succeeded', undefined, true, 'rolled-back'],
    ['promoted', undefined, true, 'rolled-back'],
    ['failed', undefined, true, 'rolled-back'],
    ['auto', 'failure', true, 'rolled-back'],
    ['started', undefined, true, 'started'],
    ['started', 'failure', false, 'started'],
  ] as const)('%s with job %s, rolled back %s -> %s', (requested, job, rolledBack, expected) => {
    expect(resolveStatus(requested, job, rolledBack)).toBe(expected);
  });

  it('a job that left the deployment held for promotion is awaiting approval, not succeeded', () => {
    expect(resolveStatus('auto', 'success', false, true)).toBe('awaiting-approval');
    expect(resolveStatus('auto', 'failure', false, true)).toBe('failed');
    expect(resolveStatus('succeeded', undefined, false, true)).toBe('succeeded');
  });
});

describe('statusStyle', () => {
  it('gives every status its own colour and emoji', () => {
    const styles = RELEASE_STATUSES.map(statusStyle);
    expect(new Set(styles.map((s) => s.colour)).size).toBe(RELEASE_STATUSES.length);
    expect(new Set(styles.map((s) => s.emoji)).size).toBe(RELEASE_STATUSES.length);
  });

  it('counts only failed and rolled-back as failures', () => {
    expect(RELEASE_STATUSES.filter((s) => statusStyle(s).failure)).toEqual([
      'failed',
      'rolled-back',
    ]);
  });
});
