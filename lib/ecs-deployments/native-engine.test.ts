import {
  ContinueServiceDeploymentCommand,
  DescribeServiceDeploymentsCommand,
  DescribeServicesCommand,
  ECSClient,
  ListServiceDeploymentsCommand,
  ListTasksCommand,
  StopServiceDeploymentCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../clock/testing/fake-clock.js';
import { snap } from '../deploy/testing/snapshots.js';
import { NativeEngine, startServiceDeployment, type EcsEngineDeps } from './native-engine.js';

const ecs = mockClient(ECSClient);
const BASE = 'arn:aws:ecs:us-east-1:123456789012:service-deployment/prod/web';
const OLD = `${BASE}/old000000000000000000`;
const NEW = `${BASE}/new000000000000000000`;
const TD = 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:8';

function awsError(name: string): Error {
  return Object.assign(new Error(`${name} message`), {
    name,
    $fault: 'client',
    $metadata: { httpStatusCode: 400 },
  });
}

let clock: FakeClock;
let deps: EcsEngineDeps;
beforeEach(() => {
  ecs.reset();
  clock = new FakeClock();
  deps = {
    ecs: ecs as unknown as ECSClient,
    cluster: 'prod',
    service: 'web',
    region: 'us-east-1',
    clock,
  };
});

describe('startServiceDeployment', () => {
  it('sends only the task definition and takes the new deployment from the response', async () => {
    ecs.on(UpdateServiceCommand).resolves({ service: { currentServiceDeployment: NEW } });
    await expect(startServiceDeployment(deps, TD, OLD)).resolves.toBe(NEW);
    expect(ecs.commandCalls(UpdateServiceCommand)[0]!.args[0].input).toEqual({
      cluster: 'prod',
      service: 'web',
      taskDefinition: TD,
    });
    expect(ecs.commandCalls(ListServiceDeploymentsCommand)).toHaveLength(0);
  });

  it('the response still naming the old deployment: the newest listed since the call, less the skew', async () => {
    ecs.on(UpdateServiceCommand).resolves({ service: { currentServiceDeployment: OLD } });
    ecs.on(ListServiceDeploymentsCommand).resolves({
      serviceDeployments: [
        { serviceDeploymentArn: OLD, createdAt: new Date(clock.t - 1000) },
        { serviceDeploymentArn: NEW, createdAt: new Date(clock.t + 100) },
      ],
    });
    await expect(startServiceDeployment(deps, TD, OLD)).resolves.toBe(NEW);
    expect(ecs.commandCalls(ListServiceDeploymentsCommand)[0]!.args[0].input).toEqual({
      cluster: 'prod',
      service: 'web',
      createdAt: { after: new Date(clock.t - 60_000) },
    });
  });

  it('looks again while ECS has not listed it yet', async () => {
    ecs.on(UpdateServiceCommand).resolves({ service: {} });
    ecs
      .on(ListServiceDeploymentsCommand)
      .resolvesOnce({ serviceDeployments: [] })
      .resolves({
        serviceDeployments: [{ serviceDeploymentArn: NEW, createdAt: new Date(clock.t) }],
      });
    await expect(startServiceDeployment(deps, TD, OLD)).resolves.toBe(NEW);
    expect(ecs.commandCalls(ListServiceDeploymentsCommand)).toHaveLength(2);
  });

  it('none ever listed: one line saying what to check', async () => {
    ecs.on(UpdateServiceCommand).resolves({ service: {} });
    ecs.on(ListServiceDeploymentsCommand).resolves({ serviceDeployments: [] });
    await expect(startServiceDeployment(deps, TD, OLD)).rejects.toThrow(
      `UpdateService of prod/web to ${TD} was accepted, but no new service deployment appeared in ListServiceDeployments;`,
    );
    expect(ecs.commandCalls(ListServiceDeploymentsCommand)).toHaveLength(4);
  });

  it('a cancelled run sends nothing', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      startServiceDeployment({ ...deps, signal: controller.signal }, TD, OLD),
    ).rejects.toThrow('The workflow run was cancelled; UpdateService was not sent.');
    expect(ecs.calls()).toHaveLength(0);
  });
});

describe('NativeEngine', () => {
  const held = snap({
    deploymentId: NEW,
    phase: 'held',
    hold: { id: 'ecs-pause-1', kind: 'PAUSE', status: 'AWAITING_ACTION' },
  });
  const shifting = snap({ deploymentId: NEW, phase: 'shifting' });

  it('reads the deployment into the snapshot, with evidence only when asked', async () => {
    ecs.on(DescribeServiceDeploymentsCommand).resolves({
      serviceDeployments: [
        {
          serviceDeploymentArn: NEW,
          status: 'IN_PROGRESS',
          lifecycleStage: 'BAKE_TIME',
          startedAt: new Date(clock.t - 60_000),
        },
      ],
    });
    ecs.on(DescribeServicesCommand).resolves({
      services: [
        {
          events: [
            {
              id: 'e1',
              createdAt: new Date(clock.t),
              message: '(service web) has reached a steady state.',
            },
          ],
        },
      ],
    });
    ecs.on(ListTasksCommand).resolves({ taskArns: [] });
    const engine = new NativeEngine(deps);
    const plain = await engine.read(NEW);
    expect(plain).toMatchObject({ phase: 'baking', stage: 'BAKE_TIME', evidence: { events: [] } });
    expect(ecs.commandCalls(DescribeServicesCommand)).toHaveLength(0);
    const withEvidence = await engine.read(NEW, { withEvidence: true });
    expect(withEvidence.evidence.events).toEqual(['(service web) has reached a steady state.']);
    expect(withEvidence.stageSince).toEqual(plain.stageSince);
  });

  it('an unknown ARN is one line naming it', async () => {
    ecs
      .on(DescribeServiceDeploymentsCommand)
      .resolves({ failures: [{ arn: NEW, reason: 'MISSING' }] });
    await expect(new NativeEngine(deps).read(NEW)).rejects.toThrow(
      `Service deployment ${NEW} was not found (MISSING);`,
    );
  });

  it('continue: CONTINUE on the waiting hook', async () => {
    ecs.on(ContinueServiceDeploymentCommand).resolves({ serviceDeploymentArn: NEW });
    await expect(new NativeEngine(deps).continue(held, 'ecs-pause-1')).resolves.toBe(
      'ContinueServiceDeployment(CONTINUE) sent for hook ecs-pause-1',
    );
    expect(ecs.commandCalls(ContinueServiceDeploymentCommand)[0]!.args[0].input).toEqual({
      serviceDeploymentArn: NEW,
      hookId: 'ecs-pause-1',
      action: 'CONTINUE',
    });
  });

  it('continue: a hook that no longer waits is reported, not fatal', async () => {
    ecs.on(ContinueServiceDeploymentCommand).rejects(awsError('InvalidParameterException'));
    await expect(new NativeEngine(deps).continue(held, 'ecs-pause-1')).resolves.toBe(
      'hook ecs-pause-1 no longer awaits action (InvalidParameterException: InvalidParameterException message)',
    );
  });

  it('continue: never after the run was cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      new NativeEngine({ ...deps, signal: controller.signal }).continue(held, 'ecs-pause-1'),
    ).rejects.toThrow(
      'The workflow run was cancelled; ContinueServiceDeployment(CONTINUE) was not sent.',
    );
    expect(ecs.calls()).toHaveLength(0);
  });

  it('stop with rollback: through the hook when held', async () => {
    ecs.on(ContinueServiceDeploymentCommand).resolves({});
    await expect(new NativeEngine(deps).stopWithRollback(held)).resolves.toBe(
      'ContinueServiceDeployment(ROLLBACK) sent for hook ecs-pause-1',
    );
    expect(ecs.commandCalls(ContinueServiceDeploymentCommand)[0]!.args[0].input.action).toBe(
      'ROLLBACK',
    );
    expect(ecs.commandCalls(StopServiceDeploymentCommand)).toHaveLength(0);
  });

  it('stop with rollback: StopServiceDeployment(ROLLBACK) otherwise, or when the hold just ended', async () => {
    ecs.on(ContinueServiceDeploymentCommand).rejects(awsError('InvalidParameterException'));
    ecs.on(StopServiceDeploymentCommand).resolves({});
    const engine = new NativeEngine(deps);
    await expect(engine.stopWithRollback(shifting)).resolves.toBe(
      `StopServiceDeployment(ROLLBACK) sent for ${NEW}`,
    );
    await expect(engine.stopWithRollback(held)).resolves.toBe(
      `StopServiceDeployment(ROLLBACK) sent for ${NEW}`,
    );
    expect(ecs.commandCalls(StopServiceDeploymentCommand).map((c) => c.args[0].input)).toEqual([
      { serviceDeploymentArn: NEW, stopType: 'ROLLBACK' },
      { serviceDeploymentArn: NEW, stopType: 'ROLLBACK' },
    ]);
  });

  it('stop with rollback: a deployment that already ended is not an error', async () => {
    ecs.on(StopServiceDeploymentCommand).rejects(awsError('ConflictException'));
    await expect(new NativeEngine(deps).stopWithRollback(shifting)).resolves.toBe(
      `${NEW} had already ended`,
    );
  });

  it('follows a rollback in the same deployment, and links the console to it', () => {
    const engine = new NativeEngine(deps);
    expect(engine.followRollback(shifting)).toBe(NEW);
    expect(engine.consoleUrl(NEW)).toBe(
      'https://us-east-1.console.aws.amazon.com/ecs/v2/clusters/prod/services/web/deployments/new000000000000000000?region=us-east-1',
    );
  });
});
