/**
 * Every way an ECS-native deployment fails, through the real SDK: each rollback ends
 * ROLLBACK_SUCCESSFUL with production 100 % on the previous revision's target group and green's
 * tasks stopped; failures without rollback end STOPPED. Hooks: PAUSE and Lambda (a local handler).
 */
import {
  ContinueServiceDeploymentCommand,
  DescribeServiceDeploymentsCommand,
  StopServiceDeploymentCommand,
  type DeploymentConfiguration,
} from '@aws-sdk/client-ecs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe as group, expect, it } from 'vitest';
import { caught, eventually, startHarness, type Harness } from './harness.js';

/** Waits (real time: the Lambda handler answers over HTTP) until `check` passes. */
const until = (check: () => Promise<unknown>) =>
  eventually(
    () =>
      check().then(
        () => true,
        () => false,
      ),
    (ok) => ok,
  );
import {
  deploy,
  describe,
  HOOK_ROLE,
  MINUTE,
  nativeService,
  serviceOf,
  weights,
  type NativeSetup,
} from './native-setup.js';

let h: Harness;
let handler: Server;
let handlerUrl = '';
const calls: any[] = [];
/** What the Lambda handler answers next, by function name (a queue; the last answer repeats). */
const answers = new Map<string, unknown[]>();
const FN = (name: string) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;

beforeAll(async () => {
  h = await startHarness();
  await h.control('POST', 'clock', { speed: 0 });
  handler = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const name = req.url!.slice(1);
      calls.push({ name, ...JSON.parse(body) });
      const queue = answers.get(name) ?? [{ hookStatus: 'SUCCEEDED' }];
      const answer = queue.length > 1 ? queue.shift() : queue[0];
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((r) => handler.listen(0, '127.0.0.1', r));
  handlerUrl = `http://127.0.0.1:${(handler.address() as AddressInfo).port}`;
});
afterAll(async () => {
  handler.close();
  await h.emulator.stop();
});

const BG: DeploymentConfiguration = { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 10 };

async function expectRolledBack(s: NativeSetup, arn: string, reason: RegExp) {
  const d = await describe(h, arn);
  expect(d.status).toBe('ROLLBACK_SUCCESSFUL');
  expect(d.statusReason).toMatch(reason);
  expect(d.rollback).toMatchObject({ serviceRevisionArn: d.sourceServiceRevisions![0]!.arn });
  expect(await weights(h, s, 'productionRule')).toEqual({ blue: 100, green: 0 });
  expect(await weights(h, s, 'testRule')).toEqual({ blue: 100, green: 0 });
  const svc = await serviceOf(h, s);
  expect(svc.deployments).toHaveLength(1);
  expect(svc.runningCount).toBe(2);
  expect(svc.loadBalancers![0]!.targetGroupArn).toBe(s.blueTg);
  return d;
}

const paused = async (arn: string) => {
  const d = await describe(h, arn);
  return d.lifecycleHookDetails!.find((x) => x.status === 'AWAITING_ACTION');
};

group('monitors', () => {
  it('an alarm in ALARM during bake rolls back', async () => {
    const s = await nativeService(h, 'alarm', {
      ...BG,
      alarms: { alarmNames: ['alarm-5xx'], enable: true, rollback: true },
    });
    const arn = await deploy(h, s, 'web:2');
    await h.advance(10_000);
    expect(await weights(h, s, 'productionRule')).toEqual({ blue: 0, green: 100 });
    await h.control('POST', 'alarms', { name: 'alarm-5xx', state: 'ALARM' });
    const d = await expectRolledBack(s, arn, /alarm alarm-5xx is in ALARM/);
    expect(d.alarms).toMatchObject({ status: 'TRIGGERED', triggeredAlarmNames: ['alarm-5xx'] });
    await h.control('POST', 'alarms', { name: 'alarm-5xx', state: 'OK' });
  });

  it('an alarm without rollback stops the deployment: STOPPED, traffic left as it was', async () => {
    const s = await nativeService(h, 'alarm-stop', {
      ...BG,
      alarms: { alarmNames: ['alarm-stop'], enable: true, rollback: false },
    });
    const arn = await deploy(h, s, 'web:2');
    await h.advance(10_000);
    await h.control('POST', 'alarms', { name: 'alarm-stop', state: 'ALARM' });
    const d = await describe(h, arn);
    expect(d.status).toBe('STOPPED');
    expect(d.stoppedAt).toBeInstanceOf(Date);
    expect(await weights(h, s, 'productionRule')).toEqual({ blue: 0, green: 100 });
  });

  it('green tasks failing health checks trip the circuit breaker', async () => {
    const s = await nativeService(h, 'breaker', {
      ...BG,
      deploymentCircuitBreaker: { enable: true, rollback: true },
    });
    const arn = await deploy(h, s, 'web:bad');
    const td = (await serviceOf(h, s)).taskDefinition!;
    await h.control('POST', 'unhealthy', { taskDefinition: td });
    for (let i = 0; i < 3; i++) await h.advance(31_000);
    const d = await expectRolledBack(
      s,
      arn,
      /^Service deployment rolled back because the circuit breaker threshold was exceeded\.$/,
    );
    expect(d.deploymentCircuitBreaker).toMatchObject({ status: 'TRIGGERED', threshold: 3 });
    expect(d.deploymentCircuitBreaker!.failureCount).toBeGreaterThanOrEqual(3);
    expect((await serviceOf(h, s)).taskDefinition).not.toBe(td);
  });
});

group('PAUSE hooks', () => {
  const pauseAt = (
    stage: 'POST_TEST_TRAFFIC_SHIFT' | 'PRE_PRODUCTION_TRAFFIC_SHIFT',
    timeout?: object,
  ) => ({
    ...BG,
    lifecycleHooks: [
      {
        targetType: 'PAUSE' as const,
        lifecycleStages: [stage],
        ...(timeout ? { timeoutConfiguration: timeout } : {}),
      },
    ],
  });

  it('waits with AWAITING_ACTION, then CONTINUE moves on', async () => {
    const s = await nativeService(
      h,
      'pause-go',
      pauseAt('POST_TEST_TRAFFIC_SHIFT', { timeoutInMinutes: 30 }),
    );
    const arn = await deploy(h, s, 'web:2');
    await h.advance(10_000);
    const hook = await paused(arn);
    expect(hook).toMatchObject({
      targetType: 'PAUSE',
      status: 'AWAITING_ACTION',
      timeoutAction: 'ROLLBACK',
    });
    expect(hook!.hookId).toMatch(/^ecs-pause-[A-Za-z0-9_-]{43}$/);
    expect((await describe(h, arn)).lifecycleStage).toBe('POST_TEST_TRAFFIC_SHIFT');
    expect(await weights(h, s, 'testRule')).toEqual({ blue: 0, green: 100 });
    expect(await weights(h, s, 'productionRule')).toEqual({ blue: 1, green: 0 }); // as the user set it
    await h.ecs.send(
      new ContinueServiceDeploymentCommand({ serviceDeploymentArn: arn, hookId: hook!.hookId! }),
    );
    expect(await weights(h, s, 'productionRule')).toEqual({ blue: 0, green: 100 });
    const d = await describe(h, arn);
    expect(d.lifecycleHookDetails![0]!.status).toBe('SUCCEEDED');
    const again = await caught(
      h.ecs.send(
        new ContinueServiceDeploymentCommand({ serviceDeploymentArn: arn, hookId: hook!.hookId! }),
      ),
    );
    expect(again.name).toBe('InvalidParameterException');
    expect(again.message).toMatch(/is not awaiting action/);
  });

  it('ContinueServiceDeployment ROLLBACK rolls back', async () => {
    const s = await nativeService(h, 'pause-back', pauseAt('PRE_PRODUCTION_TRAFFIC_SHIFT'));
    const arn = await deploy(h, s, 'web:2');
    await h.advance(10_000);
    const hook = await paused(arn);
    await h.ecs.send(
      new ContinueServiceDeploymentCommand({
        serviceDeploymentArn: arn,
        hookId: hook!.hookId!,
        action: 'ROLLBACK',
      }),
    );
    const d = await expectRolledBack(s, arn, /rolled back by user/);
    expect(d.lifecycleHookDetails![0]!.status).toBe('FAILED');
  });

  it('a pause that times out applies its ROLLBACK action', async () => {
    const s = await nativeService(
      h,
      'pause-late',
      pauseAt('POST_TEST_TRAFFIC_SHIFT', { timeoutInMinutes: 5 }),
    );
    const arn = await deploy(h, s, 'web:2');
    await h.advance(10_000);
    await h.advance(5 * MINUTE - 1);
    expect((await describe(h, arn)).status).toBe('IN_PROGRESS');
    await h.advance(1);
    const d = await expectRolledBack(s, arn, /timed out at POST_TEST_TRAFFIC_SHIFT/);
    expect(d.lifecycleHookDetails![0]!.status).toBe('TIMED_OUT');
  });

  it('a pause that times out with CONTINUE goes on', async () => {
    const s = await nativeService(
      h,
      'pause-cont',
      pauseAt('POST_TEST_TRAFFIC_SHIFT', { timeoutInMinutes: 5, action: 'CONTINUE' }),
    );
    const arn = await deploy(h, s, 'web:2');
    await h.advance(10_000);
    await h.advance(5 * MINUTE);
    expect(await weights(h, s, 'productionRule')).toEqual({ blue: 0, green: 100 });
    expect((await describe(h, arn)).lifecycleHookDetails![0]!.status).toBe('TIMED_OUT');
  });

  it('LINEAR pauses before every production step with a fresh hookId', async () => {
    const s = await nativeService(h, 'pause-lin', {
      strategy: 'LINEAR',
      linearConfiguration: { stepPercent: 50, stepBakeTimeInMinutes: 0 },
      lifecycleHooks: [{ targetType: 'PAUSE', lifecycleStages: ['PRE_PRODUCTION_TRAFFIC_SHIFT'] }],
    });
    const arn = await deploy(h, s, 'web:2');
    await h.advance(10_000);
    const first = await paused(arn);
    await h.ecs.send(
      new ContinueServiceDeploymentCommand({ serviceDeploymentArn: arn, hookId: first!.hookId! }),
    );
    expect(await weights(h, s, 'productionRule')).toEqual({ blue: 50, green: 50 });
    const second = await paused(arn);
    expect(second!.hookId).not.toBe(first!.hookId);
    await h.ecs.send(
      new ContinueServiceDeploymentCommand({ serviceDeploymentArn: arn, hookId: second!.hookId! }),
    );
    expect(await weights(h, s, 'productionRule')).toEqual({ blue: 0, green: 100 });
  });
});

group('Lambda hooks', () => {
  const lambdaAt = (name: string, stages: string[]) => ({
    ...BG,
    lifecycleHooks: [
      {
        targetType: 'AWS_LAMBDA' as const,
        hookTargetArn: FN(name),
        roleArn: HOOK_ROLE,
        lifecycleStages: stages as any,
        hookDetails: { suite: 'smoke' },
      },
    ],
  });
  const bind = (name: string) =>
    h.control('POST', 'lambda', { functionArn: FN(name), url: `${handlerUrl}/${name}` });

  it('receives the nested payload; IN_PROGRESS is asked again after callBackDelay; SUCCEEDED moves on', async () => {
    await bind('check');
    answers.set('check', [
      { hookStatus: 'IN_PROGRESS', callBackDelay: 60, hookDetails: { attempt: 1 } },
      { hookStatus: 'SUCCEEDED' },
    ]);
    const s = await nativeService(h, 'lambda-ok', lambdaAt('check', ['PRODUCTION_TRAFFIC_SHIFT']));
    const arn = await deploy(h, s, 'web:2');
    await h.advance(10_000);
    await until(async () => expect(calls.filter((c) => c.name === 'check')).toHaveLength(1));
    const d0 = await describe(h, arn);
    const first = calls.find((c) => c.name === 'check');
    expect(first).toMatchObject({
      lifecycleStage: 'PRODUCTION_TRAFFIC_SHIFT',
      resourceArn: arn,
      executionDetails: {
        serviceArn: d0.serviceArn,
        targetServiceRevisionArn: d0.targetServiceRevision!.arn,
        testTrafficWeights: {},
        productionTrafficWeights: {
          [d0.targetServiceRevision!.arn!]: 100,
          [d0.sourceServiceRevisions![0]!.arn!]: 0,
        },
      },
      hookDetails: { suite: 'smoke' },
    });
    expect(d0.lifecycleHookDetails![0]).toMatchObject({
      targetType: 'AWS_LAMBDA',
      targetArn: FN('check'),
      status: 'IN_PROGRESS',
    });
    await h.advance(59_000);
    expect(calls.filter((c) => c.name === 'check')).toHaveLength(1);
    await h.advance(1000);
    await until(async () => expect((await describe(h, arn)).lifecycleStage).toBe('BAKE_TIME'));
    const second = calls.filter((c) => c.name === 'check')[1];
    expect(second.hookDetails).toEqual({ suite: 'smoke', attempt: 1 });
    expect(second.executionId).not.toBe(first.executionId);
  });

  it('FAILED rolls back and the traffic-shift hook is told of the rollback', async () => {
    await bind('gate');
    answers.set('gate', [{ hookStatus: 'SUCCEEDED' }]);
    await bind('deny');
    answers.set('deny', [{ hookStatus: 'FAILED' }]);
    const s = await nativeService(h, 'lambda-no', {
      ...BG,
      lifecycleHooks: [
        { hookTargetArn: FN('gate'), roleArn: HOOK_ROLE, lifecycleStages: ['TEST_TRAFFIC_SHIFT'] },
        {
          hookTargetArn: FN('deny'),
          roleArn: HOOK_ROLE,
          lifecycleStages: ['POST_TEST_TRAFFIC_SHIFT'],
        },
      ],
    });
    const arn = await deploy(h, s, 'web:2');
    await h.advance(10_000);
    await until(async () => expect((await describe(h, arn)).status).toBe('ROLLBACK_SUCCESSFUL'));
    await expectRolledBack(
      s,
      arn,
      /lifecycle hook .*function:deny failed at POST_TEST_TRAFFIC_SHIFT/,
    );
    await until(async () => expect(calls.filter((c) => c.name === 'gate')).toHaveLength(2));
    const rollbackCall = calls.filter((c) => c.name === 'gate')[1];
    const green = (await describe(h, arn)).targetServiceRevision!.arn!;
    expect(rollbackCall.executionDetails.testTrafficWeights[green]).toBe(0);
  });

  it('a hook whose function has no handler rolls back, naming the control endpoint', async () => {
    const s = await nativeService(h, 'lambda-none', lambdaAt('nobody', ['PRE_SCALE_UP']));
    const arn = await deploy(h, s, 'web:2');
    await expectRolledBack(s, arn, /no handler is bound to .*POST \/_emulator\/lambda/);
  });

  it('an answer without a valid hookStatus rolls back', async () => {
    await bind('odd');
    answers.set('odd', [{ status: 'OK' }]);
    const s = await nativeService(h, 'lambda-odd', lambdaAt('odd', ['PRE_SCALE_UP']));
    const arn = await deploy(h, s, 'web:2');
    await until(async () => expect((await describe(h, arn)).status).toBe('ROLLBACK_SUCCESSFUL'));
    await expectRolledBack(s, arn, /hookStatus undefined, not SUCCEEDED/);
  });
});

group('StopServiceDeployment and superseding', () => {
  it('ROLLBACK during bake rolls back; stopping it again is a ConflictException', async () => {
    const s = await nativeService(h, 'stop', BG);
    const arn = await deploy(h, s, 'web:2');
    await h.advance(10_000);
    await h.ecs.send(
      new StopServiceDeploymentCommand({ serviceDeploymentArn: arn, stopType: 'ROLLBACK' }),
    );
    await expectRolledBack(s, arn, /^Service deployment rolled back by user\.$/);
    const conflict = await caught(
      h.ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: arn })),
    );
    expect(conflict.name).toBe('ConflictException');
  });

  it('ABORT stops without rollback', async () => {
    const s = await nativeService(h, 'abort', BG);
    const arn = await deploy(h, s, 'web:2');
    await h.ecs.send(
      new StopServiceDeploymentCommand({ serviceDeploymentArn: arn, stopType: 'ABORT' }),
    );
    const d = await describe(h, arn);
    expect(d.status).toBe('STOPPED');
    expect(d.statusReason).toBe('Service deployment stopped by user.');
  });

  it('an unknown deployment ARN is ServiceDeploymentNotFoundException; unknown ARNs describe as MISSING', async () => {
    const arn = 'arn:aws:ecs:us-east-1:123456789012:service-deployment/x/web/AAAAAAAAAAAAAAAAAAAAA';
    const stop = await caught(
      h.ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: arn })),
    );
    expect(stop.name).toBe('ServiceDeploymentNotFoundException');
    const cont = await caught(
      h.ecs.send(new ContinueServiceDeploymentCommand({ serviceDeploymentArn: arn, hookId: 'x' })),
    );
    expect(cont.name).toBe('ServiceDeploymentNotFoundException');
    const out = await h.ecs.send(
      new DescribeServiceDeploymentsCommand({
        serviceDeploymentArns: [arn],
      }),
    );
    expect(out.failures).toEqual([{ arn, reason: 'MISSING' }]);
  });

  it('ContinueServiceDeployment with a hookId not of this deployment is InvalidParameterException', async () => {
    const s = await nativeService(h, 'cont-bad', BG);
    const arn = await deploy(h, s, 'web:2');
    const error = await caught(
      h.ecs.send(
        new ContinueServiceDeploymentCommand({
          serviceDeploymentArn: arn,
          hookId: 'ecs-pause-nope',
        }),
      ),
    );
    expect(error.name).toBe('InvalidParameterException');
    expect(error.message).toMatch(/is not a hook of this service deployment/);
  });

  it('a second UpdateService stops the running deployment; the new one starts from the old source revision', async () => {
    const s = await nativeService(h, 'twice', {
      strategy: 'CANARY',
      canaryConfiguration: { canaryPercent: 10, canaryBakeTimeInMinutes: 10 },
    });
    const first = await deploy(h, s, 'web:2');
    await h.advance(10_000);
    expect(await weights(h, s, 'productionRule')).toEqual({ blue: 90, green: 10 });
    const second = await deploy(h, s, 'web:3');
    const old = await describe(h, first);
    expect(old.status).toBe('STOPPED');
    expect(old.statusReason).toMatch(/a new service deployment was started/);
    expect(await weights(h, s, 'productionRule')).toEqual({ blue: 100, green: 0 });
    // RECONCILE_SERVICE passes at once: the superseded green's tasks stop in the same pass.
    const next = await describe(h, second);
    expect(next.lifecycleStage).toBe('SCALE_UP');
    expect(next.sourceServiceRevisions!.map((r) => r.arn)).toEqual(
      old.sourceServiceRevisions!.map((r) => r.arn),
    );
    await h.advance(10_000);
    expect(await weights(h, s, 'productionRule')).toEqual({ blue: 90, green: 10 });
    await h.advance(10 * MINUTE);
    expect((await describe(h, second)).status).toBe('SUCCESSFUL');
    expect((await serviceOf(h, s)).taskDefinition).toMatch(/native-web:\d+$/);
  });
});
