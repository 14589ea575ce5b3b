/**
 * The bundled bluegreen-deploy action on a rolling service (controller ECS, strategy ROLLING),
 * run as the runner runs it (every action.yml input with its default), against the emulator.
 * Infrastructure's part, the rolling service staging/web-rolling, is created through the SDK per
 * test. A crashing image is a task definition the emulator marks unhealthy: its tasks fail their
 * health check and stop, which is what the circuit breaker counts. Each UpdateService records a
 * ROLLING service deployment (as ECS does since Oct 2024), so the action follows, names and stops
 * that; a service never updated is still named by its rollout id. The virtual clock runs fast;
 * no data plane.
 */
import {
  CreateServiceCommand,
  DescribeServiceDeploymentsCommand,
  DescribeServicesCommand,
  type DeploymentConfiguration,
} from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import {
  Account,
  errorLine,
  eventually,
  perTestAccounts,
  signalWhen,
  webArn,
} from './bluegreen-deploy-support.js';

const setup = perTestAccounts();
const { emulated } = setup;
const SERVICE = 'web-rolling';
/** The rollout id: what a service that was never updated (or an older account) is named by. */
const ROLLOUT = /^ecs-svc\/\d+$/;
/** The service deployment ECS records for every update since Oct 2024, ROLLING included. */
const SERVICE_DEPLOYMENT = new RegExp(
  `^arn:aws:ecs:[a-z0-9-]+:\\d{12}:service-deployment/staging/${SERVICE}/[\\w-]{21}$`,
);
const BREAKER = { deploymentCircuitBreaker: { enable: true, rollback: true } };

/** Infrastructure: a steady rolling service on web:1 with two tasks. */
async function rollingAccount(
  speed: number,
  deploymentConfiguration: DeploymentConfiguration = BREAKER,
): Promise<Account> {
  const acc = await emulated(speed);
  await acc.ecs.send(
    new CreateServiceCommand({
      cluster: 'staging',
      serviceName: SERVICE,
      taskDefinition: 'web:1',
      desiredCount: 2,
      launchType: 'FARGATE',
      networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-1'] } },
      deploymentConfiguration,
    }),
  );
  await eventually(
    () => service(acc),
    (s) => s.deployments?.length === 1 && s.deployments[0]!.rolloutState === 'COMPLETED',
  );
  await acc.control('DELETE', 'calls');
  return acc;
}

async function service(acc: Account) {
  const out = await acc.ecs.send(
    new DescribeServicesCommand({ cluster: 'staging', services: [SERVICE] }),
  );
  return out.services![0]!;
}

function run(acc: Account, extra: Record<string, string> = {}, signal?: object) {
  return acc.run(
    {
      cluster: 'staging',
      service: SERVICE,
      'task-definition': setup.files.taskDefinition,
      ...extra,
    },
    { asRunner: true, ...signal },
  );
}

/** Registers the rendered task definition and marks it crashing: its tasks never pass health checks. */
async function crashingRevision(acc: Account): Promise<string> {
  const arn = await acc.register(setup.files);
  await acc.control('POST', 'unhealthy', { taskDefinition: arn });
  await acc.control('DELETE', 'calls');
  return arn;
}

describe('bluegreen-deploy on a rolling service', () => {
  it('a good rolling update succeeds: outputs name its service deployment, SUCCESSFUL, succeeded', async () => {
    const acc = await rollingAccount(600);
    const result = await run(acc);
    expect(result.stdout).not.toContain('::error');
    expect(result.code).toBe(0);
    expect(result.outputs['deployment-id']).toMatch(SERVICE_DEPLOYMENT);
    expect(result.outputs['deployment-id']).toBe((await service(acc)).currentServiceDeployment);
    expect(result.outputs).toMatchObject({
      'task-definition-arn': webArn(2),
      'previous-task-definition-arn': webArn(1),
      status: 'SUCCESSFUL',
      outcome: 'succeeded',
      'rolled-back': 'false',
      traffic: '100',
    });
    expect(result.outputs['console-url']).toContain(`/services/${SERVICE}/deployments`);
    expect(result.stdout).toContain('(ECS rolling update)');
    expect(result.summary).toContain('✅ bluegreen-deploy deploy: succeeded');
    expect((await service(acc)).taskDefinition).toBe(webArn(2));
    const calls = await acc.calls();
    expect(calls.byOperation['ecs.RegisterTaskDefinition']).toBe(1);
    expect(calls.byOperation['ecs.UpdateService']).toBe(1);
    expect(calls.byOperation['codedeploy.CreateDeployment']).toBeUndefined();
  });

  it('a crashing image trips the circuit breaker: a failure naming the reason and the rollback', async () => {
    const acc = await rollingAccount(600);
    const arn = await crashingRevision(acc);
    const result = await run(acc, { 'task-definition': arn });
    expect(result.code).not.toBe(0);
    const error = errorLine(result);
    expect(error).toContain(
      'Service deployment rolled back because the circuit breaker threshold was exceeded.',
    );
    expect(error).toContain('rolled back (ROLLBACK_SUCCESSFUL)');
    expect(result.outputs).toMatchObject({
      outcome: 'rolled-back',
      'rolled-back': 'true',
      traffic: '0',
      'task-definition-arn': arn,
    });
    expect(result.stdout).toContain('Task failed container health checks');
    expect((await service(acc)).taskDefinition).toBe(webArn(1));
    const calls = await acc.calls();
    expect(calls.byOperation['ecs.UpdateService']).toBe(1);
  });

  it('an alarm in ALARM fails the rollout: a failure naming the alarm, rolled back', async () => {
    const acc = await rollingAccount(600, {
      alarms: { enable: true, rollback: true, alarmNames: ['web-rolling-5xx'] },
    });
    await acc.control('POST', 'alarms', { name: 'web-rolling-5xx', state: 'ALARM' });
    const result = await run(acc);
    expect(result.code).not.toBe(0);
    const error = errorLine(result);
    expect(error).toMatch(/alarm.*web-rolling-5xx/);
    expect(error).toContain('rolled back');
    expect(result.outputs).toMatchObject({ outcome: 'rolled-back', 'rolled-back': 'true' });
    expect((await service(acc)).taskDefinition).toBe(webArn(1));
  });

  it('status reads the current rollout and changes nothing', async () => {
    const acc = await rollingAccount(600);
    const result = await run(acc, { command: 'status', 'task-definition': '' });
    expect(result.stdout).not.toContain('::error');
    expect(result.code).toBe(0);
    expect(result.outputs['deployment-id']).toMatch(ROLLOUT);
    expect(result.outputs.status).toBe('COMPLETED');
    expect(result.stdout).toContain('State: COMPLETED');
    const calls = await acc.calls();
    expect(calls.byOperation['ecs.UpdateService']).toBeUndefined();
  });
});

describe('bluegreen-deploy on a rolling service: stops with rollback', () => {
  it('the timeout stops the service deployment with rollback: a failure, rolled back', async () => {
    const acc = await rollingAccount(600, {});
    const arn = await crashingRevision(acc);
    const result = await run(acc, { 'task-definition': arn, timeout: '10s' });
    expect(result.code).not.toBe(0);
    expect(errorLine(result)).toMatch(/timed out after 10s.*rolled back/);
    const id = result.outputs['deployment-id']!;
    expect(id).toMatch(SERVICE_DEPLOYMENT);
    expect(result.stdout).toContain(`StopServiceDeployment(ROLLBACK) sent for ${id}`);
    expect(result.outputs).toMatchObject({ outcome: 'rolled-back', 'rolled-back': 'true' });
    expect((await service(acc)).taskDefinition).toBe(webArn(1));
    const calls = await acc.calls();
    expect(calls.byOperation['ecs.UpdateService']).toBe(1);
    expect(calls.byOperation['ecs.StopServiceDeployment']).toBe(1);
  });

  it('rollback stops an update in progress with StopServiceDeployment ROLLBACK', async () => {
    const acc = await rollingAccount(600, {});
    const arn = await crashingRevision(acc);
    const started = await run(acc, { 'task-definition': arn, 'wait-until': 'created' });
    expect(started.code).toBe(0);
    expect(started.outputs.outcome).toBe('in-progress');
    const result = await run(acc, { command: 'rollback', 'task-definition': '' });
    expect(result.stdout).not.toContain('::error');
    expect(result.code).toBe(0);
    expect(result.outputs).toMatchObject({ 'rolled-back': 'true', outcome: 'rolled-back' });
    expect((await service(acc)).taskDefinition).toBe(webArn(1));
    const calls = await acc.calls();
    expect(calls.byOperation['ecs.StopServiceDeployment']).toBe(1);
    expect(calls.byOperation['ecs.UpdateService']).toBe(1);
  });

  it('SIGTERM: main stops the service deployment with rollback; the post step follows it to the end', async () => {
    const acc = await rollingAccount(60, {});
    const arn = await crashingRevision(acc);
    const signal = signalWhen(/Started rolling update/, 'SIGTERM');
    const main = await run(acc, { 'task-definition': arn }, signal);
    expect(signal.sent()).toBe(true);
    expect(main.stdout).toContain('Received SIGTERM');
    expect(main.code).not.toBe(0);
    const id = /Started rolling update (\S+)/.exec(main.stdout)![1]!;
    expect(id).toMatch(SERVICE_DEPLOYMENT);
    expect(main.stdout).toContain(`StopServiceDeployment(ROLLBACK) sent for ${id}`);
    const post = await acc.run({}, { postState: main.state });
    expect(post.stdout).not.toContain('::error');
    expect(post.code).toBe(0);
    expect((await service(acc)).taskDefinition).toBe(webArn(1));
    const out = await acc.ecs.send(
      new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [id] }),
    );
    expect(out.serviceDeployments![0]!.status).toBe('ROLLBACK_SUCCESSFUL');
    const calls = await acc.calls();
    expect(calls.byOperation['ecs.StopServiceDeployment']).toBe(1);
    expect(calls.byOperation['ecs.UpdateService']).toBe(1);
  });
});

describe('bluegreen-deploy on a rolling service: a rollout already in progress', () => {
  async function busyAccount() {
    const acc = await rollingAccount(600, {});
    const arn = await crashingRevision(acc);
    const started = await run(acc, { 'task-definition': arn, 'wait-until': 'created' });
    expect(started.code).toBe(0);
    await acc.control('DELETE', 'calls');
    return { acc, crashing: arn, rollout: started.outputs['deployment-id']! };
  }

  it('on-conflict: fail (the default) names it and changes nothing', async () => {
    const { acc, rollout } = await busyAccount();
    const result = await run(acc);
    expect(result.code).not.toBe(0);
    expect(errorLine(result)).toContain(`already has a rolling update in progress: ${rollout}`);
    const calls = await acc.calls();
    expect(calls.byOperation['ecs.RegisterTaskDefinition']).toBeUndefined();
    expect(calls.byOperation['ecs.UpdateService']).toBeUndefined();
  });

  it('on-conflict: wait waits until it completed, then deploys', async () => {
    const { acc, crashing, rollout } = await busyAccount();
    // Once the action waits, the image is fixed: the rollout in progress completes.
    let healed = false;
    const heal = {
      onStart: (child: { stdout: NodeJS.ReadableStream | null }) => {
        child.stdout?.on('data', (d) => {
          if (healed || !String(d).includes('Waiting for the rolling update')) return;
          healed = true;
          void acc.control('POST', 'unhealthy', { taskDefinition: crashing, unhealthy: false });
        });
      },
    };
    const result = await run(acc, { 'on-conflict': 'wait' }, heal);
    expect(healed).toBe(true);
    expect(result.stdout).not.toContain('::error');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Waiting for the rolling update in progress ${rollout}`);
    expect(result.outputs).toMatchObject({
      outcome: 'succeeded',
      'previous-task-definition-arn': crashing,
    });
    expect((await service(acc)).taskDefinition).toBe(result.outputs['task-definition-arn']);
  });

  it('on-conflict: replace deploys over it and succeeds', async () => {
    const { acc, crashing } = await busyAccount();
    const result = await run(acc, { 'on-conflict': 'replace' });
    expect(result.stdout).not.toContain('::error');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Replacing the rolling update in progress');
    expect(result.outputs['previous-task-definition-arn']).toBe(crashing);
    expect((await service(acc)).taskDefinition).toBe(result.outputs['task-definition-arn']);
  });
});

describe('bluegreen-deploy on a rolling service: refused before anything changes', () => {
  it('inputs with no meaning on a rolling update fail before RegisterTaskDefinition, each named', async () => {
    const acc = await rollingAccount(600);
    const result = await run(acc, {
      'wait-until': 'ready',
      'test-url': 'http://127.0.0.1:9/',
      'codedeploy-application': 'AppECS-staging-web',
      'deployment-config': 'CodeDeployDefault.ECSAllAtOnce',
      'auto-rollback': 'false',
    });
    expect(result.code).not.toBe(0);
    for (const input of [
      'wait-until',
      'test-url',
      'codedeploy-application',
      'deployment-config',
      'auto-rollback',
    ])
      expect(result.stdout).toContain(`Input "${input}" is`);
    expect(result.stdout).toContain('deploys with ECS rolling update');
    const calls = await acc.calls();
    expect(calls.byOperation['ecs.RegisterTaskDefinition']).toBeUndefined();
    expect(calls.byOperation['ecs.UpdateService']).toBeUndefined();
  });

  it('promote is refused with one line: nothing to promote on a rolling update', async () => {
    const acc = await rollingAccount(600);
    const result = await run(acc, { command: 'promote', 'task-definition': '' });
    expect(result.code).not.toBe(0);
    expect(errorLine(result)).toContain('Input "command" is "promote"');
    expect(errorLine(result)).toContain('nothing to promote');
    expect((await acc.calls()).byOperation['ecs.UpdateService']).toBeUndefined();
  });
});
