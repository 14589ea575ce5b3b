import {
  ContinueServiceDeploymentCommand,
  DescribeServiceRevisionsCommand,
  DescribeServicesCommand,
  ListServiceDeploymentsCommand,
  StopServiceDeploymentCommand,
  UpdateServiceCommand,
  type ECSClient,
  type Service,
} from '@aws-sdk/client-ecs';
import type { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import { describe, expect, it } from 'vitest';
import {
  DEPLOYMENT_ARN,
  FakeServiceDeployment,
  type Frame,
} from '../../../lib/ecs-deployments/testing/fake-ecs-deployments.js';
import { ActionError } from '../../../lib/errors/action-error.js';
import { InputReader } from '../../../lib/github/index.js';
import type { CommandContext } from './context.js';
import { givenInputs, readInputs } from './inputs.js';
import { settleNativeConflict } from './native-conflict.js';
import { promoteNative } from './native-promote.js';
import { rollbackNative } from './native-rollback.js';
import { statusNative } from './native-status.js';

const TD = (n: number) => `arn:aws:ecs:us-east-1:123456789012:task-definition/web:${n}`;
const SERVICE: Service = {
  serviceName: 'web',
  status: 'ACTIVE',
  taskDefinition: TD(2),
  deploymentController: { type: 'ECS' },
  deploymentConfiguration: { strategy: 'BLUE_GREEN' },
};
const NATIVE = { service: SERVICE, choice: { engine: 'native', strategy: 'BLUE_GREEN' } } as const;
const HELD: Frame = { stage: 'POST_TEST_TRAFFIC_SHIFT', test: 100, paused: 'hook-1' };
const DONE: Frame = { status: 'SUCCESSFUL', stage: 'CLEAN_UP', production: 100, test: 100 };

/** A command over a scripted service deployment; `active` is what ListServiceDeployments shows in progress. */
function command(fake: FakeServiceDeployment, values: Record<string, string>, active = true) {
  const log: string[] = [];
  const remembered: string[] = [];
  fake.ecs.on(ListServiceDeploymentsCommand).callsFake((input) => ({
    serviceDeployments:
      active || !input.status || input.status.includes('SUCCESSFUL')
        ? [{ serviceDeploymentArn: DEPLOYMENT_ARN, status: 'IN_PROGRESS', createdAt: new Date(1) }]
        : [],
  }));
  const abort = new AbortController();
  const ctx: CommandContext = {
    clients: {
      region: 'us-east-1',
      ecs: fake.ecs as unknown as ECSClient,
      codedeploy: {} as CodeDeployClient,
    },
    clock: fake.clock,
    log: (l) => log.push(l),
    debug: () => {},
    signal: abort.signal,
    run: { serverUrl: 'https://github.com', workspace: '.', authored: {} },
    env: {},
    rememberDeployment: (id) => remembered.push(id),
  };
  const all: Record<string, string> = { cluster: 'prod', service: 'web', ...values };
  const inputs = {
    ...readInputs(new InputReader((n) => all[n] ?? '')),
    given: givenInputs((n) => all[n] ?? ''),
  };
  return { ctx, inputs, log, remembered, abort };
}

/** The one line an expected failure shows the user. */
async function lineOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ActionError) return error.line;
    throw error;
  }
  throw new Error('expected an ActionError');
}

describe('promoteNative', () => {
  it('continues the waiting hook and follows to wait-until', async () => {
    const fake = new FakeServiceDeployment([HELD]);
    fake.afterContinue = [{ stage: 'PRODUCTION_TRAFFIC_SHIFT', production: 50 }, DONE];
    const { ctx, inputs, remembered } = command(fake, {
      command: 'promote',
      'wait-until': 'complete',
    });
    const result = await promoteNative(inputs, ctx, NATIVE);
    expect(fake.ecs.commandCalls(ContinueServiceDeploymentCommand)[0]!.args[0].input).toEqual({
      serviceDeploymentArn: DEPLOYMENT_ARN,
      hookId: 'hook-1',
      action: 'CONTINUE',
    });
    expect(result).toMatchObject({ ok: true, status: 'SUCCESSFUL', deploymentId: DEPLOYMENT_ARN });
    expect(result.followed?.outcome).toBe('succeeded');
    expect(remembered).toEqual([DEPLOYMENT_ARN]);
  });

  it('wait-until: ready goes on to traffic shifted: the hold is what was let go', async () => {
    const fake = new FakeServiceDeployment([HELD]);
    fake.afterContinue = [{ stage: 'PRODUCTION_TRAFFIC_SHIFT', production: 100 }];
    const { ctx, inputs } = command(fake, { command: 'promote', 'wait-until': 'ready' });
    const result = await promoteNative(inputs, ctx, NATIVE);
    expect(result.ok).toBe(true);
    expect(result.followed?.reason).toContain('production traffic is on the replacement');
  });

  it('nothing held: one line naming the state, nothing sent', async () => {
    const fake = new FakeServiceDeployment([{ stage: 'SCALE_UP' }]);
    const { ctx, inputs } = command(fake, { command: 'promote' });
    expect(await lineOf(promoteNative(inputs, ctx, NATIVE))).toMatch(
      /is IN_PROGRESS SCALE_UP.*no PAUSE hook awaits action, so there is nothing to promote/,
    );
    expect(fake.ecs.commandCalls(ContinueServiceDeploymentCommand)).toHaveLength(0);
  });

  it('nothing in progress: one line naming the fix', async () => {
    const fake = new FakeServiceDeployment([DONE]);
    const { ctx, inputs } = command(fake, { command: 'promote' }, false);
    expect(await lineOf(promoteNative(inputs, ctx, NATIVE))).toMatch(
      /no service deployment in progress.*wait-until: ready/,
    );
  });

  it('refuses inputs the engine cannot honour before anything is sent', async () => {
    const fake = new FakeServiceDeployment([HELD]);
    const { ctx, inputs } = command(fake, { command: 'promote', 'deployment-id': 'd-ABCDEFGHI' });
    expect(await lineOf(promoteNative(inputs, ctx, NATIVE))).toMatch(
      /Input "deployment-id" is "d-ABCDEFGHI", a CodeDeploy deployment id/,
    );
    expect(fake.ecs.commandCalls(ContinueServiceDeploymentCommand)).toHaveLength(0);
  });
});

describe('rollbackNative', () => {
  it('a held deployment: ROLLBACK through its hook, followed; the rollback is the success', async () => {
    const fake = new FakeServiceDeployment([HELD]);
    const { ctx, inputs } = command(fake, { command: 'rollback' });
    const result = await rollbackNative(inputs, ctx, NATIVE);
    expect(fake.ecs.commandCalls(ContinueServiceDeploymentCommand)[0]!.args[0].input).toMatchObject(
      { action: 'ROLLBACK', hookId: 'hook-1' },
    );
    expect(result).toMatchObject({ ok: true, status: 'ROLLBACK_SUCCESSFUL' });
    expect(result.followed).toMatchObject({ outcome: 'rolled-back', rolledBack: true });
    expect(result.followed?.reason).toBe('rollback requested; rolled back (ROLLBACK_SUCCESSFUL)');
  });

  it('a deployment shifting traffic: StopServiceDeployment ROLLBACK', async () => {
    const fake = new FakeServiceDeployment([{ stage: 'PRODUCTION_TRAFFIC_SHIFT', production: 40 }]);
    const { ctx, inputs } = command(fake, { command: 'rollback' });
    const result = await rollbackNative(inputs, ctx, NATIVE);
    expect(fake.ecs.commandCalls(StopServiceDeploymentCommand)[0]!.args[0].input).toEqual({
      serviceDeploymentArn: DEPLOYMENT_ARN,
      stopType: 'ROLLBACK',
    });
    expect(result.ok).toBe(true);
  });

  it('one already rolling back is followed, not stopped again', async () => {
    const fake = new FakeServiceDeployment([
      { status: 'ROLLBACK_IN_PROGRESS', stage: 'TEST_TRAFFIC_SHIFT' },
      { status: 'ROLLBACK_SUCCESSFUL', stage: 'CLEAN_UP' },
    ]);
    const { ctx, inputs } = command(fake, { command: 'rollback' });
    const result = await rollbackNative(inputs, ctx, NATIVE);
    expect(fake.ecs.commandCalls(StopServiceDeploymentCommand)).toHaveLength(0);
    expect(result).toMatchObject({ ok: true, status: 'ROLLBACK_SUCCESSFUL' });
  });

  it('deployment-id of one that ended: one line, nothing sent', async () => {
    const fake = new FakeServiceDeployment([DONE]);
    const { ctx, inputs } = command(fake, { command: 'rollback', 'deployment-id': DEPLOYMENT_ARN });
    expect(await lineOf(rollbackNative(inputs, ctx, NATIVE))).toMatch(
      /has already ended \(SUCCESSFUL\).*run rollback without deployment-id/,
    );
    expect(fake.ecs.commandCalls(StopServiceDeploymentCommand)).toHaveLength(0);
  });

  it('nothing running: the previous revision is deployed again with UpdateService and followed', async () => {
    const fake = new FakeServiceDeployment([DONE]);
    const NEXT = `${DEPLOYMENT_ARN}`;
    fake.ecs.on(DescribeServiceRevisionsCommand).resolves({
      serviceRevisions: [
        {
          serviceRevisionArn: 'arn:aws:ecs:us-east-1:123456789012:service-revision/prod/web/1',
          taskDefinition: TD(1),
        },
      ],
    });
    fake.ecs.on(UpdateServiceCommand).resolves({ service: { currentServiceDeployment: NEXT } });
    const { ctx, inputs, log } = command(fake, { command: 'rollback' }, false);
    const result = await rollbackNative(inputs, ctx, { ...NATIVE, service: SERVICE });
    expect(fake.ecs.commandCalls(UpdateServiceCommand)[0]!.args[0].input).toEqual({
      cluster: 'prod',
      service: 'web',
      taskDefinition: TD(1),
    });
    expect(log.some((l) => l.includes(`deploying ${TD(1)} again`))).toBe(true);
    expect(result).toMatchObject({
      ok: true,
      taskDefinitionArn: TD(1),
      previousTaskDefinitionArn: TD(2),
      status: 'SUCCESSFUL',
    });
  });

  it('nothing running and nothing to return to: one line naming the fix', async () => {
    const fake = new FakeServiceDeployment([DONE]);
    fake.ecs.on(DescribeServiceRevisionsCommand).resolves({ serviceRevisions: [] });
    const { ctx, inputs } = command(fake, { command: 'rollback' }, false);
    expect(await lineOf(rollbackNative(inputs, ctx, NATIVE))).toMatch(
      /no deployment in progress and no earlier successful deployment.*command deploy/,
    );
    expect(fake.ecs.commandCalls(UpdateServiceCommand)).toHaveLength(0);
  });
});

describe('statusNative', () => {
  it('reads the deployment in progress: ECS word, shared outcome, nothing sent', async () => {
    const fake = new FakeServiceDeployment([HELD]);
    const { ctx, inputs, log } = command(fake, { command: 'status' });
    const result = await statusNative(inputs, ctx, NATIVE);
    expect(result).toMatchObject({ ok: true, status: 'IN_PROGRESS', deploymentId: DEPLOYMENT_ARN });
    expect(result.followed?.outcome).toBe('ready');
    expect(log.at(-1)).toMatch(/^State: IN_PROGRESS POST_TEST_TRAFFIC_SHIFT .*held by hook-1/);
    expect(fake.ecs.commandCalls(ContinueServiceDeploymentCommand)).toHaveLength(0);
    expect(fake.ecs.commandCalls(StopServiceDeploymentCommand)).toHaveLength(0);
  });

  it('with none in progress, the latest', async () => {
    const fake = new FakeServiceDeployment([
      { status: 'ROLLBACK_SUCCESSFUL', stage: 'CLEAN_UP', statusReason: 'alarm' },
    ]);
    const { ctx, inputs } = command(fake, { command: 'status' }, false);
    const result = await statusNative(inputs, ctx, NATIVE);
    expect(result.followed).toMatchObject({ outcome: 'rolled-back', rolledBack: true });
  });
});

describe('settleNativeConflict', () => {
  const deps = (fake: FakeServiceDeployment) => ({
    ecs: fake.ecs as unknown as ECSClient,
    cluster: 'prod',
    service: 'web',
    region: 'us-east-1',
    clock: fake.clock,
  });

  it('wait: polls until nothing is in progress, within the timeout', async () => {
    const fake = new FakeServiceDeployment([HELD]);
    const { ctx, log } = command(fake, { command: 'status' });
    let polls = 0;
    fake.ecs.on(ListServiceDeploymentsCommand).callsFake(() => ({
      serviceDeployments:
        ++polls < 3 ? [{ serviceDeploymentArn: DEPLOYMENT_ARN, status: 'IN_PROGRESS' }] : [],
    }));
    const start = fake.clock.now();
    await settleNativeConflict(
      { onConflict: 'wait', service: 'web' },
      ctx,
      deps(fake),
      start + 60_000,
    );
    expect(polls).toBe(3);
    expect(log.filter((l) => l.includes('waiting for it to end'))).toHaveLength(1);
    expect(fake.ecs.commandCalls(StopServiceDeploymentCommand)).toHaveLength(0);
  });

  it('wait: past the timeout, one line naming it and the fix; nothing changed', async () => {
    const fake = new FakeServiceDeployment([HELD]);
    const { ctx } = command(fake, { command: 'status' });
    expect(
      await lineOf(
        settleNativeConflict(
          { onConflict: 'wait', service: 'web' },
          ctx,
          deps(fake),
          fake.clock.now() + 20_000,
        ),
      ),
    ).toMatch(/still had service deployment .* when the timeout ran out.*raise timeout/);
  });

  it('wait: a cancelled run stops waiting and changes nothing', async () => {
    const fake = new FakeServiceDeployment([HELD]);
    const { ctx, abort } = command(fake, { command: 'status' });
    abort.abort();
    await expect(
      settleNativeConflict(
        { onConflict: 'wait', service: 'web' },
        ctx,
        deps(fake),
        fake.clock.now() + 60_000,
      ),
    ).rejects.toThrow(/cancelled .* nothing was registered or deployed/);
    expect(fake.ecs.commandCalls(ContinueServiceDeploymentCommand)).toHaveLength(0);
  });

  it('replace: stops the running deployment with rollback and waits for its end', async () => {
    const fake = new FakeServiceDeployment([HELD]);
    const { ctx, log } = command(fake, { command: 'status' });
    let stopped = false;
    fake.ecs.on(ListServiceDeploymentsCommand).callsFake(() => ({
      serviceDeployments: stopped
        ? []
        : [{ serviceDeploymentArn: DEPLOYMENT_ARN, status: 'IN_PROGRESS' }],
    }));
    fake.ecs.on(DescribeServicesCommand).resolves({ services: [{}] });
    await settleNativeConflict(
      { onConflict: 'replace', service: 'web' },
      { ...ctx, log: (l) => (log.push(l), l.startsWith('Replaced') && (stopped = true)) },
      deps(fake),
      fake.clock.now() + 60_000,
    );
    expect(fake.ecs.commandCalls(ContinueServiceDeploymentCommand)[0]!.args[0].input).toMatchObject(
      { action: 'ROLLBACK' },
    );
    expect(log).toContain(`Replaced ${DEPLOYMENT_ARN}: it ended ROLLBACK_SUCCESSFUL`);
  });

  it('fail: nothing to settle (the preflight decided)', async () => {
    const fake = new FakeServiceDeployment([HELD]);
    const { ctx } = command(fake, { command: 'status' });
    await settleNativeConflict({ onConflict: 'fail', service: 'web' }, ctx, deps(fake), 0);
    expect(fake.ecs.commandCalls(ListServiceDeploymentsCommand)).toHaveLength(0);
  });
});
