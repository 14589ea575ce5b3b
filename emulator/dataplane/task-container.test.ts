import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { servicesAvailable } from '../../test/support/services.js';
import { docker, removeContainers } from './docker-engine.js';
import { dockerRunArgs, publishedPort, TaskContainer } from './task-container.js';
import { waitFor } from '../../test/support/wait-for.js';

const run = promisify(execFile);

const spec = {
  image: '127.0.0.1:5000/web@sha256:abc',
  pull: true,
  env: { APP_VERSION: 'v2', DATABASE_URL: 'postgres://u:hunter2@db/x' },
  secretNames: ['DATABASE_URL'],
  containerPort: 8080,
  stopTimeoutS: 5,
  owner: 'e1',
  taskArn: 'arn:aws:ecs:us-east-1:123456789012:task/c/t1',
};

describe('dockerRunArgs', () => {
  it('labels, loopback publish, stop timeout, and the image last', () => {
    const { args } = dockerRunArgs(spec);
    expect(args.slice(0, 4)).toEqual(['run', '-d', '--pull', 'missing']);
    expect(args).toContain('org-actions-emulator=e1');
    expect(args).toContain(`org-actions-emulator.pid=${process.pid}`);
    expect(args).toContain(`org-actions-emulator.task=${spec.taskArn}`);
    expect(args.join(' ')).toContain('--publish 127.0.0.1::8080 --stop-timeout 5');
    expect(args.at(-1)).toBe(spec.image);
    const withCommand = dockerRunArgs({ ...spec, entryPoint: ['node', '-e'], command: ['1'] }).args;
    expect(withCommand.slice(-5)).toEqual(['--entrypoint', 'node', spec.image, '-e', '1']);
    expect(dockerRunArgs({ ...spec, pull: false }).args.slice(2, 4)).toEqual(['--pull', 'never']);
  });

  it('readonlyRootFilesystem: --read-only, each writable mount point a tmpfs', () => {
    const { args } = dockerRunArgs({ ...spec, readOnlyRoot: { writablePaths: ['/tmp'] } });
    expect(args.join(' ')).toContain('--read-only --tmpfs /tmp');
    expect(args.at(-1)).toBe(spec.image);
    expect(dockerRunArgs(spec).args).not.toContain('--read-only');
  });

  it('puts plain variables on the command line and secrets only in the CLI environment', () => {
    const { args, env } = dockerRunArgs(spec);
    expect(args).toContain('APP_VERSION=v2');
    expect(args).toContain('DATABASE_URL');
    expect(args.join(' ')).not.toContain('hunter2');
    expect(env).toEqual({ DATABASE_URL: 'postgres://u:hunter2@db/x' });
  });
});

describe('publishedPort', () => {
  it('reads the loopback binding of `docker port`', () => {
    expect(publishedPort('127.0.0.1:49153')).toBe(49153);
    expect(publishedPort('0.0.0.0:1\n127.0.0.1:49154\n')).toBe(49154);
    expect(publishedPort('')).toBeUndefined();
  });
});

// The real engine: stop semantics and exit codes, on the local node-only base image.
const dockerUp = await servicesAvailable('docker');

describe.skipIf(!dockerUp)('TaskContainer (Docker)', () => {
  const owner = `unit-${process.pid}`;
  let base = '';
  beforeAll(async () => {
    base = (await run('bash', ['app/scripts/base-image.sh'])).stdout.trim();
  }, 60_000);
  afterAll(async () => {
    await removeContainers(`org-actions-emulator=${owner}`);
  });

  const container = (script: string, stopTimeoutS: number, onLine?: (line: string) => void) =>
    TaskContainer.run(
      {
        image: base,
        pull: false,
        env: { GREETING: 'up' },
        secretNames: [],
        command: ['node', '-e', `console.log(process.env.GREETING); ${script}`],
        containerPort: 8080,
        stopTimeoutS,
        owner,
        taskArn: 'arn:aws:ecs:us-east-1:123456789012:task/c/unit',
      },
      onLine,
    );

  it('docker stop: SIGKILL (137) after the stop timeout when SIGTERM is ignored; then removed', async () => {
    const task = await container("process.on('SIGTERM', () => {}); setInterval(() => {}, 1000)", 1);
    expect(task.port).toBeGreaterThan(0);
    await waitFor('the task to log "up"', () => task.logTail.includes('up'));
    const started = Date.now();
    expect(await task.stop()).toEqual({ code: 137, signal: null });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    await expect(docker(['inspect', task.containerId])).rejects.toThrow(/No such/i);
  });

  it('a container that exits by itself reports its exit code', async () => {
    const task = await container('process.exit(3)', 5);
    expect(await task.exited).toEqual({ code: 3, signal: null });
    expect(task.running).toBe(false);
    expect(task.logTail).toContain('up');
  });

  it('a container that exits at once counts as running until its last stderr line is logged', async () => {
    // A one-off task's log tail is read once the task is STOPPED: its last lines must be there.
    // Many lines first, so `docker logs` is still streaming when `docker wait` returns.
    const script =
      'for (let i = 0; i < 200000; i++) console.log("line " + i); ' +
      'console.error("ERROR: already exists"); process.exitCode = 3';
    const lines: string[] = [];
    const task = await container(script, 5, (line) => lines.push(line));
    while (task.running) await new Promise((resolve) => setImmediate(resolve));
    // Docker copies stdout and stderr separately: their order between the two streams is its own.
    expect(lines).toHaveLength(200_002);
    expect(lines).toContain('ERROR: already exists');
  });

  it('an image that is not on this machine is not pulled from anywhere', async () => {
    await expect(
      TaskContainer.run({
        image: `org/absent-${owner}:none`,
        pull: false,
        env: {},
        secretNames: [],
        containerPort: 8080,
        stopTimeoutS: 1,
        owner,
        taskArn: 'arn:aws:ecs:us-east-1:123456789012:task/c/absent',
      }),
    ).rejects.toThrow(/no such image/i);
  });
});
