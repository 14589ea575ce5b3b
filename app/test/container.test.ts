// The image as ECS runs it: built by the classic `docker build` from a context prepared by
// app/scripts/build.js, on the local base image (no Docker Hub here), then run and probed.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { servicesAvailable } from '../../test/support/services.js';

const run = promisify(execFile);
const app = fileURLToPath(new URL('..', import.meta.url));
const dockerUp = await servicesAvailable('docker');
const id = randomBytes(4).toString('hex');
const image = `org/sample-app:test-${id}`;

async function docker(...args: string[]): Promise<string> {
  return (
    await run('docker', args, { timeout: 120_000, maxBuffer: 16 * 1024 * 1024 })
  ).stdout.trim();
}

/** Starts a container from the image on a free loopback port; resolves once /healthz answers. */
async function start(name: string, env: Record<string, string>): Promise<string> {
  const envArgs = Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
  await docker('run', '-d', '--name', name, '-p', '127.0.0.1::8080', ...envArgs, image);
  const port = (await docker('port', name, '8080')).split('\n')[0]!.split(':').at(-1);
  const base = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 120; attempt++) {
    const res = await fetch(`${base}/healthz`).catch(() => undefined);
    if (res?.ok) return base;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${name} never answered /healthz: ${await docker('logs', name)}`);
}

describe.skipIf(!dockerUp)('the container image', () => {
  const context = mkdtempSync(join(tmpdir(), 'sample-app-context-'));
  const names = { main: `sample-app-${id}`, broken: `sample-app-broken-${id}` };
  let base: string;
  let brokenBase: string;

  beforeAll(async () => {
    const baseImage = (await run('bash', [join(app, 'scripts', 'base-image.sh')])).stdout.trim();
    await run(process.execPath, [join(app, 'scripts', 'build.js'), join(context, 'dist')]);
    copyFileSync(join(app, 'Dockerfile'), join(context, 'Dockerfile'));
    copyFileSync(join(app, '.dockerignore'), join(context, '.dockerignore'));
    await docker(
      'build',
      '-q',
      '-t',
      image,
      '--build-arg',
      `BASE_IMAGE=${baseImage}`,
      '--build-arg',
      'APP_VERSION=3.0.0',
      '--build-arg',
      'APP_COMMIT=abc1234',
      context,
    );
    [base, brokenBase] = await Promise.all([
      start(names.main, { APP_COLOR: 'green' }),
      start(names.broken, { APP_BROKEN: 'true' }),
    ]);
  }, 120_000);

  afterAll(async () => {
    await docker('rm', '-f', names.main, names.broken).catch(() => undefined);
    await docker('rmi', '-f', image).catch(() => undefined);
    rmSync(context, { recursive: true, force: true });
  });

  it('serves health, readiness and the release baked in at build time', async () => {
    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: 'ok' });
    expect(await (await fetch(`${base}/readyz`)).json()).toEqual({
      status: 'ready',
      database: 'embedded',
    });
    expect(await (await fetch(`${base}/version`)).json()).toEqual({
      version: '3.0.0',
      commit: 'abc1234',
      buildTime: 'unknown',
      color: 'green',
    });
  });

  it('runs as a non-root user with only the runtime files', async () => {
    expect(await docker('inspect', '--format', '{{.Config.User}}', image)).toBe('1000:1000');
    const inside = await docker(
      'exec',
      names.main,
      'node',
      '-e',
      'console.log(process.getuid(), require("fs").readdirSync("/app").join(","))',
    );
    expect(inside).toBe('1000 migrate.mjs,node_modules,package.json,server.mjs');
  });

  it('in broken mode stays healthy but fails /version', async () => {
    expect((await fetch(`${brokenBase}/healthz`)).status).toBe(200);
    expect((await fetch(`${brokenBase}/version`)).status).toBe(500);
  });

  it('stops cleanly on docker stop (SIGTERM), logging JSON', async () => {
    await docker('stop', '--time', '10', names.main);
    expect(await docker('inspect', '--format', '{{.State.ExitCode}}', names.main)).toBe('0');
    const lines = (await docker('logs', names.main))
      .split('\n')
      .map((l) => JSON.parse(l) as { msg: string });
    expect(lines.at(-1)).toMatchObject({ msg: 'stopped', forced: false });
  });
});
