import {
  ContinueDeploymentCommand,
  CreateDeploymentCommand,
  GetApplicationRevisionCommand,
  GetDeploymentCommand,
  StopDeploymentCommand,
  type CodeDeployClient,
} from '@aws-sdk/client-codedeploy';
import { describe, expect, it } from 'vitest';
import { FakeGroup } from '../../../lib/codedeploy/testing/fake-codedeploy.js';
import { fakeCommand } from './testing/fake-context.js';
import { rollBackAfterCancel } from './cancel-and-rollback.js';
import { promote } from './promote.js';
import { rollback } from './rollback.js';
import { status } from './status.js';

const setup = (group: FakeGroup, inputs: Record<string, string>) => fakeCommand(group, inputs);

describe('promote', () => {
  it('continues a Ready deployment and follows it until traffic shifted', async () => {
    const group = new FakeGroup([{ status: 'Ready', traffic: [100, 0] }]);
    group.afterContinue = [{ status: 'InProgress', traffic: [0, 100], targetStatus: 'Succeeded' }];
    group.active = ['d-NEW000001'];
    const { ctx, inputs } = setup(group, { command: 'promote' });
    const result = await promote(inputs, ctx);
    expect(group.calls(ContinueDeploymentCommand)).toEqual([
      { deploymentId: 'd-NEW000001', deploymentWaitType: 'READY_WAIT' },
    ]);
    expect(result.ok).toBe(true);
  });

  it('ends the termination wait with TERMINATION_WAIT', async () => {
    const group = new FakeGroup([
      { status: 'InProgress', targetStatus: 'Succeeded' },
      { status: 'InProgress', targetStatus: 'Succeeded' },
    ]);
    group.codedeploy.on(ContinueDeploymentCommand).callsFake(() => {
      group.scripts.get('d-NEW000001')!.frames = [{ status: 'Succeeded' }];
      return {};
    });
    const { ctx, inputs } = setup(group, { command: 'promote', 'deployment-id': 'd-NEW000001' });
    const result = await promote(inputs, ctx);
    expect(group.calls(ContinueDeploymentCommand)).toEqual([
      { deploymentId: 'd-NEW000001', deploymentWaitType: 'TERMINATION_WAIT' },
    ]);
    expect(result).toMatchObject({ ok: true, status: 'Succeeded' });
  });

  it('refuses a deployment that waits for nothing', async () => {
    const group = new FakeGroup([{ status: 'InProgress' }]);
    const { ctx, inputs } = setup(group, { command: 'promote', 'deployment-id': 'd-NEW000001' });
    await expect(promote(inputs, ctx)).rejects.toThrow(/nothing to promote/);
  });
});

describe('rollback', () => {
  it('stops the active deployment with rollback; the completed rollback is the success', async () => {
    const group = new FakeGroup([{ status: 'InProgress' }]);
    group.active = ['d-NEW000001'];
    const { ctx, inputs } = setup(group, { command: 'rollback' });
    const result = await rollback(inputs, ctx);
    expect(group.calls(StopDeploymentCommand)).toEqual([
      { deploymentId: 'd-NEW000001', autoRollbackEnabled: true },
    ]);
    expect(result.ok).toBe(true);
    expect(result.followed).toMatchObject({
      rolledBack: true,
      rollbackDeploymentId: 'd-RBNEW0000',
    });
  });

  it('with nothing active, redeploys the revision before the last successful deployment', async () => {
    const group = new FakeGroup([{ status: 'Succeeded' }]);
    const content =
      '{"version":"0.0","Resources":[{"TargetService":{"Type":"AWS::ECS::Service","Properties":{"TaskDefinition":"arn:aws:ecs:us-east-1:111122223333:task-definition/web:5"}}}]}';
    group.codedeploy.on(GetDeploymentCommand, { deploymentId: 'd-LIVE00001' }).resolves({
      deploymentInfo: {
        deploymentId: 'd-LIVE00001',
        status: 'Succeeded',
        previousRevision: { revisionType: 'AppSpecContent', appSpecContent: { sha256: 'abc' } },
      },
    });
    group.codedeploy.on(GetApplicationRevisionCommand).resolves({
      revision: { revisionType: 'AppSpecContent', appSpecContent: { content, sha256: 'abc' } },
    });
    const { ctx, inputs } = setup(group, { command: 'rollback' });
    const result = await rollback(inputs, ctx);
    const [create] = group.calls(CreateDeploymentCommand) as {
      revision: { appSpecContent: { content: string } };
    }[];
    expect(create!.revision.appSpecContent.content).toBe(content);
    expect(result).toMatchObject({
      ok: true,
      taskDefinitionArn: 'arn:aws:ecs:us-east-1:111122223333:task-definition/web:5',
    });
  });

  it('says there is nothing to roll back to after the first deployment', async () => {
    const group = new FakeGroup([{ status: 'Succeeded' }]);
    group.codedeploy
      .on(GetDeploymentCommand, { deploymentId: 'd-LIVE00001' })
      .resolves({ deploymentInfo: { deploymentId: 'd-LIVE00001', status: 'Succeeded' } });
    const { ctx, inputs } = setup(group, { command: 'rollback' });
    await expect(rollback(inputs, ctx)).rejects.toThrow(
      /first successful deployment .* no earlier revision/,
    );
  });
});

describe('status and the post step', () => {
  it('status prints the state without changing anything', async () => {
    const group = new FakeGroup([
      { status: 'InProgress', traffic: [90, 10], events: [['AllowTraffic', 'InProgress']] },
    ]);
    const { ctx, inputs, log } = setup(group, {
      command: 'status',
      'deployment-id': 'd-NEW000001',
    });
    const result = await status(inputs, ctx);
    expect(result).toMatchObject({ ok: true, status: 'InProgress' });
    expect(log).toContain('State: InProgress · AllowTraffic InProgress · Blue 90% / Green 10%');
    expect(group.calls(StopDeploymentCommand)).toHaveLength(0);
  });

  it('the post step of a cancelled run stops the saved deployment with rollback', async () => {
    const group = new FakeGroup([{ status: 'InProgress' }]);
    const result = await rollBackAfterCancel(
      {
        codedeploy: group.codedeploy as unknown as CodeDeployClient,
        clock: group.clock,
        log: () => {},
      },
      'd-NEW000001',
    );
    expect(group.calls(StopDeploymentCommand)).toEqual([
      { deploymentId: 'd-NEW000001', autoRollbackEnabled: true },
    ]);
    expect(result.outcome).toMatchObject({ rolledBack: true });
  });

  it('the post step leaves an ended deployment alone', async () => {
    const group = new FakeGroup([{ status: 'Succeeded' }]);
    const result = await rollBackAfterCancel(
      {
        codedeploy: group.codedeploy as unknown as CodeDeployClient,
        clock: group.clock,
        log: () => {},
      },
      'd-NEW000001',
    );
    expect(group.calls(StopDeploymentCommand)).toHaveLength(0);
    expect(result.line).toMatch(/had already ended: Succeeded/);
  });
});
