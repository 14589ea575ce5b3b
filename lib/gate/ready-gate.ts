import { spawn, type ChildProcess } from 'node:child_process';
import type { Clock } from '../clock/clock.js';
import { checkFailure, type CheckResponse, type TestCheck } from './test-checks.js';

/** What the gate decided; the deployment watch continues or stops on it. */
export interface GateVerdict {
  passed: boolean;
  /** The time it was given ran out before it could decide: the deploy timeout, not a verdict. */
  timedOut?: boolean;
  /** What was checked and what came back: shown in the log and, on failure, in the error. */
  lines: string[];
}

export interface ReadyGateConfig {
  testUrl?: string;
  checks: TestCheck[];
  /** Checks repeat for this long (at least once): a replacement must stay healthy, not answer once. */
  windowMs: number;
  /** Argv of a test suite to run with TEST_URL set; passes when it exits 0. */
  /** A bash command line, run as a workflow `run:` step (see runTestCommand). */
  command?: string;
  /** Sent with every HTTP check (`test-header`), for test routes matched by a header. */
  header?: TestHeader;
}

/** One request header, `Name: value` in the `test-header` input. */
export interface TestHeader {
  name: string;
  value: string;
}

const REQUEST_TIMEOUT_MS = 5000;
const REPEAT_EVERY_MS = 1000;

export interface GateDeps {
  clock: Clock;
  signal?: AbortSignal;
  log: (line: string) => void;
  /** What the test command inherits (the step's environment, passed down from main.ts). */
  env: Readonly<Record<string, string | undefined>>;
}

/**
 * Runs the HTTP checks over the window, then the command; the first failure ends the gate.
 * Both share `budgetMs`, what is left of the deploy timeout: past it the gate answers timedOut.
 */
export async function runReadyGate(
  config: ReadyGateConfig,
  deps: GateDeps,
  budgetMs = Infinity,
): Promise<GateVerdict> {
  const deadline = deps.clock.now() + budgetMs;
  const lines: string[] = [];
  if (config.testUrl && config.checks.length) {
    const verdict = await runHttpChecks(
      config.testUrl,
      config.checks,
      config.windowMs,
      deps.clock,
      deps.signal,
      deadline - deps.clock.now(),
      config.header,
    );
    lines.push(...verdict.lines);
    if (!verdict.passed) return { ...verdict, lines };
  }
  if (config.command) {
    const verdict = await runTestCommand(
      config.command,
      config.testUrl,
      deps,
      deadline - deps.clock.now(),
      config.header,
    );
    lines.push(...verdict.lines);
    if (!verdict.passed) return { ...verdict, lines };
  }
  return { passed: true, lines };
}

export async function runHttpChecks(
  baseUrl: string,
  checks: readonly TestCheck[],
  windowMs: number,
  clock: Clock,
  signal?: AbortSignal,
  budgetMs = Infinity,
  header?: TestHeader,
): Promise<GateVerdict> {
  const start = clock.now();
  const passes = new Map<TestCheck, number>();
  const timedOut = (): GateVerdict => ({
    passed: false,
    timedOut: true,
    lines: [
      ...passLines(passes),
      `FAIL checks cut short after ${seconds(clock.now() - start)}s of the ${seconds(windowMs)}s window: the deploy timeout ran out`,
    ],
  });
  do {
    for (const check of checks) {
      const url = new URL(check.path, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`).toString();
      const left = budgetMs - (clock.now() - start);
      if (left <= 0) return timedOut();
      let failure: string | undefined;
      try {
        failure = checkFailure(
          check,
          await request(check.method, url, Math.min(REQUEST_TIMEOUT_MS, left), header),
        );
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
    if (clock.now() - start >= budgetMs) return timedOut();
    await clock.sleep(
      Math.min(REPEAT_EVERY_MS, windowMs - (clock.now() - start), budgetMs - (clock.now() - start)),
      signal,
    );
  } while (clock.now() - start < windowMs || passes.size === 0);
  return { passed: true, lines: passLines(passes) };

  function passLines(counts: Map<TestCheck, number>): string[] {
    return [...counts].map(([c, n]) => `PASS ${c.source} (${n}×)`);
  }
}

async function request(
  method: string,
  url: string,
  timeoutMs: number,
  header: TestHeader | undefined,
): Promise<CheckResponse> {
  const response = await fetch(url, {
    method,
    redirect: 'manual',
    ...(header ? { headers: { [header.name]: header.value } } : {}),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const body = method === 'HEAD' ? '' : await response.text();
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => (headers[name.toLowerCase()] = value));
  return { status: response.status, body, headers };
}

/**
 * Runs the test command as GitHub runs a `run:` step, `bash -e -o pipefail -c <command>`, so
 * `npm ci && npm test`, pipes, quotes and variables mean what they mean there. TEST_URL (and with
 * `test-header`, TEST_HEADER_NAME and TEST_HEADER_VALUE) is in its environment; its output goes to the log. It runs in
 * its own process group so that on the deadline or a cancel the whole tree is killed: a test
 * runner's workers must not outlive the gate and keep hitting a task set being rolled back.
 */
export async function runTestCommand(
  command: string,
  testUrl: string | undefined,
  deps: GateDeps,
  budgetMs = Infinity,
  header?: TestHeader,
): Promise<GateVerdict> {
  if (!command.trim()) return { passed: true, lines: [] };
  const shown = command;
  const started = deps.clock.now();
  const env = {
    ...deps.env,
    ...(testUrl ? { TEST_URL: testUrl } : {}),
    ...(header ? { TEST_HEADER_NAME: header.name, TEST_HEADER_VALUE: header.value } : {}),
  };
  const tail: string[] = [];
  const child = spawn('bash', ['-e', '-o', 'pipefail', '-c', command], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const onData = (chunk: Buffer) => {
    for (const line of chunk.toString().split(/\r?\n/)) {
      if (!line) continue;
      deps.log(`  | ${line}`);
      tail.push(line);
      if (tail.length > 10) tail.shift();
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise<{ code: number | null; error?: Error }>((resolve) => {
    child.on('error', (error) => resolve({ code: null, error }));
    child.on('close', (code) => resolve({ code }));
  });
  const stopWaiting = new AbortController();
  let onAbort = () => {};
  const cut = new Promise<'timeout' | 'cancelled'>((resolve) => {
    onAbort = () => resolve('cancelled');
    deps.signal?.addEventListener('abort', onAbort, { once: true });
    if (deps.signal?.aborted) onAbort();
    if (Number.isFinite(budgetMs))
      void deps.clock
        .sleep(Math.max(0, budgetMs), stopWaiting.signal)
        .then(() => stopWaiting.signal.aborted || resolve('timeout'));
  });
  const result = await Promise.race([exited, cut]);
  stopWaiting.abort();
  deps.signal?.removeEventListener('abort', onAbort);
  const output = tail.length ? `; last output: ${tail.slice(-3).join(' / ')}` : '';
  if (result === 'timeout' || result === 'cancelled') {
    await killTree(child);
    const after = seconds(deps.clock.now() - started);
    return result === 'timeout'
      ? {
          passed: false,
          timedOut: true,
          lines: [
            `FAIL test-command "${shown}" still running after ${after}s when the deploy timeout ran out; killed${output}`,
          ],
        }
      : {
          passed: false,
          lines: [`FAIL test-command "${shown}" interrupted: the run was cancelled${output}`],
        };
  }
  if (result.error)
    return {
      passed: false,
      lines: [`FAIL test-command "${shown}" did not start: ${result.error.message}`],
    };
  if (result.code === 0) return { passed: true, lines: [`PASS test-command "${shown}"`] };
  return {
    passed: false,
    lines: [`FAIL test-command "${shown}" exited ${result.code ?? 'by signal'}${output}`],
  };
}

const KILL_GRACE_MS = 2000;

/** SIGTERM to the command's process group, SIGKILL if its leader has not exited after a grace period. */
async function killTree(child: ChildProcess): Promise<void> {
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      if (process.platform === 'win32' || !child.pid) child.kill(signal);
      else process.kill(-child.pid, signal);
    } catch {
      // ESRCH: the group is already gone.
    }
  };
  const leaderExited =
    child.exitCode !== null || child.signalCode !== null
      ? Promise.resolve()
      : new Promise<void>((resolve) => child.once('exit', () => resolve()));
  signalGroup('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    leaderExited,
    new Promise<void>((resolve) => (timer = setTimeout(resolve, KILL_GRACE_MS))),
  ]);
  clearTimeout(timer);
  // Also after the leader exited: children that ignored SIGTERM may remain in the group.
  signalGroup('SIGKILL');
  // A process that left the group could hold the pipes open: stop reading them.
  child.stdout?.destroy();
  child.stderr?.destroy();
}

function seconds(ms: number): number {
  return Math.round(ms / 1000);
}
