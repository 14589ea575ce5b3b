import {
  DescribeServiceDeploymentsCommand,
  DescribeServicesCommand,
  ECSClient,
  StopServiceDeploymentCommand,
  UpdateServiceCommand,
  type Deployment,
} from '@aws-sdk/client-ecs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../clock/testing/fake-clock.js';
import type { EcsEngineDeps } from './native-engine.js';
import { RollingEngine, startRollingUpdate } from './rolling-engine.js';

const ecs = mockClient(ECSClient);
const ARN = 'arn:aws:ecs:us-east-1:123456789012:service-deployment/prod/web/roll00000000000000000';
const TD = (n: number) => `arn:aws:ecs:us-east-1:123456789012:task-definition/web:${n}`;
const REASON = 'ECS deployment circuit breaker: tasks failed to start.';

let deps: EcsEngineDeps;
beforeEach(() => {
  ecs.reset();
  deps = {
    ecs: ecs as unknown as ECSClient,
    cluster: 'prod',
    service: 'web',
    region: 'us-east-1',
    clock: new FakeClock(),
  };
});

const rollout = (id: string, n: number, over: Partial<Deployment> = {}): Deployment => ({
  id,
  status: 'PRIMARY',
  taskDefinition: TD(n),
  desiredCount: 2,
  runningCount: 0,
  pendingCount: 0,
  rolloutState: 'IN_PROGRESS',
  ...over,
});

describe('startRollingUpdate', () => {
  it('takes the service deployment ARN and our PRIMARY rollout from the response', async () => {
    ecs.on(UpdateServiceCommand).resolves({
      service: { currentServiceDeployment: ARN, deployments: [rollout('ecs-svc/2', 8)] },
    });
    await expect(startRollingUpdate(deps, TD(8), undefined)).resolves.toEqual({
      deploymentId: ARN,
      rolloutId: 'ecs-svc/2',
      taskDefinition: TD(8),
    });
    expect(ecs.commandCalls(UpdateServiceCommand)[0]!.args[0].input).toEqual({
      cluster: 'prod',
      service: 'web',
      taskDefinition: TD(8),
    });
  });

  it('without a service deployment: the rollout id', async () => {
    ecs.on(UpdateServiceCommand).resolves({ service: { deployments: [rollout('ecs-svc/2', 8)] } });
    await expect(startRollingUpdate(deps, TD(8), undefined)).resolves.toMatchObject({
      deploymentId: 'ecs-svc/2',
    });
  });
});

/** Our service deployment in progress, its target revision the rollout ecs-svc/2. */
const inProgress = {
  serviceDeployments: [
    {
      serviceDeploymentArn: ARN,
      status: 'IN_PROGRESS' as const,
      targetServiceRevision: {
        arn: 'arn:aws:ecs:us-east-1:123456789012:service-revision/prod/web/2',
      },
    },
  ],
};

describe('RollingEngine', () => {
  it('a circuit-breaker rollback read from rollouts when service deployments are unavailable', async () => {
    ecs.on(DescribeServiceDeploymentsCommand).rejects(
      Object.assign(new Error('not here'), {
        name: 'UnsupportedFeatureException',
        $metadata: {},
      }),
    );
    ecs.on(DescribeServicesCommand).resolves({
      services: [
        {
          deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } },
          deployments: [
            rollout('ecs-svc/1', 7),
            rollout('ecs-svc/2', 8, {
              status: 'ACTIVE',
              rolloutState: 'FAILED',
              rolloutStateReason: REASON,
              failedTasks: 3,
            }),
          ],
        },
      ],
    });
    const engine = new RollingEngine(deps, {
      deploymentId: ARN,
      rolloutId: 'ecs-svc/2',
      taskDefinition: TD(8),
    });
    const s = await engine.read(ARN);
    expect(s).toMatchObject({
      engine: 'rolling',
      phase: 'rolling-back',
      evidence: { statusReason: REASON, circuitBreaker: { status: 'TRIGGERED', failureCount: 3 } },
    });
    await engine.read(ARN);
    expect(ecs.commandCalls(DescribeServiceDeploymentsCommand)).toHaveLength(1);
  });

  it('finds its rollout from the service deployment target revision (status, rollback commands)', async () => {
    ecs.on(DescribeServiceDeploymentsCommand).resolves(inProgress);
    ecs
      .on(DescribeServicesCommand)
      .resolves({ services: [{ deployments: [rollout('ecs-svc/2', 8, { runningCount: 1 })] }] });
    const s = await new RollingEngine(deps).read(ARN);
    expect(s).toMatchObject({ phase: 'scaling', status: 'IN_PROGRESS' });
    expect(s.revisions).toEqual([
      { id: TD(8), role: 'target', running: 1, pending: 0, requested: 2 },
    ]);
  });

  it('reads the service deployment only when the rollouts cannot tell: healthy progress costs one call', async () => {
    ecs.on(DescribeServiceDeploymentsCommand).resolves(inProgress);
    const services = (over: Partial<Deployment>) =>
      ecs.on(DescribeServicesCommand).resolves({
        services: [{ deployments: [rollout('ecs-svc/2', 8, over)] }],
      });
    const sdReads = () => ecs.commandCalls(DescribeServiceDeploymentsCommand).length;
    const engine = new RollingEngine(deps, { deploymentId: ARN, taskDefinition: TD(8) });
    services({ runningCount: 0 });
    // Ours not known yet: the service deployment names it.
    await engine.read(ARN);
    expect(sdReads()).toBe(1);
    services({ runningCount: 1 });
    expect(await engine.read(ARN)).toMatchObject({ phase: 'scaling', status: 'IN_PROGRESS' });
    expect(sdReads()).toBe(1);
    // A failed task, a completed rollout, evidence: each needs the service deployment's word.
    services({ runningCount: 1, failedTasks: 1 });
    await engine.read(ARN);
    expect(sdReads()).toBe(2);
    services({ runningCount: 2, rolloutState: 'COMPLETED' });
    await engine.read(ARN);
    expect(sdReads()).toBe(3);
    services({ runningCount: 2 });
    await engine.read(ARN, { withEvidence: true });
    expect(sdReads()).toBe(4);
  });

  it('stops with rollback by StopServiceDeployment when ECS named a service deployment', async () => {
    ecs.on(StopServiceDeploymentCommand).resolves({});
    const engine = new RollingEngine(deps);
    await expect(engine.stopWithRollback({ deploymentId: ARN } as never)).resolves.toBe(
      `StopServiceDeployment(ROLLBACK) sent for ${ARN}`,
    );
    expect(ecs.commandCalls(UpdateServiceCommand)).toHaveLength(0);
  });

  it('without a service deployment ARN: redeploys the previous task definition, then reads a rollback', async () => {
    ecs.on(UpdateServiceCommand).resolves({});
    const engine = new RollingEngine(
      deps,
      { deploymentId: 'ecs-svc/2', rolloutId: 'ecs-svc/2', taskDefinition: TD(8) },
      TD(7),
    );
    await expect(engine.stopWithRollback({ deploymentId: 'ecs-svc/2' } as never)).resolves.toMatch(
      /^UpdateService back to .*web:7: ECS names no service deployment for ecs-svc\/2/,
    );
    expect(ecs.commandCalls(UpdateServiceCommand)[0]!.args[0].input).toEqual({
      cluster: 'prod',
      service: 'web',
      taskDefinition: TD(7),
    });
    const frame = (back: Partial<Deployment>) =>
      ecs.on(DescribeServicesCommand).resolves({
        services: [
          {
            deployments: [
              rollout('ecs-svc/3', 7, back),
              rollout('ecs-svc/2', 8, { status: 'ACTIVE' }),
            ],
          },
        ],
      });
    frame({});
    await expect(engine.read('ecs-svc/2')).resolves.toMatchObject({ phase: 'rolling-back' });
    frame({ rolloutState: 'COMPLETED' });
    await expect(engine.read('ecs-svc/2')).resolves.toMatchObject({ phase: 'rolled-back' });
  });

  it('without an ARN or a previous task definition, or once cancelled, says what to do instead', async () => {
    const engine = new RollingEngine(deps);
    await expect(
      engine.stopWithRollback({ deploymentId: 'ecs-svc/2', revisions: [] } as never),
    ).rejects.toThrow(
      'Rolling update ecs-svc/2 has no service deployment ARN and no earlier task definition is known',
    );
    const controller = new AbortController();
    controller.abort();
    const cancelled = new RollingEngine({ ...deps, signal: controller.signal }, undefined, TD(7));
    await expect(
      cancelled.stopWithRollback({ deploymentId: 'ecs-svc/2' } as never),
    ).rejects.toThrow('which the post step of the cancelled run does');
    expect(ecs.commandCalls(UpdateServiceCommand)).toHaveLength(0);
  });

  it('never continues: a rolling update does not hold', async () => {
    await expect(new RollingEngine(deps).continue()).rejects.toThrow(
      'A rolling update never holds for a decision: there is nothing to continue.',
    );
  });
});
