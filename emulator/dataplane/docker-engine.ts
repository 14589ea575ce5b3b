/**
 * The Docker engine as the container runtime uses it: the docker CLI, one call at a time. Every
 * container the data plane starts carries OWNER_LABEL (= the data plane's instance id) and
 * OWNER_PID_LABEL (= the emulator's pid), so cleanup finds them by label, and a later emulator
 * can remove what one that was SIGKILLed left behind.
 */
import { execFile } from 'node:child_process';

export const OWNER_LABEL = 'org-actions-emulator';
export const OWNER_PID_LABEL = 'org-actions-emulator.pid';
export const TASK_LABEL = 'org-actions-emulator.task';

export class DockerError extends Error {
  constructor(
    readonly args: string[],
    readonly stderr: string,
    readonly exitCode: number | string | undefined,
  ) {
    super(`docker ${args[0] ?? ''}: ${firstLine(stderr) || `exit ${exitCode}`}`);
  }
}

function firstLine(text: string): string {
  return (
    text
      .split('\n')
      .map((l) => l.trim())
      .find(Boolean) ?? ''
  );
}

export interface DockerCall {
  /** Extra environment of the docker CLI (how secret values reach `-e NAME` without argv). */
  env?: Record<string, string>;
  timeoutMs?: number;
}

/** Runs `docker <args>`; resolves with its trimmed stdout, rejects with a DockerError. */
export function docker(args: string[], call: DockerCall = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'docker',
      args,
      {
        env: call.env ? { ...process.env, ...call.env } : process.env,
        timeout: call.timeoutMs ?? 60_000,
        maxBuffer: 4 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        if (error) {
          reject(new DockerError(args, String(stderr || error.message), error.code ?? undefined));
        } else {
          resolve(String(stdout).trim());
        }
      },
    );
  });
}

/** Whether a Docker engine answers (the CLI exists and the daemon replies). */
export async function dockerAnswers(): Promise<boolean> {
  try {
    return (await docker(['info', '--format', '{{.ServerVersion}}'], { timeoutMs: 10_000 })) !== '';
  } catch {
    return false;
  }
}

/** Force-removes every container matching a label filter; resolves with their ids. */
export async function removeContainers(labelFilter: string): Promise<string[]> {
  const ids = (await docker(['ps', '-aq', '--filter', `label=${labelFilter}`]))
    .split('\n')
    .filter(Boolean);
  if (ids.length) await docker(['rm', '-f', ...ids]);
  return ids;
}

/**
 * Removes containers of emulators that no longer run (killed with SIGKILL: no exit hook ran).
 * Containers of live emulators, other test runs' included, are left alone.
 */
export async function removeOrphans(
  alive: (pid: number) => boolean = processAlive,
): Promise<string[]> {
  const lines = (
    await docker([
      'ps',
      '-a',
      '--filter',
      `label=${OWNER_LABEL}`,
      '--format',
      `{{.ID}} {{.Label "${OWNER_PID_LABEL}"}}`,
    ])
  )
    .split('\n')
    .filter(Boolean);
  const orphans = lines
    .map((line) => line.split(' '))
    .filter(([, pid]) => pid && !alive(Number(pid)))
    .map(([id]) => id!);
  if (orphans.length) await docker(['rm', '-f', ...orphans]);
  return orphans;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
