/**
 * Rolling updates (ECS controller, strategy ROLLING) through the real SDK: the deployment circuit
 * breaker and alarms mark the rollout FAILED and, with rollback on, ECS returns the service to the
 * previous rollout; without rollback the failed rollout stays PRIMARY. The virtual clock is frozen
 * and moved by hand.
 */
import {
  CreateServiceCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
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

/** A steady rolling service on web:1 with two tasks. */
async function rollingService(name: string, deploymentConfiguration: DeploymentConfiguration) {
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
  expect((await serviceOf(name)).deployments).toMatchObject([{ rolloutState: 'COMPLETED' }]);
}

async function serviceOf(name: string) {
  const out = await h.ecs.send(
    new DescribeServicesCommand({ cluster: 'staging', services: [name] }),
  );
  return out.services![0]!;
}

/** A new revision whose tasks never pass their health check, deployed by UpdateService. */
async function deployBroken(name: string, image: string) {
  const td = await h.ecs.send(
    new RegisterTaskDefinitionCommand({
      family: 'web',
      containerDefinitions: [{ name: 'web', image, essential: true, memory: 512 }],
    }),
  );
  const arn = td.taskDefinition!.taskDefinitionArn!;
  await h.control('POST', 'unhealthy', { taskDefinition: arn });
  const out = await h.ecs.send(
    new UpdateServiceCommand({ cluster: 'staging', service: name, taskDefinition: arn }),
  );
  const primary = out.service!.deployments!.find((d) => d.status === 'PRIMARY')!;
  expect(primary).toMatchObject({ taskDefinition: arn, rolloutState: 'IN_PROGRESS' });
  return { arn, id: primary.id! };
}

describe('rolling updates: failure detection', () => {
  it('the circuit breaker fails the rollout after 3 failed tasks and rolls back to the previous one', async () => {
    await rollingService('rolling-breaker', {
      deploymentCircuitBreaker: { enable: true, rollback: true },
    });
    const before = (await serviceOf('rolling-breaker')).deployments![0]!;
    const broken = await deployBroken('rolling-breaker', 'web:broken-1');
    await h.advance(31_000);
    const counting = (await serviceOf('rolling-breaker')).deployments!;
    expect(counting.find((d) => d.id === broken.id)).toMatchObject({
      status: 'PRIMARY',
      rolloutState: 'IN_PROGRESS',
      failedTasks: 2,
    });
    // The rollout it replaces completed earlier and says so while it still runs.
    expect(counting.find((d) => d.id === before.id)).toMatchObject({
      status: 'ACTIVE',
      rolloutState: 'COMPLETED',
    });
    await h.advance(31_000);
    const service = await serviceOf('rolling-breaker');
    expect(service.taskDefinition).toBe(before.taskDefinition);
    expect(service.deployments!.find((d) => d.id === before.id)).toMatchObject({
      status: 'PRIMARY',
      rolloutState: 'COMPLETED',
      rolloutStateReason: `ECS deployment circuit breaker: rolling back to deploymentId ${before.id}.`,
    });
    const failed = service.deployments!.find((d) => d.id === broken.id);
    if (failed)
      expect(failed).toMatchObject({
        rolloutState: 'FAILED',
        rolloutStateReason: 'ECS deployment circuit breaker: tasks failed to start.',
      });
    const messages = service.events!.map((e) => e.message);
    expect(messages).toContain(
      `(service rolling-breaker) (deployment ${broken.id}) deployment failed: tasks failed to start.`,
    );
    expect(messages).toContain(
      `(service rolling-breaker) rolling back to deployment ${before.id}.`,
    );
    await h.advance(MINUTE);
    expect((await serviceOf('rolling-breaker')).deployments).toMatchObject([
      { id: before.id, status: 'PRIMARY', rolloutState: 'COMPLETED' },
    ]);
    const stopped = await h.ecs.send(
      new ListTasksCommand({
        cluster: 'staging',
        serviceName: 'rolling-breaker',
        desiredStatus: 'STOPPED',
      }),
    );
    const tasks = await h.ecs.send(
      new DescribeTasksCommand({ cluster: 'staging', tasks: stopped.taskArns }),
    );
    expect(tasks.tasks!.map((t) => t.stoppedReason)).toContain(
      'Task failed container health checks',
    );
  });

  it('without rollback the failed rollout stays PRIMARY, FAILED', async () => {
    await rollingService('rolling-no-rollback', {
      deploymentCircuitBreaker: { enable: true, rollback: false },
    });
    const broken = await deployBroken('rolling-no-rollback', 'web:broken-2');
    await h.advance(31_000);
    await h.advance(31_000);
    const service = await serviceOf('rolling-no-rollback');
    expect(service.taskDefinition).toBe(broken.arn);
    expect(service.deployments!.find((d) => d.id === broken.id)).toMatchObject({
      status: 'PRIMARY',
      rolloutState: 'FAILED',
      rolloutStateReason: 'ECS deployment circuit breaker: tasks failed to start.',
    });
  });

  it('an alarm in ALARM during the rollout fails it and rolls back', async () => {
    await rollingService('rolling-alarm', {
      alarms: { enable: true, rollback: true, alarmNames: ['rolling-5xx'] },
    });
    const before = (await serviceOf('rolling-alarm')).deployments![0]!;
    const td = await h.ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'web',
        containerDefinitions: [
          { name: 'web', image: 'web:alarming', essential: true, memory: 512 },
        ],
      }),
    );
    const out = await h.ecs.send(
      new UpdateServiceCommand({
        cluster: 'staging',
        service: 'rolling-alarm',
        taskDefinition: td.taskDefinition!.taskDefinitionArn,
      }),
    );
    const ours = out.service!.deployments!.find((d) => d.status === 'PRIMARY')!.id;
    await h.control('POST', 'alarms', { name: 'rolling-5xx', state: 'ALARM' });
    try {
      const service = await serviceOf('rolling-alarm');
      expect(service.taskDefinition).toBe(before.taskDefinition);
      // The failed rollout had no task running yet: drained and gone at once.
      expect(service.deployments!.map((d) => d.id)).toEqual([before.id]);
      expect(service.events!.map((e) => e.message)).toContain(
        `(service rolling-alarm) (deployment ${ours}) deployment failed: alarm detected (rolling-5xx).`,
      );
    } finally {
      await h.control('POST', 'alarms', { name: 'rolling-5xx', state: 'OK' });
    }
  });
});
