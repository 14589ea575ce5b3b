// An ECS-native CANARY deployment under steady traffic through the emulator's data plane: the
// tasks run as real processes of app/, the load balancer routes by the listener rules ECS rewrites.
// A good canary loses no production request and really splits; a green that crashes at start trips
// the circuit breaker and production never leaves the previous revision. Virtual time is frozen
// (speed 0): the control plane moves when the test jumps the clock.
import {
  DescribeServiceDeploymentsCommand,
  ECSClient,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { start, type Emulator, type Seed } from '../../emulator/index.js';
import { databaseUrl, servicesAvailable } from '../support/services.js';

const SECRET = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:web/database-url-AbCdEf';
const SCHEMA = 'dataplane_native_e2e';
const up = await servicesAvailable('postgres');

function taskDefinition(env: Record<string, string>) {
  return {
    family: 'web',
    networkMode: 'awsvpc',
    requiresCompatibilities: ['FARGATE'],
    cpu: '256',
    memory: '512',
    executionRoleArn: 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole',
    containerDefinitions: [
      {
        name: 'web',
        image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1',
        essential: true,
        stopTimeout: 5,
        portMappings: [{ containerPort: 8080, protocol: 'tcp' }],
        environment: Object.entries(env).map(([name, value]) => ({ name, value })),
        secrets: [{ name: 'DATABASE_URL', valueFrom: SECRET }],
      },
    ],
  };
}

const forward = [
  { targetGroup: 'nat-a', weight: 1 },
  { targetGroup: 'nat-b', weight: 0 },
];
const seed = {
  account: '123456789012',
  region: 'us-east-1',
  taskDefinitions: [
    taskDefinition({ APP_VERSION: 'v1' }),
    taskDefinition({ APP_VERSION: 'v2' }),
    // Exits at start (invalid colour): its tasks can never become healthy.
    taskDefinition({ APP_VERSION: 'v3', APP_COLOR: 'not a colour' }),
  ],
  loadBalancers: [
    {
      name: 'nat',
      targetGroups: [
        { name: 'nat-a', port: 8080, healthCheckPath: '/healthz' },
        { name: 'nat-b', port: 8080, healthCheckPath: '/healthz' },
      ],
      listeners: [
        {
          port: 80,
          targetGroup: 'nat-a',
          rules: [{ priority: 10, conditions: { pathPattern: ['/*'] }, forward }],
        },
        {
          port: 8443,
          targetGroup: 'nat-a',
          rules: [{ priority: 10, conditions: { pathPattern: ['/*'] }, forward }],
        },
      ],
    },
  ],
  clusters: [
    {
      name: 'nat',
      services: [
        {
          serviceName: 'web',
          taskDefinition: 'web:1',
          desiredCount: 2,
          deploymentController: 'ECS',
          strategy: 'CANARY',
          deploymentConfiguration: {
            bakeTimeInMinutes: 1,
            canaryConfiguration: { canaryPercent: 20, canaryBakeTimeInMinutes: 5 },
            deploymentCircuitBreaker: { enable: true, rollback: true },
          },
          targetGroup: 'nat-a',
          alternateTargetGroup: 'nat-b',
          productionListenerRule: 'nat:80:10',
          testListenerRule: 'nat:8443:10',
          containerName: 'web',
          containerPort: 8080,
        },
      ],
    },
  ],
} as Seed;

let emulator: Emulator;
const ecs = () => new ECSClient({});

async function waitFor<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  ms = 30_000,
) {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const healthyIn = (group: string, n: number) =>
  waitFor(
    `${n} healthy targets in ${group}`,
    () =>
      emulator
        .dataplane!.targetList()
        .filter((t) => t.targetGroupName === group && t.health === 'healthy').length >= n,
  );

async function status(arn: string) {
  const out = await ecs().send(
    new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn] }),
  );
  return out.serviceDeployments![0]!;
}

/** Steady traffic on the production listener until stopped: status and version of every answer. */
function steadyTraffic() {
  const url = emulator.dataplane!.listener('nat:80').url;
  const answers: string[] = [];
  let stop = false;
  const worker = async () => {
    while (!stop) {
      try {
        const res = await fetch(`${url}/version`);
        answers.push(
          res.status === 200
            ? ((await res.json()) as { version: string }).version
            : `HTTP ${res.status}`,
        );
      } catch (error) {
        answers.push(String(error));
      }
    }
  };
  const running = Promise.all([worker(), worker(), worker()]);
  return {
    answers,
    async end() {
      stop = true;
      await running;
      return answers;
    },
  };
}

async function deploy(taskDefinition: string): Promise<string> {
  const out = await ecs().send(
    new UpdateServiceCommand({ cluster: 'nat', service: 'web', taskDefinition }),
  );
  return out.service!.currentServiceDeployment!;
}

describe.skipIf(!up)('ECS-native canary on the data plane', () => {
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
    await healthyIn('nat-a', 2);
  });

  afterAll(async () => {
    await emulator?.stop();
  });

  it('a good canary under steady traffic loses no production request and really splits', async () => {
    const traffic = steadyTraffic();
    const arn = await deploy('web:2');
    await healthyIn('nat-b', 2);
    await waitFor(
      'the canary step',
      async () => (await status(arn)).lifecycleStage === 'PRODUCTION_TRAFFIC_SHIFT',
    );
    const atCanary = traffic.answers.length;
    await waitFor('200 answers during the canary', () => traffic.answers.length - atCanary >= 200);
    const canary = traffic.answers.slice(atCanary);
    emulator.clock.advance(5 * 60_000); // canary bake over: 100 % to green
    emulator.scheduler.tick();
    emulator.clock.advance(60_000); // bake time over: blue cleaned up
    emulator.scheduler.tick();
    await waitFor('SUCCESSFUL', async () => {
      emulator.scheduler.tick();
      return (await status(arn)).status === 'SUCCESSFUL';
    });
    await new Promise((r) => setTimeout(r, 300));
    const answers = await traffic.end();
    expect(answers.length).toBeGreaterThan(50);
    expect(answers.filter((v) => v !== 'v1' && v !== 'v2')).toEqual([]);
    const greenShare = canary.filter((v) => v === 'v2').length / canary.length;
    expect(greenShare).toBeGreaterThan(0.05);
    expect(greenShare).toBeLessThan(0.45);
    expect(answers.slice(-20).every((v) => v === 'v2')).toBe(true);
  });

  it('a green that crashes at start trips the circuit breaker; production stays on the previous revision', async () => {
    const traffic = steadyTraffic();
    const arn = await deploy('web:3');
    const d = await waitFor('the rollback', async () => {
      const s = await status(arn);
      return s.status === 'ROLLBACK_SUCCESSFUL' && s;
    });
    const answers = await traffic.end();
    expect(d.statusReason).toBe(
      'Service deployment rolled back because the circuit breaker threshold was exceeded.',
    );
    expect(d.deploymentCircuitBreaker!.failureCount).toBeGreaterThanOrEqual(3);
    expect(answers.length).toBeGreaterThan(20);
    expect(answers.filter((v) => v !== 'v2')).toEqual([]);
  });
});
