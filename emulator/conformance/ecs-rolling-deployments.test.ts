/**
 * Rolling updates are service deployments too (spec §2.5, §4.3): UpdateService names one in
 * `currentServiceDeployment`, ListServiceDeployments / DescribeServiceDeployments show it without
 * traffic weights, the circuit breaker and alarms end it in a rollback or STOPPED, a newer
 * UpdateService supersedes it, and StopServiceDeployment ROLLBACK returns the service to the
 * previous rollout. Real SDK; the virtual clock is frozen and moved by hand.
 */
import {
  CreateServiceCommand,
  DescribeServiceDeploymentsCommand,
  DescribeServiceRevisionsCommand,
  DescribeServicesCommand,
  ListServiceDeploymentsCommand,
  RegisterTaskDefinitionCommand,
  StopServiceDeploymentCommand,
  UpdateServiceCommand,
  type DeploymentConfiguration,
} from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.js';

let h: Harness;
const MINUTE = 60_000;

beforeAll(async () => {
  h = await startHarness();
  await h.control('POST', 'clock', { speed: 0 });
});
afterAll(async () => {
  await h.emulator.stop();
});

async function serviceOf(name: string) {
  const out = await h.ecs.send(
    new DescribeServicesCommand({ cluster: 'staging', services: [name] }),
  );
  return out.services![0]!;
}

/** A steady rolling service on web:1 with two tasks. */
async function rollingService(name: string, deploymentConfiguration: DeploymentConfiguration = {}) {
  await h.ecs.send(
    new CreateServiceCommand({
      cluster: 'staging',
      serviceName: name,
      taskDefinition: 'web:1',
      desiredCount: 2,
      launchType: 'FARGATE',
      networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-1'] } },
      deploymentConfiguration,
    }),
  );
  await h.advance(MINUTE);
}

/** Registers a web revision with `image`; `broken` ones never pass their health check. */
async function revision(image: string, broken = false): Promise<string> {
  const td = await h.ecs.send(
    new RegisterTaskDefinitionCommand({
      family: 'web',
      containerDefinitions: [{ name: 'web', image, essential: true, memory: 512 }],
    }),
  );
  const arn = td.taskDefinition!.taskDefinitionArn!;
  if (broken) await h.control('POST', 'unhealthy', { taskDefinition: arn });
  return arn;
}

/** UpdateService to `taskDefinition`; returns the service deployment ARN it names. */
async function update(name: string, taskDefinition: string): Promise<string> {
  const out = await h.ecs.send(
    new UpdateServiceCommand({ cluster: 'staging', service: name, taskDefinition }),
  );
  const arn = out.service!.currentServiceDeployment;
  expect(arn).toMatch(
    new RegExp(`^arn:aws:ecs:[a-z0-9-]+:\\d{12}:service-deployment/staging/${name}/[\\w-]{21}$`),
  );
  return arn!;
}

async function describeDeployment(arn: string) {
  const out = await h.ecs.send(
    new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn] }),
  );
  return out.serviceDeployments![0]!;
}

describe('rolling updates as service deployments', () => {
  it('UpdateService records a ROLLING deployment that ends SUCCESSFUL, without traffic weights', async () => {
    await rollingService('rsd-ok');
    const before = await serviceOf('rsd-ok');
    expect(before.currentServiceDeployment).toBeUndefined();
    const td = await revision('web:rsd-ok');
    const arn = await update('rsd-ok', td);
    const running = await describeDeployment(arn);
    expect(running.status).toMatch(/^(PENDING|IN_PROGRESS)$/);
    expect(running.finishedAt).toBeUndefined();
    expect(running.deploymentConfiguration?.strategy).toBe('ROLLING');
    await h.advance(MINUTE);
    const d = await describeDeployment(arn);
    expect(d).toMatchObject({
      status: 'SUCCESSFUL',
      deploymentCircuitBreaker: { status: 'DISABLED' },
      alarms: { status: 'DISABLED' },
    });
    expect(d.finishedAt).toBeInstanceOf(Date);
    expect(d.sourceServiceRevisions).toHaveLength(1);
    for (const rev of [d.targetServiceRevision!, d.sourceServiceRevisions![0]!]) {
      expect(rev).not.toHaveProperty('requestedProductionTrafficWeight');
      expect(rev).not.toHaveProperty('requestedTestTrafficWeight');
    }
    expect(d.targetServiceRevision).toMatchObject({ requestedTaskCount: 2, runningTaskCount: 2 });
    const revs = await h.ecs.send(
      new DescribeServiceRevisionsCommand({ serviceRevisionArns: [d.targetServiceRevision!.arn!] }),
    );
    expect(revs.serviceRevisions![0]!.taskDefinition).toBe(td);
    const listed = await h.ecs.send(
      new ListServiceDeploymentsCommand({ cluster: 'staging', service: 'rsd-ok' }),
    );
    expect(listed.serviceDeployments).toMatchObject([
      { serviceDeploymentArn: arn, status: 'SUCCESSFUL' },
    ]);
    const service = await serviceOf('rsd-ok');
    expect(service.currentServiceDeployment).toBe(arn);
    expect(service.currentServiceRevisions!.map((r) => r.arn)).toContain(
      d.targetServiceRevision!.arn,
    );
  });

  it('the circuit breaker rolls back to the source revision: ROLLBACK_SUCCESSFUL', async () => {
    await rollingService('rsd-breaker', {
      deploymentCircuitBreaker: { enable: true, rollback: true },
    });
    const before = await serviceOf('rsd-breaker');
    const arn = await update('rsd-breaker', await revision('web:rsd-broken-1', true));
    await h.advance(31_000);
    await h.advance(31_000);
    // The failed rollout's tasks are gone within the pass (no load balancer to drain), so the
    // ROLLBACK_IN_PROGRESS step (rolling-deployments.test.ts) is over already.
    const d = await describeDeployment(arn);
    expect(d).toMatchObject({
      status: 'ROLLBACK_SUCCESSFUL',
      statusReason:
        'Service deployment rolled back because the circuit breaker threshold was exceeded.',
      deploymentCircuitBreaker: { status: 'TRIGGERED', threshold: 3 },
      rollback: {
        reason:
          'Service deployment rolled back because the circuit breaker threshold was exceeded.',
        serviceRevisionArn: d.sourceServiceRevisions![0]!.arn,
      },
    });
    expect(d.rollback!.startedAt).toBeInstanceOf(Date);
    expect(d.finishedAt).toBeInstanceOf(Date);
    expect(d.deploymentCircuitBreaker!.failureCount).toBeGreaterThanOrEqual(3);
    expect((await serviceOf('rsd-breaker')).taskDefinition).toBe(before.taskDefinition);
  });

  it('without rollback a tripped breaker STOPs the deployment and leaves the failed rollout', async () => {
    await rollingService('rsd-no-rollback', {
      deploymentCircuitBreaker: { enable: true, rollback: false },
    });
    const td = await revision('web:rsd-broken-2', true);
    const arn = await update('rsd-no-rollback', td);
    await h.advance(31_000);
    await h.advance(31_000);
    const d = await describeDeployment(arn);
    expect(d).toMatchObject({
      status: 'STOPPED',
      statusReason:
        'Service deployment stopped because the circuit breaker threshold was exceeded.',
      deploymentCircuitBreaker: { status: 'TRIGGERED' },
    });
    expect(d.rollback).toBeUndefined();
    expect((await serviceOf('rsd-no-rollback')).taskDefinition).toBe(td);
  });

  it('an alarm in ALARM rolls back and is named in triggeredAlarmNames', async () => {
    await rollingService('rsd-alarm', {
      alarms: { enable: true, rollback: true, alarmNames: ['rsd-5xx'] },
    });
    const arn = await update('rsd-alarm', await revision('web:rsd-alarming'));
    await h.control('POST', 'alarms', { name: 'rsd-5xx', state: 'ALARM' });
    try {
      await h.advance(MINUTE);
      const d = await describeDeployment(arn);
      expect(d).toMatchObject({
        status: 'ROLLBACK_SUCCESSFUL',
        statusReason:
          'Service deployment rolled back because the CloudWatch alarm rsd-5xx is in ALARM state.',
        alarms: { status: 'TRIGGERED', alarmNames: ['rsd-5xx'], triggeredAlarmNames: ['rsd-5xx'] },
      });
    } finally {
      await h.control('POST', 'alarms', { name: 'rsd-5xx', state: 'OK' });
    }
  });

  it('a second UpdateService supersedes the running deployment (STOPPED)', async () => {
    await rollingService('rsd-twice');
    const first = await update('rsd-twice', await revision('web:rsd-twice-a'));
    const second = await update('rsd-twice', await revision('web:rsd-twice-b'));
    expect(second).not.toBe(first);
    await h.advance(MINUTE);
    expect(await describeDeployment(first)).toMatchObject({
      status: 'STOPPED',
      statusReason: 'Service deployment stopped because a new service deployment was started.',
    });
    expect((await describeDeployment(second)).status).toBe('SUCCESSFUL');
    const listed = await h.ecs.send(
      new ListServiceDeploymentsCommand({ cluster: 'staging', service: 'rsd-twice' }),
    );
    expect(listed.serviceDeployments!.map((d) => d.serviceDeploymentArn)).toEqual([second, first]);
  });

  it('StopServiceDeployment ROLLBACK returns to the previous rollout; a finished one is a ConflictException', async () => {
    await rollingService('rsd-stop');
    const before = await serviceOf('rsd-stop');
    // Failing tasks and no circuit breaker: the rollout stays in progress until stopped.
    const arn = await update('rsd-stop', await revision('web:rsd-stuck', true));
    await h.advance(20_000);
    expect((await describeDeployment(arn)).status).toBe('IN_PROGRESS');
    await h.ecs.send(
      new StopServiceDeploymentCommand({ serviceDeploymentArn: arn, stopType: 'ROLLBACK' }),
    );
    await h.advance(MINUTE);
    const d = await describeDeployment(arn);
    expect(d).toMatchObject({
      status: 'ROLLBACK_SUCCESSFUL',
      rollback: {
        reason: 'Service deployment rolled back by user.',
        serviceRevisionArn: d.sourceServiceRevisions![0]!.arn,
      },
    });
    const service = await serviceOf('rsd-stop');
    expect(service.taskDefinition).toBe(before.taskDefinition);
    expect(service.deployments).toMatchObject([{ status: 'PRIMARY', rolloutState: 'COMPLETED' }]);
    const conflict = await h.ecs
      .send(new StopServiceDeploymentCommand({ serviceDeploymentArn: arn }))
      .catch((e: Error) => e);
    expect((conflict as Error).name).toBe('ConflictException');
  });

  it('StopServiceDeployment ABORT stops the record only: the rollout goes on', async () => {
    await rollingService('rsd-abort');
    const td = await revision('web:rsd-abort');
    const arn = await update('rsd-abort', td);
    await h.ecs.send(
      new StopServiceDeploymentCommand({ serviceDeploymentArn: arn, stopType: 'ABORT' }),
    );
    await h.advance(MINUTE);
    const d = await describeDeployment(arn);
    expect(d).toMatchObject({
      status: 'STOPPED',
      statusReason: 'Service deployment stopped by user.',
    });
    expect(d.stoppedAt).toBeInstanceOf(Date);
    expect((await serviceOf('rsd-abort')).taskDefinition).toBe(td);
  });
});
