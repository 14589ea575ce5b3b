import {
  DescribeServicesCommand,
  ECSClient,
  ListTasksCommand,
  UpdateServiceCommand,
  type Deployment,
} from '@aws-sdk/client-ecs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../lib/clock/testing/fake-clock.js';
import { rollBackCancelledRolling } from './rolling-cancel.js';

const ecs = mockClient(ECSClient);
const TD = (n: number) => `arn:aws:ecs:us-east-1:123456789012:task-definition/web:${n}`;
const STATE = {
  cluster: 'staging',
  service: 'web',
  deploymentId: 'ecs-svc/2',
  taskDefinition: TD(8),
  previousTaskDefinition: TD(7),
};
const rollout = (id: string, n: number, over: Partial<Deployment> = {}): Deployment => ({
  id,
  status: 'PRIMARY',
  taskDefinition: TD(n),
  desiredCount: 2,
  runningCount: 2,
  pendingCount: 0,
  rolloutState: 'COMPLETED',
  ...over,
});

let log: string[];
const toolkit = { info: (l: string) => log.push(l) };
const deps = () => ({
  ecs: ecs as unknown as ECSClient,
  region: 'us-east-1',
  clock: new FakeClock(),
});
const frames = (...list: Deployment[][]) => {
  let at = 0;
  ecs.on(DescribeServicesCommand).callsFake(() => ({
    services: [{ deployments: list[Math.min(at++, list.length - 1)], events: [] }],
  }));
};

beforeEach(() => {
  ecs.reset();
  ecs.on(ListTasksCommand).resolves({ taskArns: [] });
  log = [];
});

describe('rollBackCancelledRolling: the post step of a cancelled rolling deploy', () => {
  it('an update that completed is left alone', async () => {
    frames([rollout('ecs-svc/2', 8)]);
    await expect(rollBackCancelledRolling(toolkit, STATE, deps())).resolves.toBeUndefined();
    expect(log).toEqual(['Rolling update ecs-svc/2 had already ended: COMPLETED']);
    expect(ecs.commandCalls(UpdateServiceCommand)).toHaveLength(0);
  });

  it('an update ECS already rolled back (ours gone, the service on the previous one) is left alone', async () => {
    frames([rollout('ecs-svc/1', 7)]);
    await expect(rollBackCancelledRolling(toolkit, STATE, deps())).resolves.toBeUndefined();
    expect(log[0]).toMatch(/had already ended: FAILED/);
    expect(ecs.commandCalls(UpdateServiceCommand)).toHaveLength(0);
  });

  it('an update a later deployment replaced is not ours to stop', async () => {
    frames([rollout('ecs-svc/3', 9)]);
    await expect(rollBackCancelledRolling(toolkit, STATE, deps())).resolves.toBeUndefined();
    expect(log).toEqual(['Rolling update ecs-svc/2 is no longer listed; nothing to roll back.']);
    expect(ecs.commandCalls(UpdateServiceCommand)).toHaveLength(0);
  });

  it('an update in progress is redeployed back to the previous task definition and followed', async () => {
    const inProgress = [
      rollout('ecs-svc/2', 8, { rolloutState: 'IN_PROGRESS', runningCount: 0, pendingCount: 2 }),
      rollout('ecs-svc/1', 7, { status: 'ACTIVE' }),
    ];
    frames(inProgress, inProgress);
    ecs.on(UpdateServiceCommand).callsFake(() => {
      frames(
        [
          rollout('ecs-svc/3', 7, { rolloutState: 'IN_PROGRESS' }),
          { ...inProgress[0]!, status: 'ACTIVE' },
        ],
        [rollout('ecs-svc/3', 7)],
      );
      return {};
    });
    const outcome = await rollBackCancelledRolling(toolkit, STATE, deps());
    expect(ecs.commandCalls(UpdateServiceCommand)[0]!.args[0].input).toEqual({
      cluster: 'staging',
      service: 'web',
      taskDefinition: TD(7),
    });
    expect(outcome).toMatchObject({ rolledBack: true, outcome: 'rolled-back' });
    expect(outcome!.reason).toMatch(/^the workflow run was cancelled; rolled back/);
  });
});
