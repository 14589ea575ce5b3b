import type { Task } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import { oneOffOutcome } from './outcome.js';

const task = (exitCode?: number, extra: Partial<Task> = {}): Task => ({
  lastStatus: 'STOPPED',
  containers: [
    { name: 'app', ...(exitCode === undefined ? {} : { exitCode }) },
    { name: 'sidecar', exitCode: 1 },
  ],
  ...extra,
});

describe('oneOffOutcome', () => {
  it.each([
    ['exit 0', task(0), 'stopped', { ok: true, exitCode: 0, reason: 'exited with code 0' }],
    ['exit 3', task(3), 'stopped', { ok: false, exitCode: 3, reason: 'exited with code 3' }],
    [
      'never started',
      task(undefined, {
        stopCode: 'TaskFailedToStart',
        stoppedReason: 'CannotPullContainerError: not found',
      }),
      'stopped',
      {
        ok: false,
        reason:
          'stopped before container "app" exited: TaskFailedToStart: CannotPullContainerError: not found',
      },
    ],
    [
      'timed out',
      task(143),
      'timeout',
      {
        ok: false,
        exitCode: 143,
        reason: 'did not finish within 60s and was stopped (exit code 143)',
      },
    ],
    [
      'cancelled before an exit code',
      task(undefined),
      'cancelled',
      { ok: false, reason: 'the run was cancelled; the task was stopped' },
    ],
    [
      'no task at all',
      undefined,
      'stopped',
      { ok: false, reason: 'stopped before container "app" exited: no reason given' },
    ],
  ] as const)('%s', (_name, t, end, expected) => {
    expect(oneOffOutcome(t, 'app', end, 60_000)).toEqual(expected);
  });

  it('judges the container that ran the command, not its sidecar', () => {
    expect(oneOffOutcome(task(0), 'app', 'stopped', 1000).ok).toBe(true);
    expect(oneOffOutcome(task(0), 'sidecar', 'stopped', 1000).ok).toBe(false);
  });
});
