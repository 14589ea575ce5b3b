import { describe, expect, it } from 'vitest';
import { TaskProcess } from './task-process.js';
import { waitFor } from '../../test/support/wait-for.js';

const spec = (script: string, stopTimeoutMs: number) => ({
  command: process.execPath,
  args: ['-e', script],
  cwd: process.cwd(),
  env: { PATH: process.env.PATH ?? '' },
  stopTimeoutMs,
});

describe('TaskProcess', () => {
  it('SIGTERM lets a container that handles it exit by itself', async () => {
    const task = new TaskProcess(
      spec(
        "process.on('SIGTERM', () => process.exit(0)); console.log('up'); setInterval(() => {}, 1000)",
        5000,
      ),
    );
    await waitFor('the task to log "up"', () => task.logTail.includes('up'));
    expect(await task.stop()).toEqual({ code: 0, signal: null });
  });

  it('SIGKILL after the stop timeout when SIGTERM is ignored', async () => {
    const task = new TaskProcess(
      spec("process.on('SIGTERM', () => {}); console.log('up'); setInterval(() => {}, 1000)", 300),
    );
    await waitFor('the task to log "up"', () => task.logTail.includes('up'));
    expect(await task.stop()).toEqual({ code: null, signal: 'SIGKILL' });
    expect(task.running).toBe(false);
  });
});
