import { describe, expect, it } from 'vitest';
import { TaskProcess } from './task-process.js';

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
    await waitFor(() => task.logTail.includes('up'));
    expect(await task.stop()).toEqual({ code: 0, signal: null });
  });

  it('SIGKILL after the stop timeout when SIGTERM is ignored', async () => {
    const task = new TaskProcess(
      spec("process.on('SIGTERM', () => {}); console.log('up'); setInterval(() => {}, 1000)", 300),
    );
    await waitFor(() => task.logTail.includes('up'));
    expect(await task.stop()).toEqual({ code: null, signal: 'SIGKILL' });
    expect(task.running).toBe(false);
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 25));
  if (!condition()) throw new Error('condition not met within 5 s');
}
