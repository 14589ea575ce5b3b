import {
  DescribeServicesCommand,
  ECSClient,
  ListTasksCommand,
  type Deployment,
} from '@aws-sdk/client-ecs';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../clock/testing/fake-clock.js';
import { followDeployment } from '../deploy/follow.js';
import { RollingEngine } from './rolling-engine.js';

/** The shared watch loop driving the rolling adapter from DescribeServices alone. */

const TD = (n: number) => `arn:aws:ecs:us-east-1:123456789012:task-definition/web:${n}`;
const REASON = 'ECS deployment circuit breaker: tasks failed to start.';
const ours = (over: Partial<Deployment>): Deployment => ({
  id: 'ecs-svc/2',
  status: 'PRIMARY',
  taskDefinition: TD(8),
  desiredCount: 2,
  runningCount: 0,
  pendingCount: 2,
  failedTasks: 0,
  rolloutState: 'IN_PROGRESS',
  ...over,
});
const old = (over: Partial<Deployment>): Deployment => ({
  id: 'ecs-svc/1',
  status: 'ACTIVE',
  taskDefinition: TD(7),
  desiredCount: 2,
  runningCount: 2,
  pendingCount: 0,
  rolloutState: 'COMPLETED',
  ...over,
});

function follow(frames: Deployment[][]) {
  const ecs = mockClient(ECSClient);
  const clock = new FakeClock();
  let at = 0;
  ecs.on(DescribeServicesCommand).callsFake(() => ({
    services: [
      {
        deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } },
        deployments: frames[Math.min(at++, frames.length - 1)],
        events: [],
      },
    ],
  }));
  ecs.on(ListTasksCommand).resolves({ taskArns: [] });
  const deps = {
    ecs: ecs as unknown as ECSClient,
    cluster: 'prod',
    service: 'web',
    region: 'us-east-1',
    clock,
  };
  const adapter = new RollingEngine(deps, {
    deploymentId: 'ecs-svc/2',
    rolloutId: 'ecs-svc/2',
    taskDefinition: TD(8),
  });
  return followDeployment(
    { adapter, clock, log: () => {} },
    {
      deploymentId: 'ecs-svc/2',
      waitUntil: 'complete',
      timeoutMs: 30 * 60_000,
      rollbackExpected: true,
      autoContinue: false,
    },
  );
}

describe('followDeployment on a rolling update', () => {
  it('completes', async () => {
    await expect(
      follow([
        [ours({}), old({})],
        [ours({ runningCount: 2, pendingCount: 0, rolloutState: 'COMPLETED' })],
      ]),
    ).resolves.toMatchObject({ ok: true, outcome: 'succeeded', status: 'COMPLETED' });
  });

  it('a circuit-breaker rollback fails naming the reason', async () => {
    const result = await follow([
      [ours({}), old({})],
      [ours({ failedTasks: 2 }), old({})],
      [
        old({ status: 'PRIMARY', rolloutState: 'IN_PROGRESS' }),
        ours({
          status: 'ACTIVE',
          rolloutState: 'FAILED',
          rolloutStateReason: REASON,
          failedTasks: 3,
        }),
      ],
      [old({ status: 'PRIMARY', rolloutState: 'COMPLETED' })],
    ]);
    expect(result).toMatchObject({
      ok: false,
      outcome: 'rolled-back',
      rolledBack: true,
      reason: `deployment ecs-svc/2 FAILED: ${REASON}; rolled back (FAILED)`,
    });
  });
});
