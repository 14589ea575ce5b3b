/**
 * The bundled bluegreen-deploy action on ECS-native services where ECS itself ends the
 * deployment: the LINEAR strategy to completion, a crashing revision that trips the circuit
 * breaker, an alarm in ALARM, and the post step of a cancelled run. Infrastructure's part (the
 * strategy, a hook) is set through the SDK first, as infra/ declares it. A crashing image is a
 * task definition the emulator marks unhealthy: its tasks fail their health checks and stop,
 * which the circuit breaker counts. The virtual clock runs fast; no data plane.
 */
import {
  ListServiceDeploymentsCommand,
  UpdateServiceCommand,
  type DeploymentConfiguration,
} from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import {
  errorLine,
  eventually,
  perTestAccounts,
  signalWhen,
  webArn,
  type Account,
} from './bluegreen-deploy-support.js';
import {
  addPauseHook,
  ARN,
  service,
  serviceDeployment,
} from './bluegreen-deploy-native-support.js';

const setup = perTestAccounts();
const { emulated } = setup;

function nativeInputs(cluster: string, extra: Record<string, string> = {}) {
  return {
    cluster,
    service: 'web-native',
    'task-definition': setup.files.taskDefinition,
    ...extra,
  };
}

/** Infrastructure changes the service's deployment configuration; whatever that starts settles. */
async function configure(acc: Account, cluster: string, change: DeploymentConfiguration) {
  const before = await service(acc, cluster);
  await acc.ecs.send(
    new UpdateServiceCommand({
      cluster,
      service: 'web-native',
      deploymentConfiguration: { ...before.deploymentConfiguration, ...change },
    }),
  );
  await eventually(
    () =>
      acc.ecs.send(
        new ListServiceDeploymentsCommand({
          cluster,
          service: 'web-native',
          status: ['PENDING', 'IN_PROGRESS', 'ROLLBACK_IN_PROGRESS'],
        }),
      ),
    (out) => (out.serviceDeployments ?? []).length === 0,
  );
}

/** A registered revision whose tasks fail their health checks. */
async function crashingRevision(acc: Account): Promise<string> {
  const arn = await acc.register(setup.files);
  await acc.control('POST', 'unhealthy', { taskDefinition: arn });
  return arn;
}

describe('bluegreen-deploy on ECS-native services: LINEAR', () => {
  it('shifts production in steps to completion: succeeded on the new revision', async () => {
    const acc = await emulated(600);
    await configure(acc, 'staging', {
      strategy: 'LINEAR',
      linearConfiguration: { stepPercent: 50, stepBakeTimeInMinutes: 1 },
    });
    const run = await acc.run(nativeInputs('staging', { 'wait-until': 'complete' }));
    expect(run.stdout).not.toContain('::error');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('ECS-native LINEAR');
    expect(run.outputs).toMatchObject({
      status: 'SUCCESSFUL',
      outcome: 'succeeded',
      traffic: '100',
    });
    expect(run.outputs['deployment-id']).toMatch(ARN);
    expect((await service(acc, 'staging')).taskDefinition).toBe(webArn(2));
  });
});

describe('bluegreen-deploy on ECS-native services: ECS rolls back', () => {
  it('a crashing revision trips the circuit breaker: a failure naming it, rolled back', async () => {
    const acc = await emulated(600);
    const arn = await crashingRevision(acc);
    const run = await acc.run(
      nativeInputs('staging', { 'task-definition': arn, 'wait-until': 'complete' }),
    );
    expect(run.code).not.toBe(0);
    const error = errorLine(run);
    expect(error).toMatch(/circuit breaker/i);
    expect(error).toContain('rolled back');
    expect(run.outputs).toMatchObject({
      outcome: 'rolled-back',
      'rolled-back': 'true',
      status: 'ROLLBACK_SUCCESSFUL',
      traffic: '0',
    });
    expect(run.stdout).toMatch(/unhealthy|health checks/i);
    expect((await service(acc, 'staging')).taskDefinition).toBe(webArn(1));
  });

  it('an alarm in ALARM rolls the canary back: a failure naming the alarm, rolled back', async () => {
    const acc = await emulated(600);
    await acc.control('POST', 'alarms', { name: 'production-web-5xx', state: 'ALARM' });
    const run = await acc.run(nativeInputs('production', { 'wait-until': 'complete' }));
    expect(run.code).not.toBe(0);
    const error = errorLine(run);
    expect(error).toContain('production-web-5xx');
    expect(error).toContain('rolled back');
    expect(run.outputs).toMatchObject({ outcome: 'rolled-back', 'rolled-back': 'true' });
    const deployment = await serviceDeployment(acc, run.outputs['deployment-id']!);
    expect(deployment.status).toBe('ROLLBACK_SUCCESSFUL');
    expect((await service(acc, 'production')).taskDefinition).toBe(webArn(1));
  });
});

describe('bluegreen-deploy on ECS-native services: the post step of a cancelled run', () => {
  it('stops the deployment the cancelled main step left held, with rollback', async () => {
    const acc = await emulated(60);
    await addPauseHook(acc, 1440);
    // Cancelled before the main step can stop anything: the runner kills it with SIGKILL.
    const signal = signalWhen(/Started service deployment/, 'SIGKILL');
    const main = await acc.run(nativeInputs('staging', { 'wait-until': 'complete' }), signal);
    expect(signal.sent()).toBe(true);
    const arn = /Started service deployment (\S+)/.exec(main.stdout)![1]!;
    expect((await serviceDeployment(acc, arn)).status).toBe('IN_PROGRESS');
    const post = await acc.run({}, { postState: main.state });
    expect(post.stdout).toContain(arn);
    const deployment = await eventually(
      () => serviceDeployment(acc, arn),
      (d) => d.status === 'ROLLBACK_SUCCESSFUL',
    );
    expect(deployment.status).toBe('ROLLBACK_SUCCESSFUL');
    expect((await service(acc, 'staging')).taskDefinition).toBe(webArn(1));
  });
});
