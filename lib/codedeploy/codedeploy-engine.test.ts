import {
  ContinueDeploymentCommand,
  GetDeploymentCommand,
  GetDeploymentTargetCommand,
  ListDeploymentTargetsCommand,
  StopDeploymentCommand,
  type CodeDeployClient,
} from '@aws-sdk/client-codedeploy';
import type { ECSClient } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import { CodeDeployEngine } from './codedeploy-engine.js';
import { awsError, FakeGroup, type Frame } from './testing/fake-codedeploy.js';

const ID = 'd-NEW000001';

function engine(frames: Frame[], withEcs = false) {
  const group = new FakeGroup(frames);
  const adapter = new CodeDeployEngine({
    codedeploy: group.codedeploy as unknown as CodeDeployClient,
    region: 'eu-west-1',
    clock: group.clock,
    ...(withEcs
      ? { ecs: group.ecs as unknown as ECSClient, service: { cluster: 'staging', service: 'web' } }
      : {}),
  });
  return { group, adapter };
}

const installing: Frame = {
  status: 'InProgress',
  events: [['Install', 'InProgress']],
  traffic: [100, 0],
};

describe('CodeDeployEngine.read', () => {
  it('reads no target before the deployment starts (spec A.9)', async () => {
    const { group, adapter } = engine([{ status: 'Created' }]);
    const s = await adapter.read(ID);
    expect(s).toMatchObject({
      engine: 'codedeploy',
      deploymentId: ID,
      status: 'Created',
      phase: 'created',
    });
    expect(group.calls(ListDeploymentTargetsCommand)).toHaveLength(0);
    expect(group.calls(GetDeploymentTargetCommand)).toHaveLength(0);
  });

  it('lists the target once, then reads it by id: task sets and lifecycle events in the snapshot', async () => {
    const { group, adapter } = engine([installing, installing]);
    await adapter.read(ID);
    const s = await adapter.read(ID);
    expect(group.calls(ListDeploymentTargetsCommand)).toHaveLength(1);
    expect(group.calls(GetDeploymentTargetCommand)).toHaveLength(2);
    expect(s.phase).toBe('scaling');
    expect(s.hooks).toEqual([{ id: 'Install', kind: 'lifecycle event', status: 'InProgress' }]);
    expect(s.revisions.map((r) => [r.label, r.role, r.productionPercent])).toEqual([
      ['Blue', 'source', 100],
      ['Green', 'target', 0],
    ]);
  });

  it('in the termination wait reads GetDeployment alone: nothing on the target changes there', async () => {
    const waiting: Frame = { status: 'InProgress', targetStatus: 'Succeeded', traffic: [0, 100] };
    const { group, adapter } = engine([waiting, waiting, waiting]);
    for (let i = 0; i < 3; i++) expect((await adapter.read(ID)).phase).toBe('cleaning-up');
    expect(group.calls(GetDeployment)).toHaveLength(3);
    expect(group.calls(GetDeploymentTargetCommand)).toHaveLength(1);
  });

  it('after AWS refuses the target read, follows with GetDeployment alone', async () => {
    const { group, adapter } = engine([installing, installing, installing]);
    group.codedeploy
      .on(ListDeploymentTargetsCommand)
      .rejects(awsError('AccessDeniedException', 'not authorized'));
    await expect(adapter.read(ID)).rejects.toThrow('not authorized');
    const s = await adapter.read(ID);
    expect(s.status).toBe('InProgress');
    expect(group.calls(ListDeploymentTargetsCommand)).toHaveLength(1);
  });

  it('a throttled target read is tried again on the next read', async () => {
    const { group, adapter } = engine([installing, installing]);
    group.codedeploy
      .on(ListDeploymentTargetsCommand)
      .rejectsOnce(awsError('ThrottlingException', 'Rate exceeded'))
      .resolves({ targetIds: ['staging:web'] });
    await expect(adapter.read(ID)).rejects.toThrow('Rate exceeded');
    expect((await adapter.read(ID)).hooks).toHaveLength(1);
    expect(group.calls(ListDeploymentTargetsCommand)).toHaveLength(2);
  });

  it('brings service evidence with the read that first sees a failure, even when not due', async () => {
    const failed: Frame = { status: 'Failed', error: { code: 'TIMEOUT', message: 'unhealthy' } };
    const { group, adapter } = engine([installing, failed, failed], true);
    await adapter.read(ID);
    expect(group.calls(DescribeServices)).toHaveLength(0);
    const s = await adapter.read(ID);
    expect(s.evidence.statusReason).toBe('TIMEOUT: unhealthy');
    expect(group.calls(DescribeServices)).toHaveLength(1);
    await adapter.read(ID);
    expect(group.calls(DescribeServices)).toHaveLength(1);
    await adapter.read(ID, { withEvidence: true });
    expect(group.calls(DescribeServices)).toHaveLength(2);
  });
});

describe('CodeDeployEngine calls', () => {
  it('continue is ContinueDeployment(READY_WAIT); one that left Ready meanwhile says so', async () => {
    const { group, adapter } = engine([{ status: 'Ready' }]);
    group.afterContinue = [{ status: 'InProgress' }];
    const held = await adapter.read(ID);
    expect(held.hold?.id).toBe('READY_WAIT');
    expect(await adapter.continue(held, 'READY_WAIT')).toBe('');
    expect(group.calls(ContinueDeploymentCommand)).toEqual([
      { deploymentId: ID, deploymentWaitType: 'READY_WAIT' },
    ]);
    expect(await adapter.continue(held, 'READY_WAIT')).toBe(`${ID} no longer waits in Ready`);
  });

  it('stop is StopDeployment with autoRollbackEnabled; the rollback to follow is its own deployment', async () => {
    const { group, adapter } = engine([installing]);
    const s = await adapter.read(ID);
    expect(await adapter.stopWithRollback(s)).toBe(`StopDeployment ${ID} with rollback: Pending`);
    expect(group.calls(StopDeploymentCommand)).toEqual([
      { deploymentId: ID, autoRollbackEnabled: true },
    ]);
    expect(adapter.followRollback(s, 'd-RBNEW0000')).toBe('d-RBNEW0000');
    expect(adapter.consoleUrl(ID)).toBe(
      `https://eu-west-1.console.aws.amazon.com/codesuite/codedeploy/deployments/${ID}?region=eu-west-1`,
    );
  });
});

const GetDeployment = GetDeploymentCommand;
const DescribeServices = { name: 'DescribeServicesCommand' };
