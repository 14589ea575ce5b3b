// `POST /_emulator/unhealthy` with the data plane on: the marked task definition's targets fail
// their health checks and leave rotation, ECS stops and replaces their tasks, and unmarking lets
// the replacement back in. Tasks are tiny node HTTP servers (no database), virtual time is frozen
// (speed 0) so ECS only acts when the test jumps the clock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { controlClient } from '../control/client.js';
import { start, type Emulator, type Seed } from '../index.js';
import type { ImageCommand } from './launch.js';
import { waitFor } from '../../test/support/wait-for.js';

/** Answers every path with 200 and the task's APP_VERSION. */
const tinyServer: ImageCommand = () => ({
  command: process.execPath,
  args: [
    '-e',
    "require('node:http').createServer((q, r) => r.end(process.env.APP_VERSION)).listen(+process.env.PORT, process.env.HOST)",
  ],
  cwd: process.cwd(),
});

const taskDefinition = (family: string) => ({
  family,
  containerDefinitions: [
    {
      name: 'web',
      image: `${family}:1`,
      essential: true,
      memory: 128,
      stopTimeout: 2,
      portMappings: [{ containerPort: 8080 }],
      environment: [{ name: 'APP_VERSION', value: family }],
    },
  ],
});

const service = (serviceName: string, taskDefinition: string) => ({
  serviceName,
  taskDefinition,
  desiredCount: 1,
  launchType: 'FARGATE' as const,
  targetGroup: 'pool-a',
  containerName: 'web',
  containerPort: 8080,
});

// Two services behind one target group: one healthy target stays, so "leaves rotation" is
// visible (with none healthy an ALB fails open to the unhealthy ones).
const seed = {
  account: '123456789012',
  region: 'us-east-1',
  taskDefinitions: [taskDefinition('marked'), taskDefinition('steady')],
  loadBalancers: [
    {
      name: 'pool',
      targetGroups: [{ name: 'pool-a', port: 8080, healthCheckPath: '/healthz' }],
      listeners: [{ port: 80, targetGroup: 'pool-a' }],
    },
  ],
  clusters: [
    { name: 'pool', services: [service('marked', 'marked'), service('steady', 'steady')] },
  ],
} as Seed;

let emulator: Emulator;
const control = (method: string, path: string, body?: unknown) =>
  controlClient(emulator.url)(method, path, body);
const targets = () => emulator.dataplane!.targetList();
const pool = () => emulator.dataplane!.listener('pool:80');
const tasks = () => emulator.state.ecs.clusters.get('pool')!.tasks;

const healthy = (family: string) =>
  targets().find(
    (t) => t.taskDefinitionArn.endsWith(`/${family}:1`) && t.health === 'healthy' && t.port,
  );

async function served(n: number): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (let i = 0; i < n; i++) {
    const body = await (await fetch(pool().url)).text();
    counts[body] = (counts[body] ?? 0) + 1;
  }
  return counts;
}

describe('POST /_emulator/unhealthy with the data plane', () => {
  beforeAll(async () => {
    emulator = await start({
      seed,
      speed: 0,
      dataplane: {
        image: tinyServer,
        healthCheckIntervalMs: 50,
        healthCheckTimeoutMs: 500,
        deregistrationDelayMs: 50,
      },
    });
    await waitFor('both targets healthy', () => healthy('marked') && healthy('steady'));
  });

  afterAll(async () => {
    await emulator?.stop();
  });

  it('fails the marked tasks’ checks, takes them out of rotation, and ECS replaces them', async () => {
    expect(await served(10)).toEqual({ marked: 5, steady: 5 });
    const first = healthy('marked')!;

    await control('POST', 'unhealthy', { taskDefinition: 'marked:1' });
    // The seeded task has run for longer than ECS's 30 s (virtual): stopped once its checks fail.
    const stopped = await waitFor('ECS to stop the marked task', () =>
      tasks().find((t) => t.taskArn === first.taskArn && t.lastStatus === 'STOPPED'),
    );
    expect(stopped.stoppedReason).toMatch(/^Task failed ELB health checks in \(target-group arn:/);
    expect(targets().find((t) => t.taskArn === first.taskArn)?.health ?? 'gone').not.toBe(
      'healthy',
    );

    // Its replacement runs the same (still marked) revision: it fails too and gets no traffic.
    const replacement = tasks().find(
      (t) => t.serviceName === 'marked' && t.lastStatus === 'RUNNING',
    )!;
    expect(replacement.taskArn).not.toBe(first.taskArn);
    const failing = await waitFor('the replacement to turn unhealthy', () =>
      targets().find((t) => t.taskArn === replacement.taskArn && t.health === 'unhealthy'),
    );
    expect(failing.reason).toBe('Target.FailedHealthChecks');
    expect(await served(10)).toEqual({ steady: 10 });
    await control('GET', 'health'); // a scheduler pass reads the data plane's verdict
    expect(replacement.healthStatus).toBe('UNHEALTHY');

    await control('POST', 'unhealthy', { taskDefinition: 'marked:1', unhealthy: false });
    await waitFor('the replacement back in rotation', () =>
      targets().find((t) => t.taskArn === replacement.taskArn && t.health === 'healthy'),
    );
    expect(await served(10)).toEqual({ marked: 5, steady: 5 });
    expect(replacement.lastStatus).toBe('RUNNING');
  });
});
