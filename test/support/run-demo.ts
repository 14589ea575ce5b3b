import { spawn } from 'node:child_process';
import { join } from 'node:path';

/** Runs `npm run demo [-- args]` as a user would (tsx demo/main.ts); returns its exit code and output. */
export async function runDemo(args: string[] = []): Promise<{ code: number | null; out: string }> {
  const child = spawn(join('node_modules', '.bin', 'tsx'), ['demo/main.ts', ...args], {
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, out };
}
