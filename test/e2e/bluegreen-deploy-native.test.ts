/**
 * The bundled bluegreen-deploy action against the emulator's ECS-native engine, run as the
 * runner runs it (default seed: staging/web-native is BLUE_GREEN, production/web-native CANARY
 * with an alarm; neither has a PAUSE hook, so the gate tests add one through the SDK first).
 * The virtual clock runs fast; no data plane.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  errorLine,
  eventually,
  greenServer,
  perTestAccounts,
  signalWhen,
  webArn,
} from './bluegreen-deploy-support.js';
import {
  addPauseHook,
  ARN,
  service,
  serviceDeployment,
} from './bluegreen-deploy-native-support.js';

const setup = perTestAccounts();
const { emulated } = setup;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function nativeInputs(cluster: string, extra: Record<string, string> = {}) {
  return {
    cluster,
    service: 'web-native',
    'task-definition': setup.files.taskDefinition,
    ...extra,
  };
}

describe('bluegreen-deploy on ECS-native services: successful deployments', () => {
  it('BLUE_GREEN to completion: outputs name the service deployment, SUCCESSFUL, succeeded', async () => {
    const acc = await emulated(600);
    const run = await acc.run(nativeInputs('staging', { 'wait-until': 'complete' }));
    expect(run.stdout).not.toContain('::error');
    expect(run.code).toBe(0);
    const arn = run.outputs['deployment-id']!;
    expect(arn).toMatch(ARN);
    expect(run.outputs).toMatchObject({
      'task-definition-arn': webArn(2),
      'previous-task-definition-arn': webArn(1),
      status: 'SUCCESSFUL',
      outcome: 'succeeded',
      'rolled-back': 'false',
      traffic: '100',
    });
    expect(run.outputs.duration).toMatch(/^\d+$/);
    expect(run.outputs['console-url']).toContain(arn.split('/').at(-1));
    expect(run.stdout).toContain(`Registered ${webArn(2)}`);
    expect(run.summary).toContain('✅ bluegreen-deploy deploy: succeeded');
    expect(run.summary).toContain('ECS console');
    expect((await serviceDeployment(acc, arn)).status).toBe('SUCCESSFUL');
    expect((await service(acc, 'staging')).taskDefinition).toBe(webArn(2));
    const calls = await acc.calls();
    expect(calls.byOperation['ecs.UpdateService']).toBe(1);
    expect(calls.byOperation['codedeploy.CreateDeployment']).toBeUndefined();
  });

  it('CANARY until traffic shifted (the default): production on the new revision, in-progress', async () => {
    const acc = await emulated(600);
    const run = await acc.run(nativeInputs('production'));
    expect(run.stdout).not.toContain('::error');
    expect(run.code).toBe(0);
    const arn = run.outputs['deployment-id']!;
    expect(arn).toMatch(ARN);
    expect(run.outputs.traffic).toBe('100');
    expect(['in-progress', 'succeeded']).toContain(run.outputs.outcome);
    const deployment = await eventually(
      () => serviceDeployment(acc, arn),
      (d) => d.status === 'SUCCESSFUL',
    );
    expect(deployment.targetServiceRevision?.arn).toBeDefined();
  });
});

describe('bluegreen-deploy on ECS-native services: refused before anything changes', () => {
  it('CodeDeploy inputs on a native service fail before RegisterTaskDefinition, naming each', async () => {
    const acc = await emulated(600);
    const run = await acc.run(
      nativeInputs('staging', {
        appspec: setup.files.appspec,
        'deployment-config': 'CodeDeployDefault.ECSAllAtOnce',
      }),
    );
    expect(run.code).not.toBe(0);
    expect(run.stdout).toContain('Input "appspec" is');
    expect(run.stdout).toContain('Input "deployment-config" is "CodeDeployDefault.ECSAllAtOnce"');
    expect(run.stdout).toContain('ECS-native BLUE_GREEN');
    const calls = await acc.calls();
    expect(calls.byOperation['ecs.RegisterTaskDefinition']).toBeUndefined();
    expect(calls.byOperation['ecs.UpdateService']).toBeUndefined();
  });

  it('a gate on a service without a PAUSE hook fails before anything changes, naming the fix', async () => {
    const acc = await emulated(600);
    const run = await acc.run(nativeInputs('staging', { 'test-url': 'http://127.0.0.1:9/' }));
    expect(run.code).not.toBe(0);
    expect(errorLine(run)).toContain('no PAUSE lifecycle hook at POST_TEST_TRAFFIC_SHIFT');
    const calls = await acc.calls();
    expect(calls.byOperation['ecs.RegisterTaskDefinition']).toBeUndefined();
    expect(calls.byOperation['ecs.UpdateService']).toBeUndefined();
  });
});

describe('bluegreen-deploy on ECS-native services: the gate at the PAUSE hook', () => {
  it('a passing gate continues the hook and the deployment succeeds', async () => {
    const acc = await emulated(600);
    // No bake: the action times a bake on the real clock (as on AWS), while this emulator runs 600x.
    await addPauseHook(acc, 60, 0);
    const green = await greenServer((_req, res) => res.writeHead(200).end('ok'));
    cleanups.push(green.close);
    const run = await acc.run(
      nativeInputs('staging', { 'test-url': green.url, 'wait-until': 'complete' }),
    );
    expect(run.stdout).not.toContain('::error');
    expect(run.code).toBe(0);
    expect(green.requests.length).toBeGreaterThan(0);
    expect(run.stdout).toContain('Gate passed');
    expect(run.outputs).toMatchObject({ status: 'SUCCESSFUL', outcome: 'succeeded' });
    const calls = await acc.calls();
    expect(calls.byOperation['ecs.ContinueServiceDeployment']).toBe(1);
  });

  it('wait-until: ready ends the step held at the hook: outcome ready, the hook awaits action', async () => {
    const acc = await emulated(600);
    await addPauseHook(acc);
    const run = await acc.run(nativeInputs('staging', { 'wait-until': 'ready' }));
    expect(run.stdout).not.toContain('::error');
    expect(run.code).toBe(0);
    expect(run.outputs.outcome).toBe('ready');
    const deployment = await serviceDeployment(acc, run.outputs['deployment-id']!);
    expect(deployment.status).toBe('IN_PROGRESS');
    expect(deployment.lifecycleStage).toBe('POST_TEST_TRAFFIC_SHIFT');
  });

  it('a failing gate rolls back through the hook: a failure naming the gate', async () => {
    const acc = await emulated(600);
    await addPauseHook(acc);
    const green = await greenServer((_req, res) => res.writeHead(500).end('broken'));
    cleanups.push(green.close);
    const run = await acc.run(nativeInputs('staging', { 'test-url': green.url }));
    expect(run.code).not.toBe(0);
    expect(errorLine(run)).toContain('the gate failed');
    expect(run.outputs).toMatchObject({
      outcome: 'rolled-back',
      'rolled-back': 'true',
      traffic: '0',
    });
    const arn = run.outputs['deployment-id']!;
    const deployment = await eventually(
      () => serviceDeployment(acc, arn),
      (d) => d.status === 'ROLLBACK_SUCCESSFUL',
    );
    expect(deployment.status).toBe('ROLLBACK_SUCCESSFUL');
    expect((await service(acc, 'staging')).taskDefinition).toBe(webArn(1));
  });
});

describe('bluegreen-deploy on ECS-native services: stops with rollback', () => {
  it('the timeout stops a deployment held at the hook with rollback: a failure, rolled back', async () => {
    const acc = await emulated(600);
    await addPauseHook(acc, 1440);
    const run = await acc.run(
      nativeInputs('staging', { 'wait-until': 'complete', timeout: '10s' }),
    );
    expect(run.code).not.toBe(0);
    expect(errorLine(run)).toMatch(/timed? ?out|timeout/i);
    expect(run.outputs).toMatchObject({ outcome: 'rolled-back', 'rolled-back': 'true' });
    const arn = run.outputs['deployment-id']!;
    expect((await serviceDeployment(acc, arn)).status).toBe('ROLLBACK_SUCCESSFUL');
    expect((await service(acc, 'staging')).taskDefinition).toBe(webArn(1));
  });

  it('SIGTERM after the start stops the deployment with rollback', async () => {
    const acc = await emulated(60);
    await addPauseHook(acc, 1440);
    const signal = signalWhen(/Started service deployment/, 'SIGTERM');
    const run = await acc.run(nativeInputs('staging', { 'wait-until': 'complete' }), signal);
    expect(signal.sent()).toBe(true);
    expect(run.stdout).toContain('Received SIGTERM');
    expect(run.code).not.toBe(0);
    const arn = /Started service deployment (\S+)/.exec(run.stdout)![1]!;
    const deployment = await eventually(
      () => serviceDeployment(acc, arn),
      (d) => d.status === 'ROLLBACK_SUCCESSFUL',
    );
    expect(deployment.status).toBe('ROLLBACK_SUCCESSFUL');
  });
});
