// Moving a CodeDeploy blue/green service to ECS-native blue/green in place, under steady production
// traffic through the emulator's data plane, exactly as docs/guide.md tells it: the preflight
// script, its calls (rules on both target groups, the controller changed, the CodeDeploy
// application retired), then a release through the bundled bluegreen-deploy with its gate at the
// PAUSE hook the migration carried over from the Ready wait. No production request may fail.
// A second service shows the preflight naming what would break it before anything changes.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CodeDeployClient,
  CreateDeploymentCommand,
  GetApplicationCommand,
  GetDeploymentGroupCommand,
} from '@aws-sdk/client-codedeploy';
import { DescribeServicesCommand, ECSClient } from '@aws-sdk/client-ecs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { controlClient } from '../../emulator/control/client.js';
import { start, type Emulator, type Seed } from '../../emulator/index.js';
import { runAction } from '../support/run-action.js';
import { databaseUrl, servicesAvailable } from '../support/services.js';

const SECRET = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:web/database-url-AbCdEf';
const SCHEMA = 'migrate_native_e2e';
const up = await servicesAvailable('postgres');

function taskDefinition(family: string, version: string) {
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
        image: `123456789012.dkr.ecr.us-east-1.amazonaws.com/${family}:${version}`,
        essential: true,
        stopTimeout: 5,
        portMappings: [{ containerPort: 8080, protocol: 'tcp' }],
        environment: [{ name: 'APP_VERSION', value: version }],
        secrets: [{ name: 'DATABASE_URL', valueFrom: SECRET }],
      },
    ],
  };
}

/** A CodeDeploy service as the console makes it, its Ready wait holding for a gate. */
function codeDeployService(name: string, live: string, testTarget: string, desiredCount: number) {
  return {
    loadBalancer: {
      name,
      targetGroups: ['blue', 'green', 'other'].map((c) => ({
        name: `${name}-${c}`,
        port: 8080,
        healthCheckPath: '/healthz',
      })),
      listeners: [
        { port: 80, targetGroup: `${name}-${live}` },
        { port: 8443, targetGroup: `${name}-${testTarget}` },
      ],
    },
    service: {
      serviceName: name,
      taskDefinition: `${name}:1`,
      desiredCount,
      launchType: 'FARGATE',
      deploymentController: 'CODE_DEPLOY',
      targetGroup: `${name}-${live}`,
      containerName: 'web',
      containerPort: 8080,
    },
    application: {
      name: `AppECS-prod-${name}`,
      deploymentGroups: [
        {
          name: `DgpECS-prod-${name}`,
          service: `prod/${name}`,
          deploymentConfigName: 'CodeDeployDefault.ECSAllAtOnce',
          targetGroups: [`${name}-blue`, `${name}-green`] as [string, string],
          productionListener: `${name}:80`,
          testListener: `${name}:8443`,
          readyOption: { actionOnTimeout: 'STOP_DEPLOYMENT' as const, waitTimeInMinutes: 60 },
          terminationWaitTimeInMinutes: 0,
          autoRollbackEvents: ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM'],
          alarms: [`prod-${name}-5xx`],
        },
      ],
    },
  };
}

// web: after an odd number of CodeDeploy releases, its tasks are in web-green. api: its test
// listener was pointed at a third target group by hand (a rule associated wrongly).
const web = codeDeployService('web', 'green', 'green', 2);
const api = codeDeployService('api', 'blue', 'other', 0);
const seed = {
  account: '123456789012',
  region: 'us-east-1',
  taskDefinitions: [taskDefinition('web', 'v1'), taskDefinition('api', 'v1')],
  loadBalancers: [web.loadBalancer, api.loadBalancer],
  clusters: [{ name: 'prod', services: [web.service, api.service] }],
  applications: [web.application, api.application],
  alarms: [
    { name: 'prod-web-5xx', state: 'OK' },
    { name: 'prod-api-5xx', state: 'OK' },
  ],
} as Seed;

let emulator: Emulator;

async function waitFor<T>(what: string, probe: () => T | false | Promise<T | false>, ms = 60_000) {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The script as the guide runs it: `npx tsx scripts/migrate-to-native.ts …`. */
async function migrate(args: string[]): Promise<{ code: number | null; out: string }> {
  const child = spawn(
    join('node_modules', '.bin', 'tsx'),
    ['scripts/migrate-to-native.ts', ...args],
    { env: { ...process.env, ...emulator.env() } },
  );
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, out };
}

/** Steady traffic on a production listener until stopped: the version or error of every answer. */
function steadyTraffic(listener: string) {
  const url = emulator.dataplane!.listener(listener).url;
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

const service = async (name: string) =>
  (await new ECSClient({}).send(new DescribeServicesCommand({ cluster: 'prod', services: [name] })))
    .services![0]!;

const calls = () =>
  controlClient(emulator.url)<{ byOperation: Record<string, number> }>('GET', 'calls');

describe.skipIf(!up)('moving a CodeDeploy service to ECS-native blue/green', () => {
  beforeAll(async () => {
    const client = new pg.Client({ connectionString: databaseUrl() });
    await client.connect();
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${SCHEMA}`);
    await client.end();
    const url = new URL(databaseUrl());
    url.searchParams.set('options', `-c search_path=${SCHEMA}`);
    emulator = await start({
      seed,
      speed: 60,
      dataplane: {
        secrets: { [SECRET]: url.toString() },
        healthCheckIntervalMs: 100,
        healthCheckTimeoutMs: 300,
        deregistrationDelayMs: 100,
      },
    });
    Object.assign(process.env, emulator.env());
    await waitFor(
      'two healthy web targets',
      () =>
        emulator.dataplane!.listener('web:80').rules.at(-1)!.forward![0]!.targetsInRotation === 2,
    );
  });

  afterAll(async () => {
    await emulator?.stop();
  });

  it('migrates under traffic, then releases through bluegreen-deploy with no failed production request', async () => {
    const traffic = steadyTraffic('web:80');
    await waitFor('traffic', () => traffic.answers.length > 20);

    const dry = await migrate(['--cluster', 'prod', '--service', 'web']);
    expect(dry.out).toContain('Preflight passed for prod/web');
    expect(dry.out).toContain('aws elbv2 modify-listener');
    expect(dry.out).toContain('aws deploy delete-application --application-name AppECS-prod-web');
    expect(dry.code).toBe(0);
    expect((await service('web')).deploymentController?.type).toBe('CODE_DEPLOY');

    const run = await migrate(['--cluster', 'prod', '--service', 'web', '--apply']);
    expect(run.out).toContain('Migrated: prod/web');
    expect(run.code).toBe(0);
    const migrated = await service('web');
    expect(migrated.deploymentController?.type).toBe('ECS');
    expect(migrated.deploymentConfiguration).toMatchObject({
      strategy: 'BLUE_GREEN',
      bakeTimeInMinutes: 0,
      lifecycleHooks: [{ targetType: 'PAUSE', lifecycleStages: ['POST_TEST_TRAFFIC_SHIFT'] }],
      alarms: { alarmNames: ['prod-web-5xx'], enable: true, rollback: true },
    });
    expect(migrated.loadBalancers![0]!.targetGroupArn).toContain('/web-green/');
    const rules = emulator.dataplane!.listener('web:80').rules;
    expect(rules.at(-1)!.forward!.map((f) => `${f.targetGroupName} ${f.weight}`)).toEqual([
      'web-green 1',
      'web-blue 0',
    ]);
    const codedeploy = new CodeDeployClient({});
    await expect(
      codedeploy.send(new GetApplicationCommand({ applicationName: 'AppECS-prod-web' })),
    ).rejects.toThrow(/does not exist/);

    // The release as deploy.yml makes it: render-taskdef from the live service, then bluegreen-deploy.
    const render = await runAction('render-taskdef', {
      inputs: {
        'task-definition': 'service:prod/web',
        image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:v2',
        environment: 'APP_VERSION=v2',
        verify: 'false',
        'allow-mutable-tags': 'true',
        'output-dir': mkdtempSync(join(tmpdir(), 'migrate-render-')),
      },
      env: emulator.env(),
    });
    expect(render.code, render.stdout).toBe(0);
    const deploy = await runAction('bluegreen-deploy', {
      inputs: {
        cluster: 'prod',
        service: 'web',
        'task-definition': render.outputs['task-definition']!,
        'test-url': emulator.dataplane!.listener('web:8443').url,
        'test-checks': 'GET /version 200 contains=v2',
        'test-window': '1s',
        'wait-until': 'complete',
        timeout: '3m',
      },
      env: emulator.env(),
      timeoutMs: 170_000,
    });
    expect(deploy.stdout).not.toContain('::error');
    expect(deploy.code).toBe(0);
    expect(deploy.stdout).toContain('Gate passed');
    expect(deploy.outputs).toMatchObject({ outcome: 'succeeded', status: 'SUCCESSFUL' });

    await waitFor('v2 only on production', () =>
      traffic.answers.slice(-30).every((v) => v === 'v2'),
    );
    const answers = await traffic.end();
    expect(answers.length).toBeGreaterThan(100);
    expect(answers.filter((v) => v !== 'v1' && v !== 'v2')).toEqual([]);
    const byOperation = (await calls()).byOperation;
    expect(byOperation['codedeploy.CreateDeployment']).toBeUndefined();
    expect(byOperation['ecs.ContinueServiceDeployment']).toBe(1);
  }, 180_000);

  it('names what would break the migration, a wrongly associated rule, then a deployment in progress, and changes nothing', async () => {
    const group = new GetDeploymentGroupCommand({
      applicationName: 'AppECS-prod-api',
      deploymentGroupName: 'DgpECS-prod-api',
    });
    const codedeploy = new CodeDeployClient({});
    await controlClient(emulator.url)('DELETE', 'calls');

    const wrongRule = await migrate(['--cluster', 'prod', '--service', 'api', '--apply']);
    expect(wrongRule.code).toBe(1);
    expect(wrongRule.out).toContain('Not migrated: 1 problem(s), nothing was changed');
    expect(wrongRule.out).toMatch(
      /test listener's default rule forwards to api-other\/\S+, which is not one of the deployment group's target groups: forward it to api-blue\/\S+ only/,
    );

    const { deploymentId } = await codedeploy.send(
      new CreateDeploymentCommand({
        applicationName: 'AppECS-prod-api',
        deploymentGroupName: 'DgpECS-prod-api',
        revision: {
          revisionType: 'AppSpecContent',
          appSpecContent: {
            content: JSON.stringify({
              version: 0.0,
              Resources: [
                {
                  TargetService: {
                    Type: 'AWS::ECS::Service',
                    Properties: {
                      TaskDefinition: 'arn:aws:ecs:us-east-1:123456789012:task-definition/api:1',
                      LoadBalancerInfo: { ContainerName: 'web', ContainerPort: 8080 },
                    },
                  },
                },
              ],
            }),
          },
        },
      }),
    );
    await controlClient(emulator.url)('DELETE', 'calls');
    const busy = await migrate(['--cluster', 'prod', '--service', 'api', '--apply']);
    expect(busy.code).toBe(1);
    expect(busy.out).toContain('nothing was changed');
    expect(busy.out).toContain(`error: CodeDeploy deployment ${deploymentId} (`);
    expect(busy.out).toContain(`aws deploy stop-deployment --deployment-id ${deploymentId}`);

    const byOperation = (await calls()).byOperation;
    for (const op of Object.keys(byOperation)) expect(op).toMatch(/\.(Describe|Get|List)/);
    expect((await service('api')).deploymentController?.type).toBe('CODE_DEPLOY');
    expect((await codedeploy.send(group)).deploymentGroupInfo?.deploymentGroupName).toBe(
      'DgpECS-prod-api',
    );
  }, 60_000);
});
