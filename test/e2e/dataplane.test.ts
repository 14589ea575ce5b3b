// The data plane end to end: tasks of the emulated ECS state run as real processes of app/, the
// load balancer proxies real HTTP by the listener weights, health checks decide rotation and
// Install, stops drain without losing a request, and nothing outlives stop(). Virtual time is
// frozen (speed 0) so the control plane only moves when a test jumps the clock.
import {
  CodeDeployClient,
  CreateDeploymentCommand,
  GetDeploymentCommand,
} from '@aws-sdk/client-codedeploy';
import { ECSClient, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { start, type Emulator, type Seed } from '../../emulator/index.js';
import { setRuleForward, trafficRule } from '../../emulator/elbv2/rules.js';
import { databaseUrl, servicesAvailable } from '../support/services.js';
import { appSpecRevision, renderAppSpec } from '../../lib/codedeploy/appspec.js';

const SECRET = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:web/database-url-AbCdEf';
const SCHEMA = 'dataplane_e2e';
const up = await servicesAvailable('postgres');

function taskDefinition(family: string, env: Record<string, string>, stopTimeout = 5) {
  return {
    family,
    networkMode: 'awsvpc',
    requiresCompatibilities: ['FARGATE'],
    cpu: '256',
    memory: '512',
    executionRoleArn: 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole',
    containerDefinitions: [
      {
        name: 'web',
        image: `123456789012.dkr.ecr.us-east-1.amazonaws.com/${family}:1`,
        essential: true,
        stopTimeout,
        portMappings: [{ containerPort: 8080, protocol: 'tcp' }],
        environment: Object.entries(env).map(([name, value]) => ({ name, value })),
        secrets: [{ name: 'DATABASE_URL', valueFrom: SECRET }],
      },
    ],
  };
}

const lb = (name: string, healthCheckPath = '/healthz', pair = false) => ({
  name,
  targetGroups: [
    { name: `${name}-a`, port: 8080, healthCheckPath },
    ...(pair ? [{ name: `${name}-b`, port: 8080, healthCheckPath }] : []),
  ],
  listeners: [{ port: 80, targetGroup: `${name}-a` }],
});

const service = (name: string, family: string, desiredCount: number, controller = 'ECS') => ({
  serviceName: name,
  taskDefinition: family,
  desiredCount,
  launchType: 'FARGATE' as const,
  deploymentController: controller as 'ECS',
  targetGroup: `${name}-a`,
  containerName: 'web',
  containerPort: 8080,
});

const seed: Seed = {
  account: '123456789012',
  region: 'us-east-1',
  taskDefinitions: [
    taskDefinition('blue', { APP_VERSION: 'blue-v1', APP_COLOR: 'blue' }),
    taskDefinition('green', { APP_VERSION: 'green-v1', APP_COLOR: 'green' }),
    taskDefinition('web', { APP_VERSION: 'v1' }),
    // Exits at start (invalid colour): its task set can never become healthy.
    taskDefinition('web', { APP_VERSION: 'v2', APP_COLOR: 'not a colour' }),
  ],
  loadBalancers: [
    lb('split', '/healthz', true),
    lb('pool'),
    lb('missing', '/missing'),
    lb('web', '/healthz', true),
  ],
  // One cluster per service: task set ids are only unique within a service in the emulator, and
  // tasks are matched to their set across the cluster (reported; see the data plane report).
  clusters: [
    { name: 'split', services: [{ ...service('split', 'blue', 1), targetGroup: 'split-a' }] },
    {
      name: 'split-green',
      services: [{ ...service('split-green', 'green', 1), targetGroup: 'split-b' }],
    },
    { name: 'pool', services: [service('pool', 'blue', 2)] },
    { name: 'missing', services: [service('missing', 'blue', 1)] },
    { name: 'dp', services: [service('web', 'web:1', 1, 'CODE_DEPLOY')] },
  ],
  applications: [
    {
      name: 'AppECS-dp-web',
      deploymentGroups: [
        {
          name: 'DgpECS-dp-web',
          service: 'dp/web',
          targetGroups: ['web-a', 'web-b'],
          productionListener: 'web:80',
          autoRollbackEvents: ['DEPLOYMENT_FAILURE'],
        },
      ],
    },
  ],
} as Seed;

let emulator: Emulator;
const pids = new Set<number>();

const listener = (name: string) => emulator.dataplane!.listener(`${name}:80`);
const targets = () => {
  const list = emulator.dataplane!.targetList();
  for (const t of list) if (t.pid) pids.add(t.pid);
  return list;
};

async function waitFor<T>(what: string, probe: () => T | undefined | false, ms = 20_000) {
  const until = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const healthyIn = (group: string, n: number) =>
  waitFor(
    `${n} healthy targets in ${group}`,
    () =>
      targets().filter((t) => t.targetGroupName === group && t.health === 'healthy').length >= n,
  );

async function version(url: string): Promise<string> {
  const res = await fetch(`${url}/version`);
  if (res.status !== 200) return `HTTP ${res.status}`;
  return ((await res.json()) as { version: string }).version;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe.skipIf(!up)('emulator data plane', () => {
  beforeAll(async () => {
    const client = new pg.Client({ connectionString: databaseUrl() });
    await client.connect();
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${SCHEMA}`);
    await client.end();
    const url = new URL(databaseUrl());
    url.searchParams.set('options', `-c search_path=${SCHEMA}`);
    emulator = await start({
      seed,
      speed: 0,
      dataplane: {
        secrets: { [SECRET]: url.toString() },
        healthCheckIntervalMs: 100,
        healthCheckTimeoutMs: 300,
        deregistrationDelayMs: 100,
      },
    });
    Object.assign(process.env, emulator.env());
    await healthyIn('split-a', 1);
    await healthyIn('split-b', 1);
    await healthyIn('pool-a', 2);
  });

  afterAll(async () => {
    await emulator?.stop();
  });

  it('splits requests by the listener weights (90/10 over 200 requests)', async () => {
    const split = trafficRule(emulator.state, listener('split').listenerArn)!;
    const [a, b] = ['split-a', 'split-b'].map(
      (name) => [...emulator.state.elb.targetGroups.values()].find((tg) => tg.name === name)!.arn,
    );
    // What CodeDeploy writes during a 10 % canary.
    setRuleForward(emulator.state, split, [
      { targetGroupArn: a!, weight: 90 },
      { targetGroupArn: b!, weight: 10 },
    ]);
    const counts: Record<string, number> = {};
    for (let i = 0; i < 200; i++) {
      const v = await version(listener('split').url);
      counts[v] = (counts[v] ?? 0) + 1;
    }
    expect(counts['blue-v1']! + counts['green-v1']!).toBe(200);
    expect(counts['green-v1']).toBeGreaterThanOrEqual(15);
    expect(counts['green-v1']).toBeLessThanOrEqual(25);
    expect(listener('split').forward.map((f) => f.weight)).toEqual([90, 10]);
  });

  it('an unhealthy target leaves rotation at once; ECS then replaces its task', async () => {
    const [frozen, other] = targets().filter((t) => t.targetGroupName === 'pool-a');
    const served = () => listener('pool').stats.byTarget;
    process.kill(frozen!.pid!, 'SIGSTOP'); // its health checks now time out
    try {
      await waitFor('the frozen target to leave rotation', () =>
        targets().some((t) => t.taskArn === frozen!.taskArn && t.health !== 'healthy'),
      );
      const before = served()[frozen!.taskArn] ?? 0;
      for (let i = 0; i < 20; i++) expect(await version(listener('pool').url)).toBe('blue-v1');
      expect(served()[frozen!.taskArn] ?? 0).toBe(before);
      expect(served()[other!.taskArn]).toBeGreaterThanOrEqual(20);
    } finally {
      process.kill(frozen!.pid!, 'SIGCONT'); // lets it take the SIGTERM of its stop
    }
    await waitFor('the frozen task to exit', () => !alive(frozen!.pid!));
    const task = emulator.state.ecs.clusters
      .get('pool')!
      .tasks.find((t) => t.taskArn === frozen!.taskArn);
    expect(task?.stoppedReason).toMatch(/^Task failed ELB health checks in \(target-group /);
    await healthyIn('pool-a', 2);
    const replacement = targets().find(
      (t) => t.targetGroupName === 'pool-a' && t.taskArn !== other!.taskArn,
    )!;
    for (let i = 0; i < 10; i++) await version(listener('pool').url);
    expect(served()[replacement.taskArn]).toBe(5);
  });

  it("health checks use the target group's path: a 404 there is unhealthy", async () => {
    const target = await waitFor('the target on /missing to be unhealthy', () =>
      targets().find((t) => t.targetGroupName === 'missing-a' && t.health === 'unhealthy'),
    );
    expect(target.reason).toBe('Target.ResponseCodeMismatch (404)');
    const task = emulator.state.ecs.clusters
      .get('missing')!
      .tasks.find((t) => t.taskArn === target.taskArn);
    expect(task?.healthStatus).toBe('UNHEALTHY');
  });

  it('stopping a task deregisters it, then SIGTERM: no request is lost', async () => {
    let stop = false;
    const statuses: (number | string)[] = [];
    const worker = async () => {
      for (let i = 0; i < 400 && !stop; i++) {
        try {
          statuses.push((await fetch(`${listener('pool').url}/healthz`)).status);
        } catch (error) {
          statuses.push(String(error));
        }
      }
    };
    const load = Promise.all([worker(), worker(), worker(), worker()]);
    await new Promise((r) => setTimeout(r, 200));
    await new ECSClient({}).send(
      new UpdateServiceCommand({ cluster: 'pool', service: 'pool', desiredCount: 1 }),
    );
    const leaving = await waitFor('a pool target to be deregistered', () =>
      targets().find((t) => t.targetGroupName === 'pool-a' && t.health === 'draining'),
    );
    await waitFor('the stopped task to exit', () => !alive(leaving.pid!));
    await new Promise((r) => setTimeout(r, 200));
    stop = true;
    await load;
    expect(statuses.length).toBeGreaterThan(40);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    const task = emulator.state.ecs.clusters
      .get('pool')!
      .tasks.find((t) => t.taskArn === leaving.taskArn);
    expect(task?.lastStatus).toBe('STOPPED');
    expect(targets().some((t) => t.taskArn === leaving.taskArn)).toBe(false);
  });

  it('a replacement task set that never becomes healthy fails Install after 60 minutes', async () => {
    const codedeploy = new CodeDeployClient({});
    const appspec = appSpecRevision(
      renderAppSpec({
        containerName: 'web',
        containerPort: 8080,
        taskDefinition: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:2',
      }),
    ).content;
    const { deploymentId } = await codedeploy.send(
      new CreateDeploymentCommand({
        applicationName: 'AppECS-dp-web',
        deploymentGroupName: 'DgpECS-dp-web',
        revision: { revisionType: 'AppSpecContent', appSpecContent: { content: appspec } },
      }),
    );
    emulator.clock.advance(5_000); // past Created: Install starts the green task set
    const cluster = emulator.state.ecs.clusters.get('dp')!;
    await waitFor('a green task to exit on its bad configuration', () =>
      cluster.tasks.some(
        (t) => t.taskDefinitionArn.endsWith('web:2') && t.stopCode === 'EssentialContainerExited',
      ),
    );
    emulator.clock.advance(61 * 60_000);
    emulator.scheduler.tick();
    const { deploymentInfo } = await codedeploy.send(new GetDeploymentCommand({ deploymentId }));
    expect(deploymentInfo?.status).toBe('Failed');
    expect(deploymentInfo?.errorInformation?.code).toBe('TIMEOUT');
    expect(deploymentInfo?.errorInformation?.message).toContain(
      'waiting for the replacement task set to become healthy',
    );
    // Production traffic never left v1.
    expect(await version(listener('web').url)).toBe('v1');
  });

  it('stop() leaves no task process behind', async () => {
    targets();
    expect(pids.size).toBeGreaterThanOrEqual(6);
    await emulator.stop();
    emulator = undefined as unknown as Emulator;
    expect([...pids].filter(alive)).toEqual([]);
  });

  it('an emulator process that crashes takes its tasks with it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dataplane-crash-'));
    const script = join(dir, 'crash.mts');
    const index = fileURLToPath(new URL('../../emulator/index.ts', import.meta.url));
    writeFileSync(
      script,
      `import { start } from ${JSON.stringify(index)};
const e = await start({ seed: ${JSON.stringify(seed)}, speed: 0,
  dataplane: { secrets: { ${JSON.stringify(SECRET)}: ${JSON.stringify(databaseUrl())} } } });
for (;;) {
  const t = e.dataplane.targetList();
  if (t.length >= 6 && t.every((x) => x.pid)) { console.log(JSON.stringify(t.map((x) => x.pid))); break; }
  await new Promise((r) => setTimeout(r, 50));
}
throw new Error('emulator crashed');
`,
    );
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      cwd: process.cwd(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    const crashed = JSON.parse(out.trim()) as number[];
    expect(crashed.length).toBeGreaterThanOrEqual(6);
    // SIGKILLed from the crashing process's exit hook; delivery takes a moment.
    await waitFor('the orphaned tasks to die', () => crashed.every((pid) => !alive(pid)), 5000);
  });
});
