import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { alive, waitFor } from './wait-for.js';

describe('waitFor', () => {
  it('resolves to the first truthy value the probe returns', async () => {
    let calls = 0;
    await expect(waitFor('the third call', () => ++calls >= 3 && calls)).resolves.toBe(3);
  });

  it('fails naming what it waited for', async () => {
    await expect(waitFor('a miracle', async () => false, 50)).rejects.toThrow(
      'timed out after 50 ms waiting for a miracle',
    );
  });
});

describe('alive', () => {
  it('is true for a running process and false once it has exited', async () => {
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)']);
    expect(alive(child.pid!)).toBe(true);
    child.kill('SIGKILL');
    await once(child, 'exit');
    expect(alive(child.pid!)).toBe(false);
  });
});
