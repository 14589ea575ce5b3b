import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realClock } from '../clock/clock.js';
import { FakeClock } from '../clock/testing/fake-clock.js';
import { runHttpChecks, runReadyGate, runTestCommand } from './ready-gate.js';
import { parseTestChecks } from './test-checks.js';
import { waitFor } from '../../test/support/wait-for.js';

const dir = mkdtempSync(join(tmpdir(), 'ready-gate-'));

function deps(signal?: AbortSignal) {
  const log: string[] = [];
  return {
    log,
    deps: { clock: realClock, signal, log: (l: string) => log.push(l), env: process.env },
  };
}

/** Whether a process still runs: a killed orphan may linger as a zombie until init reaps it. */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = `/proc/${pid}/stat`;
  return !existsSync(stat) || !/^\d+ \(.*\) Z/.test(readFileSync(stat, 'utf8'));
}

describe('runTestCommand', () => {
  it('passes when the command exits 0, with TEST_URL in its environment and its output logged', async () => {
    const { log, deps: d } = deps();
    const verdict = await runTestCommand('echo "testing $TEST_URL"', 'http://green.test:8443', d);
    expect(verdict).toEqual({
      passed: true,
      lines: ['PASS test-command "echo "testing $TEST_URL""'],
    });
    expect(log).toEqual(['  | testing http://green.test:8443']);
  });

  it('fails with the exit code and the last lines of output', async () => {
    const { deps: d } = deps();
    const verdict = await runTestCommand(
      'for i in 1 2 3 4; do echo "line $i"; done; echo "2 tests failed" >&2; exit 3',
      undefined,
      d,
    );
    expect(verdict.passed).toBe(false);
    expect(verdict.timedOut).toBeUndefined();
    expect(verdict.lines).toEqual([
      expect.stringMatching(/exited 3; last output: line 3 \/ line 4 \/ 2 tests failed$/),
    ]);
  });

  it('fails when the command does not exist, with bash saying so', async () => {
    const { deps: d } = deps();
    const verdict = await runTestCommand('./no-such-test-suite', undefined, d);
    expect(verdict.passed).toBe(false);
    expect(verdict.lines[0]).toMatch(
      /^FAIL test-command "\.\/no-such-test-suite" exited 127; last output: .*No such file or directory$/,
    );
  });

  it('runs as a workflow run: step does: bash, &&, pipes and quotes', async () => {
    const marker = join(dir, 'and-then');
    const { log, deps: d } = deps();
    const verdict = await runTestCommand(
      `echo "first step" && echo 'second | step' | tr a-z A-Z && touch ${marker}`,
      undefined,
      d,
    );
    expect(verdict.passed).toBe(true);
    expect(log).toEqual(['  | first step', '  | SECOND | STEP']);
    expect(existsSync(marker)).toBe(true);
  });

  it('stops at the first failing command (-e) and fails a pipeline whose first part fails (pipefail)', async () => {
    const never = join(dir, 'never');
    const { deps: d } = deps();
    const errexit = await runTestCommand(`false; touch ${never}`, undefined, d);
    expect(errexit.lines).toEqual(['FAIL test-command "false; touch ' + never + '" exited 1']);
    expect(existsSync(never)).toBe(false);
    const pipefail = await runTestCommand('exit_3() { return 3; }; exit_3 | cat', undefined, d);
    expect(pipefail.lines[0]).toMatch(/exited 3$/);
  });

  it('on the deadline kills the whole process tree and answers timedOut', async () => {
    const pidFile = join(dir, 'grandchild.pid');
    const { deps: d } = deps();
    // A grandchild that ignores SIGTERM: only the group's SIGKILL ends it.
    const verdict = await runTestCommand(
      `sh -c 'trap "" TERM; sleep 30' & echo $! > ${pidFile}; echo started; wait`,
      undefined,
      d,
      500,
    );
    expect(verdict.passed).toBe(false);
    expect(verdict.timedOut).toBe(true);
    expect(verdict.lines[0]).toMatch(
      /still running after \d+s when the deploy timeout ran out; killed; last output: started$/,
    );
    const grandchild = Number(readFileSync(pidFile, 'utf8'));
    expect(grandchild).toBeGreaterThan(0);
    await waitFor('the grandchild to be killed', () => !running(grandchild));
  });

  it('a cancelled run kills the command; the gate fails without a timeout', async () => {
    const controller = new AbortController();
    const { deps: d } = deps(controller.signal);
    setTimeout(() => controller.abort(), 200);
    const verdict = await runTestCommand('sleep 30', undefined, d);
    expect(verdict).toMatchObject({ passed: false });
    expect(verdict.timedOut).toBeUndefined();
    expect(verdict.lines[0]).toContain('interrupted: the run was cancelled');
  });
});

describe('runReadyGate within the deploy timeout', () => {
  let server: Server;
  let url = '';
  beforeAll(async () => {
    server = createServer((_req, res) => res.end('v2'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('a check window longer than the time left is cut short: timedOut, not a verdict', async () => {
    const clock = new FakeClock();
    const verdict = await runHttpChecks(
      url,
      parseTestChecks('GET /version 200 contains=v2').checks,
      60_000,
      clock,
      undefined,
      5_000,
    );
    expect(verdict).toMatchObject({ passed: false, timedOut: true });
    expect(verdict.lines).toEqual([
      'PASS GET /version 200 contains=v2 (5×)',
      'FAIL checks cut short after 5s of the 60s window: the deploy timeout ran out',
    ]);
  });

  it('the command gets what the checks left of the budget', async () => {
    const marker = join(dir, 'ran');
    const { deps: d } = deps();
    const verdict = await runReadyGate(
      {
        testUrl: url,
        checks: parseTestChecks('GET / 200').checks,
        windowMs: 0,
        command: `sleep 5; touch ${marker}`,
      },
      d,
      400,
    );
    expect(verdict).toMatchObject({ passed: false, timedOut: true });
    expect(verdict.lines[0]).toBe('PASS GET / 200 (1×)');
    expect(verdict.lines[1]).toMatch(/^FAIL test-command .* killed$/);
    expect(existsSync(marker)).toBe(false);
  });
});

describe('runReadyGate with a test header', () => {
  let server: Server;
  let url = '';
  const seen: (string | undefined)[] = [];
  beforeAll(async () => {
    // The test route answers only requests that carry the header, as a header-matched listener rule does.
    server = createServer((req, res) => {
      seen.push(req.headers['x-test-route'] as string | undefined);
      res.writeHead(req.headers['x-test-route'] === 'green' ? 200 : 404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('sends the header with every check and hands it to the test command', async () => {
    seen.length = 0;
    const { deps: d } = deps();
    const verdict = await runReadyGate(
      {
        testUrl: url,
        checks: parseTestChecks('GET / 200\nGET /health 200').checks,
        windowMs: 0,
        command: 'test "$TEST_HEADER_NAME: $TEST_HEADER_VALUE" = "X-Test-Route: green"',
        header: { name: 'X-Test-Route', value: 'green' },
      },
      d,
    );
    expect(verdict.passed).toBe(true);
    expect(seen).toEqual(['green', 'green']);
  });

  it('without the header the same route fails the gate', async () => {
    const { deps: d } = deps();
    const verdict = await runReadyGate(
      { testUrl: url, checks: parseTestChecks('GET / 200').checks, windowMs: 0 },
      d,
    );
    expect(verdict.passed).toBe(false);
    expect(verdict.lines.at(-1)).toContain('status 404');
  });
});
