/**
 * One task's container as a local child process. Stop = SIGTERM, then SIGKILL once the container's
 * stop timeout has passed (what the ECS agent does). Every live child is also registered with a
 * process-exit hook, so an emulator that crashes or calls process.exit leaves no process behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { LaunchSpec } from './launch.js';
import { lineCollector } from './log-tail.js';

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // 'exit' runs for process.exit(), an uncaught exception and the end of the event loop; only
  // synchronous work is possible there, which kill() is.
  process.on('exit', () => {
    for (const child of live) child.kill('SIGKILL');
  });
}

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export class TaskProcess {
  readonly pid: number | undefined;
  readonly exited: Promise<ExitInfo>;
  exit: ExitInfo | undefined;
  /** The last lines the container wrote (for the reason a task failed to start). */
  readonly logTail: string[] = [];
  private readonly child: ChildProcess;
  private killTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly spec: LaunchSpec,
    onLine?: (line: string) => void,
  ) {
    installExitHook();
    this.child = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: spec.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.pid = this.child.pid;
    live.add(this.child);
    const collect = lineCollector(this.logTail, onLine);
    this.child.stdout!.on('data', collect);
    this.child.stderr!.on('data', collect);
    this.exited = new Promise((resolve) => {
      const done = (code: number | null, signal: NodeJS.Signals | null) => {
        live.delete(this.child);
        if (this.killTimer) clearTimeout(this.killTimer);
        this.exit ??= { code, signal };
        resolve(this.exit);
      };
      // 'close', not 'exit': it comes after the last line on stdout/stderr (the stop reason).
      this.child.once('close', done);
      // spawn failures (ENOENT) emit 'error' and maybe no 'exit'.
      this.child.once('error', () => done(127, null));
    });
  }

  get running(): boolean {
    return this.exit === undefined;
  }

  /** SIGTERM, then SIGKILL after `timeoutMs` (default: the container's stop timeout). */
  stop(timeoutMs: number = this.spec.stopTimeoutMs): Promise<ExitInfo> {
    if (this.running) {
      this.child.kill('SIGTERM');
      this.killTimer ??= setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    }
    return this.exited;
  }
}

/** A free loopback port for a task's host port mapping. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
