// Runs the app benchmark end to end for a fraction of a second, as `npm run bench` would, so a
// broken bench fails here instead of on the day someone needs its numbers. No timing is asserted.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const tsx = join('node_modules', '.bin', 'tsx');
const ratio = /\d+\.\d{2}x throughput, \d+\.\d{2}x p99$/;

describe('bench/app.bench.ts', () => {
  it('measures each target and prints its ratios against the bare server', async () => {
    const { stdout } = await run(tsx, [join('bench', 'app.bench.ts')], {
      env: { ...process.env, BENCH_SECONDS: '0.2' },
      timeout: 60_000,
    });
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toMatch(/16 keep-alive connections, 0\.2 s each, database: /);
    for (const target of [
      'bare node:http (baseline)',
      'app GET /healthz',
      'bare node:http same query',
      'app GET /api/notes/:id',
    ]) {
      expect(lines.find((l) => l.startsWith(target))).toMatch(/ \d+ req\/s {3}p99 +\d+\.\d{2} ms$/);
    }
    expect(lines.find((l) => l.startsWith('ratio /healthz vs bare:'))).toMatch(ratio);
    expect(lines.find((l) => l.startsWith('ratio DB read vs bare:'))).toMatch(ratio);
    expect(lines.find((l) => l.startsWith('ratio app db read/bare node:http same query:'))).toMatch(
      /: \d+\.\d{2}x \(p99 \d+\.\d{2}x, medians of 3 rounds\)$/,
    );
  }, 90_000);

  it('refuses a duration that would measure nothing', async () => {
    const failed = await run(tsx, [join('bench', 'app.bench.ts')], {
      env: { ...process.env, BENCH_SECONDS: 'soon' },
      timeout: 60_000,
    }).catch((error: { code?: number; stderr?: string }) => error);
    expect(failed).toMatchObject({ code: 1 });
    expect((failed as { stderr: string }).stderr).toContain(
      'BENCH_SECONDS must be a positive number, got "soon"',
    );
  });
});
