import { spawn } from 'node:child_process';
import { ActionError } from '../errors/action-error.js';

export interface DockerResult {
  code: number;
  /** stdout and stderr interleaved as they came, kept for error explanations. */
  output: string;
}

export interface DockerRunOptions {
  /** Written to stdin, then closed (passwords go this way, never on the command line). */
  input?: string;
  env?: Record<string, string>;
  /** Each output line as it arrives (the build log). */
  onLine?: (line: string) => void;
}

/** The docker CLI as a process: arguments in, exit code and output out. */
export class DockerCli {
  /** `env` is what the docker CLI inherits: the step's environment, passed down from main.ts. */
  constructor(
    private readonly env: Readonly<Record<string, string | undefined>>,
    private readonly command = 'docker',
  ) {}

  run(args: readonly string[], options: DockerRunOptions = {}): Promise<DockerResult> {
    return new Promise((resolve, reject) => {
      const child = spawn(this.command, args, {
        env: { ...this.env, ...options.env },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let output = '';
      let partial = '';
      const take = (chunk: Buffer) => {
        const text = chunk.toString('utf8');
        output += text;
        if (!options.onLine) return;
        const lines = (partial + text).split(/\r?\n/);
        partial = lines.pop() ?? '';
        for (const line of lines) options.onLine(line);
      };
      child.stdout.on('data', take);
      child.stderr.on('data', take);
      child.on('error', reject);
      child.on('close', (code) => {
        if (partial && options.onLine) options.onLine(partial);
        resolve({ code: code ?? 1, output });
      });
      child.stdin.end(options.input ?? '');
    });
  }
}

export interface BuilderInfo {
  buildx: boolean;
  /** buildx driver of the current builder (`docker`, `docker-container`, ...). */
  driver?: string;
  /** The engine's own platform, e.g. `linux/amd64`: all the classic builder can produce. */
  nativePlatform: string;
  /**
   * Without buildx, whether `DOCKER_BUILDKIT=1 docker build` reaches the engine's own BuildKit:
   * clients 18.09 to 22.x carry it built in (Debian's docker.io 20.10); 23+ need buildx for it.
   */
  engineBuildKit?: boolean;
}

/**
 * Which builder this runner has. A runner without Docker is an expected failure (a job on the
 * wrong runner, a daemon not started): one line with the fix, not a stack trace.
 */
export async function detectBuilder(docker: Pick<DockerCli, 'run'>): Promise<BuilderInfo> {
  const [server, version] = await Promise.all([
    docker.run([
      'version',
      '--format',
      '{{.Server.Os}}/{{.Server.Arch}} {{.Client.Version}} {{.Server.Version}}',
    ]),
    docker.run(['buildx', 'version']),
  ]).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    throw new ActionError(
      'The docker CLI is not installed on this runner (spawn docker: ENOENT).',
      'Run the job on a runner with Docker (the GitHub-hosted Ubuntu runners have it), or install Docker in an earlier step.',
    );
  });
  if (server.code !== 0) {
    const reason = lastLine(server.output);
    throw new ActionError(
      `docker engine is not reachable: ${reason}${/[.?!]$/.test(reason) ? '' : '.'}`,
      'Start the Docker daemon on the runner (`docker version` must show a Server), or run the job on a runner with Docker.',
    );
  }
  const [nativePlatform = '', client = '', engine = ''] = lastLine(server.output).split(' ');
  if (version.code !== 0) {
    return { buildx: false, nativePlatform, engineBuildKit: hasEngineBuildKit(client, engine) };
  }
  const inspect = await docker.run(['buildx', 'inspect']);
  const driver = /^Driver:\s*(\S+)/m.exec(inspect.output)?.[1];
  return { buildx: true, driver, nativePlatform };
}

/** Whether a docker client without buildx can use the engine's BuildKit (see BuilderInfo). Pure. */
export function hasEngineBuildKit(clientVersion: string, engineVersion: string): boolean {
  const atLeast1809 = (v: string) => {
    const m = /^(\d+)\.(\d+)/.exec(v);
    return Boolean(m) && Number(m![1]) * 100 + Number(m![2]) >= 1809;
  };
  const clientMajor = Number(/^(\d+)\./.exec(clientVersion)?.[1] ?? NaN);
  return atLeast1809(clientVersion) && clientMajor < 23 && atLeast1809(engineVersion);
}

export function lastLine(text: string): string {
  return (
    text
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean)
      .pop() ?? ''
  );
}
