/**
 * How a container of a task definition becomes a local process: the command that runs the image,
 * the container's environment (plus its secrets, resolved from the emulated Secrets Manager map),
 * and the port mapping (containerPort -> a free loopback port, passed as PORT).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface LaunchSpec {
  command: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  /** The container's stopTimeout: SIGKILL this long after SIGTERM (ECS default 30 s). */
  stopTimeoutMs: number;
}

/**
 * Maps a container to the command that runs its image locally. `command` is a one-off task's
 * command (RunTask's override, else the container's own): without one the image's default runs.
 */
export type ImageCommand = (
  container: Record<string, any>,
  command?: string[],
) => {
  command: string;
  args: string[];
  cwd: string;
};

const APP_DIR = fileURLToPath(new URL('../../app/', import.meta.url));

/**
 * Every image runs the sample service from source, as `npm start -w app` does: never a stale
 * bundle, and about 0.4 s to listen on PostgreSQL. The container's own `command` is ignored
 * (it names paths inside the image).
 */
export const runSampleApp: ImageCommand = (_container, command) =>
  command?.length
    ? sourceCommand(command, APP_DIR)
    : { command: process.execPath, args: ['--import', 'tsx', 'src/main.ts'], cwd: APP_DIR };

/**
 * [infer] A one-off task's command as a process (emulator/README.md "One-off tasks"): it runs in
 * the image's source directory, `node` is this Node binary, and `node <name>.mjs ...` of the
 * image's bundle runs its source `src/<name>.ts` through tsx (`server.mjs` is `src/main.ts`), so
 * `["node", "migrate.mjs"]` in a task definition runs `src/migrate.ts` from the checkout.
 */
export function sourceCommand(
  command: string[],
  cwd: string,
): { command: string; args: string[]; cwd: string } {
  const [program = '', ...rest] = command;
  if (program !== 'node') return { command: program, args: rest, cwd };
  const bundle = /^(?:\.\/|\/app\/)?([\w-]+)\.mjs$/.exec(rest[0] ?? '');
  const source = bundle ? join('src', `${bundle[1] === 'server' ? 'main' : bundle[1]}.ts`) : '';
  if (bundle && existsSync(join(cwd, source)))
    return { command: process.execPath, args: ['--import', 'tsx', source, ...rest.slice(1)], cwd };
  return { command: process.execPath, args: rest, cwd };
}

export const DEFAULT_STOP_TIMEOUT_S = 30;

/** The container that receives load balancer traffic: the task set's, else the first essential one. */
export function trafficContainer(
  taskDefinition: Record<string, any>,
  containerName: string | undefined,
): Record<string, any> | undefined {
  const containers = (taskDefinition.containerDefinitions ?? []) as Record<string, any>[];
  return (
    containers.find((c) => c.name === containerName) ??
    containers.find((c) => c.essential !== false) ??
    containers[0]
  );
}

/** Secret values the tasks' `secrets` resolve to, by ARN (a missing one fails the task as on ECS). */
export type SecretValues = Record<string, string>;

export function launchSpec(
  container: Record<string, any>,
  hostPort: number,
  secrets: SecretValues,
  image: ImageCommand,
  command?: string[],
): LaunchSpec | { error: string } {
  const resolved = containerEnvironment(container, secrets);
  if ('error' in resolved) return resolved;
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', ...resolved.env };
  env.PORT = String(hostPort);
  env.HOST = '127.0.0.1';
  return {
    ...image(container, command),
    env,
    stopTimeoutMs: stopTimeoutSeconds(container) * 1000,
  };
}

export interface ContainerEnvironment {
  /** `environment` plus the resolved `secrets` (secrets win, as on ECS). */
  env: Record<string, string>;
  /** Which names hold secret values: never put on a command line or in a log. */
  secretNames: string[];
}

/** The container's environment and its secrets resolved, or ECS's error for a missing secret. */
export function containerEnvironment(
  container: Record<string, any>,
  secrets: SecretValues,
): ContainerEnvironment | { error: string } {
  const env: Record<string, string> = {};
  const secretNames: string[] = [];
  for (const e of (container.environment ?? []) as { name?: string; value?: string }[]) {
    if (e.name) env[e.name] = e.value ?? '';
  }
  for (const s of (container.secrets ?? []) as { name?: string; valueFrom?: string }[]) {
    const value = s.valueFrom === undefined ? undefined : secrets[s.valueFrom];
    if (value === undefined) {
      // The words ECS uses when the execution role cannot read a secret.
      return {
        error: `ResourceInitializationError: unable to pull secrets or registry auth: unable to retrieve secret from asm: secret ${s.valueFrom} not found`,
      };
    }
    if (s.name) {
      env[s.name] = value;
      secretNames.push(s.name);
    }
  }
  return { env, secretNames };
}

/** The container's stopTimeout in seconds (ECS default 30). */
export function stopTimeoutSeconds(container: Record<string, any>): number {
  return Number(container.stopTimeout ?? DEFAULT_STOP_TIMEOUT_S);
}
