import { spawn } from 'node:child_process';
import type { Clock } from './clock.js';
import { checkFailure, type CheckResponse, type TestCheck } from './test-checks.js';
import type { GateVerdict } from './watch.js';

export interface ReadyGateConfig {
  testUrl?: string;
  checks: TestCheck[];
  /** Checks repeat for this long (at least once): a replacement must stay healthy, not answer once. */
  windowMs: number;
  /** Argv of a test suite to run with TEST_URL set; passes when it exits 0. */
  command?: string[];
}

const REQUEST_TIMEOUT_MS = 5000;
const REPEAT_EVERY_MS = 1000;

/** Runs the HTTP checks over the window, then the command; the first failure ends the gate. */
export async function runReadyGate(
  config: ReadyGateConfig,
  deps: { clock: Clock; signal?: AbortSignal; log: (line: string) => void },
): Promise<GateVerdict> {
  const lines: string[] = [];
  if (config.testUrl && config.checks.length) {
    const verdict = await runHttpChecks(
      config.testUrl,
      config.checks,
      config.windowMs,
      deps.clock,
      deps.signal,
    );
    lines.push(...verdict.lines);
    if (!verdict.passed) return { passed: false, lines };
  }
  if (config.command?.length) {
    const verdict = await runTestCommand(config.command, config.testUrl, deps.log, deps.signal);
    lines.push(...verdict.lines);
    if (!verdict.passed) return { passed: false, lines };
  }
  return { passed: true, lines };
}

export async function runHttpChecks(
  baseUrl: string,
  checks: readonly TestCheck[],
  windowMs: number,
  clock: Clock,
  signal?: AbortSignal,
): Promise<GateVerdict> {
  const start = clock.now();
  const passes = new Map<TestCheck, number>();
  do {
    for (const check of checks) {
      const url = new URL(check.path, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`).toString();
      let failure: string | undefined;
      try {
        failure = checkFailure(check, await request(check.method, url));
      } catch (error) {
        failure = `no answer (${(error as Error).cause ? String((error as Error & { cause: Error }).cause.message) : (error as Error).message})`;
      }
      const elapsed = Math.round((clock.now() - start) / 1000);
      if (failure) {
        return {
          passed: false,
          lines: [
            ...passLines(passes),
            `FAIL ${check.method} ${url}: ${failure} (after ${elapsed}s, ${passes.get(check) ?? 0} passes)`,
          ],
        };
      }
      passes.set(check, (passes.get(check) ?? 0) + 1);
    }
    if (signal?.aborted)
      return {
        passed: false,
        lines: [...passLines(passes), 'FAIL gate interrupted: the run was cancelled'],
      };
    if (clock.now() - start >= windowMs) break;
    await clock.sleep(Math.min(REPEAT_EVERY_MS, windowMs - (clock.now() - start)), signal);
  } while (clock.now() - start < windowMs || passes.size === 0);
  return { passed: true, lines: passLines(passes) };

  function passLines(counts: Map<TestCheck, number>): string[] {
    return [...counts].map(([c, n]) => `PASS ${c.source} (${n}×)`);
  }
}

async function request(method: string, url: string): Promise<CheckResponse> {
  const response = await fetch(url, {
    method,
    redirect: 'manual',
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const body = method === 'HEAD' ? '' : await response.text();
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => (headers[name.toLowerCase()] = value));
  return { status: response.status, body, headers };
}

/** Runs the test command with TEST_URL in its environment; its output goes to the log. */
export async function runTestCommand(
  argv: readonly string[],
  testUrl: string | undefined,
  log: (line: string) => void,
  signal?: AbortSignal,
): Promise<GateVerdict> {
  const [file, ...args] = argv;
  if (!file) return { passed: true, lines: [] };
  const env = { ...process.env, ...(testUrl ? { TEST_URL: testUrl } : {}) };
  const tail: string[] = [];
  const child = spawn(file, args, { env, stdio: ['ignore', 'pipe', 'pipe'], signal });
  const onData = (chunk: Buffer) => {
    for (const line of chunk.toString().split(/\r?\n/)) {
      if (!line) continue;
      log(`  | ${line}`);
      tail.push(line);
      if (tail.length > 10) tail.shift();
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const result = await new Promise<{ code: number | null; error?: Error }>((resolve) => {
    child.on('error', (error) => resolve({ code: null, error }));
    child.on('close', (code) => resolve({ code }));
  });
  const shown = argv.join(' ');
  if (result.error)
    return {
      passed: false,
      lines: [`FAIL test-command "${shown}" did not start: ${result.error.message}`],
    };
  if (result.code === 0) return { passed: true, lines: [`PASS test-command "${shown}"`] };
  return {
    passed: false,
    lines: [
      `FAIL test-command "${shown}" exited ${result.code ?? 'by signal'}${tail.length ? `; last output: ${tail.slice(-3).join(' / ')}` : ''}`,
    ],
  };
}
