import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Socket } from 'node:net';

const run = promisify(execFile);

/** The real services tests may need, how to probe each and how to start it. */
export const SERVICES = {
  docker: {
    probe: async () =>
      (
        await run('docker', ['info', '--format', '{{.ServerVersion}}'], { timeout: 10_000 })
      ).stdout.trim() !== '',
    start: 'run `sudo bash scripts/services.sh` (starts dockerd)',
  },
  registry: {
    probe: async () =>
      (await fetch(`http://${registryAddress()}/v2/`, { signal: AbortSignal.timeout(3000) })).ok,
    start: 'run `sudo bash scripts/services.sh` (starts docker-registry on 127.0.0.1:5000)',
  },
  postgres: {
    probe: async () => {
      const url = new URL(databaseUrl());
      return portOpen(url.hostname, Number(url.port || 5432));
    },
    start:
      'run `sudo bash scripts/services.sh` (starts PostgreSQL on 127.0.0.1:5432) or set TEST_DATABASE_URL',
  },
} as const;

export type ServiceName = keyof typeof SERVICES;

export function databaseUrl(): string {
  return process.env.TEST_DATABASE_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/postgres';
}

export function registryAddress(): string {
  return process.env.TEST_REGISTRY ?? '127.0.0.1:5000';
}

/**
 * Whether the named services are up. In CI (CI=true) a missing service is an error, so the test
 * file fails instead of skipping; elsewhere the caller skips and the reason is printed once.
 */
export async function servicesAvailable(...names: ServiceName[]): Promise<boolean> {
  const down: ServiceName[] = [];
  for (const name of names) {
    const up = await SERVICES[name].probe().catch(() => false);
    if (!up) down.push(name);
  }
  if (down.length === 0) return true;
  const how = down.map((n) => `${n}: ${SERVICES[n].start}`).join('; ');
  if (process.env.CI === 'true') {
    throw new Error(`CI=true and these services are not running: ${how}`);
  }
  console.warn(`skipping: ${down.join(', ')} not running (${how})`);
  return false;
}

function portOpen(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.setTimeout(2000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
    socket.connect(port, host);
  });
}
