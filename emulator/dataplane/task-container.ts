/**
 * One task's container as a Docker container: `docker run -d` with the container's environment,
 * its port published on a loopback port (so health checks and the load balancer reach it as they
 * reach a process), and labels that mark it as this emulator's. Stop = `docker stop -t
 * <stopTimeout>`: SIGTERM, then SIGKILL once the timeout has passed, as the ECS agent does.
 * Every live container is also registered with a process-exit hook that removes it, so an
 * emulator that crashes or calls process.exit leaves no container behind.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { docker, OWNER_LABEL, OWNER_PID_LABEL, TASK_LABEL } from './docker-engine.js';
import type { ExitInfo } from './task-process.js';
import { lineCollector } from './log-tail.js';

export interface ContainerSpec {
  /** What docker runs: `127.0.0.1:5000/<repo>@sha256:...` for an ECR image. */
  image: string;
  /** Whether docker may pull it (only from the local registry; never from the internet). */
  pull: boolean;
  env: Record<string, string>;
  /** Names in `env` whose values are secrets: passed by name, never on the command line. */
  secretNames: string[];
  /** The container definition's `entryPoint` and `command` (ECS passes both to the runtime). */
  entryPoint?: string[];
  command?: string[];
  containerPort: number;
  stopTimeoutS: number;
  /** `readonlyRootFilesystem`: `docker run --read-only`, with each writable mount point a tmpfs. */
  readOnlyRoot?: { writablePaths: string[] };
  /** The data plane's instance id (OWNER_LABEL). */
  owner: string;
  taskArn: string;
}

/** How long a stopped container's log stream may take to deliver its last lines. */
const LOG_DRAIN_MS = 5_000;

const live = new Set<string>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // 'exit' allows only synchronous work: one blocking `docker rm -f` of what is still running.
  process.on('exit', () => {
    if (live.size) spawnSync('docker', ['rm', '-f', ...live], { stdio: 'ignore', timeout: 20_000 });
  });
}

/**
 * The `docker run` command line and the CLI's extra environment. Secret values travel in the
 * CLI's environment (`-e NAME` takes the value from there), so `ps` never shows them.
 */
export function dockerRunArgs(spec: ContainerSpec): {
  args: string[];
  env: Record<string, string>;
} {
  const args = [
    'run',
    '-d',
    '--pull',
    spec.pull ? 'missing' : 'never',
    '--label',
    `${OWNER_LABEL}=${spec.owner}`,
    '--label',
    `${OWNER_PID_LABEL}=${process.pid}`,
    '--label',
    `${TASK_LABEL}=${spec.taskArn}`,
    '--publish',
    `127.0.0.1::${spec.containerPort}`,
    '--stop-timeout',
    String(spec.stopTimeoutS),
  ];
  if (spec.readOnlyRoot) {
    args.push('--read-only');
    for (const path of spec.readOnlyRoot.writablePaths) args.push('--tmpfs', path);
  }
  const cliEnv: Record<string, string> = {};
  for (const [name, value] of Object.entries(spec.env)) {
    if (spec.secretNames.includes(name)) {
      args.push('-e', name);
      cliEnv[name] = value;
    } else {
      args.push('-e', `${name}=${value}`);
    }
  }
  const [entry, ...entryArgs] = spec.entryPoint ?? [];
  if (entry !== undefined) args.push('--entrypoint', entry);
  args.push(spec.image, ...entryArgs, ...(spec.command ?? []));
  return { args, env: cliEnv };
}

/** `127.0.0.1:49153` (and maybe `[::1]:49153` on a second line) → 49153. */
export function publishedPort(dockerPortOutput: string): number | undefined {
  const line = dockerPortOutput.split('\n').find((l) => l.startsWith('127.0.0.1:'));
  const port = Number(line?.slice(line.lastIndexOf(':') + 1));
  return Number.isInteger(port) && port > 0 ? port : undefined;
}

export class TaskContainer {
  exit: ExitInfo | undefined;
  readonly exited: Promise<ExitInfo>;
  readonly logTail: string[] = [];
  private readonly waiter: ChildProcess;
  private readonly logs: ChildProcess;
  private readonly logsClosed: Promise<void>;
  private stopping: Promise<ExitInfo> | undefined;

  /** Starts the container; rejects with a DockerError when docker cannot (pull, name, daemon). */
  static async run(spec: ContainerSpec, onLine?: (line: string) => void): Promise<TaskContainer> {
    installExitHook();
    const { args, env } = dockerRunArgs(spec);
    const id = await docker(args, { env, timeoutMs: 120_000 });
    live.add(id);
    // A container that already exited has no published port: it stops its task as exited.
    const port = publishedPort(
      await docker(['port', id, `${spec.containerPort}/tcp`]).catch(() => ''),
    );
    return new TaskContainer(id, port, spec, onLine);
  }

  private constructor(
    readonly containerId: string,
    /** The loopback port the container's port is published on (none once it has exited). */
    readonly port: number | undefined,
    readonly spec: ContainerSpec,
    onLine?: (line: string) => void,
  ) {
    // `docker wait` prints the exit code once the container stops: the container's lifetime.
    this.waiter = spawn('docker', ['wait', containerId], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    this.waiter.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    this.exited = new Promise((resolve) => {
      const done = async () => {
        const code = Number.parseInt(out.trim(), 10);
        // `docker logs --follow` ends by itself once it has printed the last line of a stopped
        // container; killing it at once would lose the last lines (the reason a task stopped).
        // The container counts as running until then, so its task stops with every line logged.
        await this.logsDrained(LOG_DRAIN_MS);
        this.exit ??= { code: Number.isNaN(code) ? null : code, signal: null };
        // The task keeps its record in the ECS state; the container itself is not needed.
        void docker(['rm', '-f', containerId])
          .catch(() => undefined)
          .finally(() => {
            live.delete(containerId);
            resolve(this.exit!);
          });
      };
      this.waiter.once('close', () => void done());
      this.waiter.once('error', () => void done());
    });
    // One pipe for both streams: `docker logs` writes the lines in the order the container did,
    // which two pipes read separately would not keep (a failure's last line must stay last).
    this.logs = spawn('sh', ['-c', 'exec docker logs --follow "$0" 2>&1', containerId], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    this.logs.stdout!.on('data', lineCollector(this.logTail, onLine));
    this.logs.on('error', () => undefined);
    this.logsClosed = new Promise((resolve) => this.logs.once('close', () => resolve()));
  }

  /** Waits for the log stream to end, at most `ms`; then stops following. */
  private async logsDrained(ms: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
    await Promise.race([this.logsClosed, timeout]);
    clearTimeout(timer);
    this.logs.kill();
  }

  get running(): boolean {
    return this.exit === undefined;
  }

  /** `docker stop -t`: SIGTERM, then SIGKILL after `timeoutS` (default: the stop timeout). */
  stop(timeoutS: number = this.spec.stopTimeoutS): Promise<ExitInfo> {
    if (this.running && !this.stopping) {
      this.stopping = docker(['stop', '-t', String(Math.ceil(timeoutS)), this.containerId], {
        timeoutMs: (timeoutS + 30) * 1000,
      }).then(
        () => this.exited,
        // Gone already (removed by someone else): `docker wait` ends with it.
        () => this.exited,
      );
    }
    return this.stopping ?? this.exited;
  }
}
