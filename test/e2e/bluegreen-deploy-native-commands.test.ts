/**
 * promote, rollback, status, on-conflict and test-header on ECS-native services: the bundled
 * action against the emulator, run as the runner runs it (staging/web-native is BLUE_GREEN; the
 * tests that need a hold add a PAUSE hook through the SDK first). The virtual clock runs fast; no
 * data plane.
 */
import { ContinueServiceDeploymentCommand } from '@aws-sdk/client-ecs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type Account,
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

const TWO_RUNS = 60_000;
const target = { cluster: 'staging', service: 'web-native' };

function deployInputs(extra: Record<string, string> = {}) {
  return { ...target, 'task-definition': setup.files.taskDefinition, ...extra };
}

/** A deploy that ends held at the PAUSE hook: its service deployment ARN. */
async function heldDeployment(acc: Account): Promise<string> {
  await addPauseHook(acc, 1440);
  const run = await acc.run(deployInputs({ 'wait-until': 'ready' }));
  expect(run.outputs.outcome, run.stdout).toBe('ready');
  return run.outputs['deployment-id']!;
}

describe('bluegreen-deploy promote on ECS-native services', () => {
  it(
    'wait-until: ready, then promote: the hook is continued and the deployment succeeds',
    async () => {
      const acc = await emulated(600);
      const arn = await heldDeployment(acc);
      const run = await acc.run({ ...target, command: 'promote', 'wait-until': 'complete' });
      expect(run.stdout).not.toContain('::error');
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`Promoting ${arn}: ContinueServiceDeployment(CONTINUE)`);
      expect(run.outputs).toMatchObject({
        'deployment-id': arn,
        status: 'SUCCESSFUL',
        outcome: 'succeeded',
        'rolled-back': 'false',
        traffic: '100',
      });
      expect(run.summary).toContain('✅ bluegreen-deploy promote: succeeded');
      expect((await serviceDeployment(acc, arn)).status).toBe('SUCCESSFUL');
      expect((await service(acc, 'staging')).taskDefinition).toBe(webArn(2));
      const calls = await acc.calls();
      expect(calls.byOperation['ecs.ContinueServiceDeployment']).toBe(1);
      expect(calls.byOperation['codedeploy.ContinueDeployment']).toBeUndefined();
    },
    TWO_RUNS,
  );

  it(
    'SIGTERM after the promotion stops the deployment with rollback',
    async () => {
      const acc = await emulated(60);
      const arn = await heldDeployment(acc);
      const signal = signalWhen(/Promoting /, 'SIGTERM');
      const run = await acc.run(
        { ...target, command: 'promote', 'wait-until': 'complete' },
        signal,
      );
      expect(signal.sent()).toBe(true);
      expect(run.stdout).toContain('Received SIGTERM');
      expect(run.code).not.toBe(0);
      const deployment = await eventually(
        () => serviceDeployment(acc, arn),
        (d) => d.status === 'ROLLBACK_SUCCESSFUL',
      );
      expect(deployment.status).toBe('ROLLBACK_SUCCESSFUL');
      expect((await service(acc, 'staging')).taskDefinition).toBe(webArn(1));
    },
    TWO_RUNS,
  );

  it(
    'with nothing held, promote fails in one line naming the state, changing nothing',
    async () => {
      const acc = await emulated(600);
      const deploy = await acc.run(deployInputs({ 'wait-until': 'complete' }));
      expect(deploy.code).toBe(0);
      const run = await acc.run({
        ...target,
        command: 'promote',
        'deployment-id': deploy.outputs['deployment-id']!,
      });
      expect(run.code).not.toBe(0);
      expect(errorLine(run)).toContain('is SUCCESSFUL');
      expect(errorLine(run)).toContain('nothing to promote');
      expect(run.stdout).not.toMatch(/\n\s+at /);
      const calls = await acc.calls();
      expect(calls.byOperation['ecs.ContinueServiceDeployment']).toBeUndefined();
      expect(calls.byOperation['ecs.UpdateService']).toBe(1);
    },
    TWO_RUNS,
  );
});

describe('bluegreen-deploy rollback on ECS-native services', () => {
  it(
    'a held deployment is rolled back through its hook: rolled-back, the old revision serves',
    async () => {
      const acc = await emulated(600);
      const arn = await heldDeployment(acc);
      const run = await acc.run({ ...target, command: 'rollback' });
      expect(run.stdout).not.toContain('::error');
      expect(run.code).toBe(0);
      expect(run.outputs).toMatchObject({
        'deployment-id': arn,
        status: 'ROLLBACK_SUCCESSFUL',
        outcome: 'rolled-back',
        'rolled-back': 'true',
        traffic: '0',
      });
      expect(run.stdout).toContain('rollback requested; rolled back (ROLLBACK_SUCCESSFUL)');
      expect((await serviceDeployment(acc, arn)).status).toBe('ROLLBACK_SUCCESSFUL');
      expect((await service(acc, 'staging')).taskDefinition).toBe(webArn(1));
    },
    TWO_RUNS,
  );

  it(
    'with nothing running, the previous revision is deployed again and followed',
    async () => {
      const acc = await emulated(600);
      const deploy = await acc.run(deployInputs({ 'wait-until': 'complete' }));
      expect(deploy.code).toBe(0);
      expect((await service(acc, 'staging')).taskDefinition).toBe(webArn(2));
      const run = await acc.run({ ...target, command: 'rollback', 'wait-until': 'complete' });
      expect(run.stdout).not.toContain('::error');
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`deploying ${webArn(1)} again`);
      const arn = run.outputs['deployment-id']!;
      expect(arn).toMatch(ARN);
      expect(arn).not.toBe(deploy.outputs['deployment-id']);
      expect(run.outputs).toMatchObject({
        'task-definition-arn': webArn(1),
        'previous-task-definition-arn': webArn(2),
        status: 'SUCCESSFUL',
        outcome: 'succeeded',
      });
      expect((await service(acc, 'staging')).taskDefinition).toBe(webArn(1));
      const calls = await acc.calls();
      expect(calls.byOperation['ecs.UpdateService']).toBe(2);
      expect(calls.byOperation['ecs.DescribeServiceRevisions']).toBeGreaterThan(0);
    },
    TWO_RUNS,
  );
});

describe('bluegreen-deploy status on ECS-native services', () => {
  it(
    'reads the deployment in progress: ECS status, shared outcome, nothing changed',
    async () => {
      const acc = await emulated(600);
      const arn = await heldDeployment(acc);
      const run = await acc.run({ ...target, command: 'status' });
      expect(run.stdout).not.toContain('::error');
      expect(run.code).toBe(0);
      expect(run.outputs).toMatchObject({
        'deployment-id': arn,
        status: 'IN_PROGRESS',
        outcome: 'ready',
        'rolled-back': 'false',
        duration: '',
      });
      expect(run.outputs['console-url']).toContain(arn.split('/').at(-1));
      expect(run.stdout).toMatch(/State: IN_PROGRESS POST_TEST_TRAFFIC_SHIFT .*held by/);
      const calls = await acc.calls();
      expect(calls.byOperation['ecs.ContinueServiceDeployment']).toBeUndefined();
      expect(calls.byOperation['ecs.StopServiceDeployment']).toBeUndefined();
      expect(calls.byOperation['ecs.UpdateService']).toBe(2); // the hook's, and the deploy's
    },
    TWO_RUNS,
  );
});

describe('bluegreen-deploy on-conflict on ECS-native services', () => {
  it(
    'fail: a held deployment fails the next deploy before anything is registered',
    async () => {
      const acc = await emulated(600);
      const arn = await heldDeployment(acc);
      const run = await acc.run(deployInputs());
      expect(run.code).not.toBe(0);
      expect(errorLine(run)).toContain(`already has a deployment in progress: ${arn}`);
      expect(errorLine(run)).toContain('on-conflict: wait');
      const calls = await acc.calls();
      expect(calls.byOperation['ecs.RegisterTaskDefinition']).toBe(1);
    },
    TWO_RUNS,
  );

  it(
    'wait: the deploy waits until the running deployment ends, then deploys',
    async () => {
      const acc = await emulated(600);
      const held = await heldDeployment(acc);
      let promoted = false;
      const run = await acc.run(deployInputs({ 'on-conflict': 'wait', 'wait-until': 'created' }), {
        // A person promotes the held deployment while the step waits.
        onLine: (line) => {
          if (promoted || !line.includes('waiting for it to end')) return;
          promoted = true;
          void serviceDeployment(acc, held).then((d) =>
            acc.ecs.send(
              new ContinueServiceDeploymentCommand({
                serviceDeploymentArn: held,
                hookId: d.lifecycleHookDetails![0]!.hookId!,
                action: 'CONTINUE',
              }),
            ),
          );
        },
      });
      expect(run.stdout).not.toContain('::error');
      expect(run.code).toBe(0);
      expect(promoted).toBe(true);
      expect(run.stdout).toContain(`Service deployment ${held} is in progress`);
      expect((await serviceDeployment(acc, held)).status).toBe('SUCCESSFUL');
      expect(run.outputs['deployment-id']).not.toBe(held);
    },
    TWO_RUNS,
  );

  it(
    'replace: the running deployment is stopped with rollback, waited for, then the new one runs',
    async () => {
      const acc = await emulated(600);
      const held = await heldDeployment(acc);
      const run = await acc.run(deployInputs({ 'on-conflict': 'replace', 'wait-until': 'ready' }));
      expect(run.stdout).not.toContain('::error');
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`Replaced ${held}: it ended ROLLBACK_SUCCESSFUL`);
      expect((await serviceDeployment(acc, held)).status).toBe('ROLLBACK_SUCCESSFUL');
      const arn = run.outputs['deployment-id']!;
      expect(arn).not.toBe(held);
      expect(run.outputs.outcome).toBe('ready');
      expect(run.stdout.indexOf('Replaced')).toBeLessThan(run.stdout.indexOf('Registered'));
    },
    TWO_RUNS,
  );
});

describe('bluegreen-deploy test-header', () => {
  it('reaches the gate with every check, and is masked', async () => {
    const acc = await emulated(600);
    // No bake: the action times a bake on the real clock (as on AWS), while this emulator runs 600x.
    await addPauseHook(acc, 60, 0);
    const seen: (string | undefined)[] = [];
    // The test route matches a header, as a listener rule with an http-header condition does.
    const green = await greenServer((req, res) => {
      seen.push(req.headers['x-test-route'] as string | undefined);
      res.writeHead(req.headers['x-test-route'] === 'canary-7f3a' ? 200 : 404).end();
    });
    cleanups.push(green.close);
    const run = await acc.run(
      deployInputs({
        'test-url': green.url,
        'test-checks': 'GET / 200\nGET /health 200',
        'test-header': 'X-Test-Route: canary-7f3a',
        'wait-until': 'complete',
      }),
    );
    expect(run.stdout).not.toContain('::error');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Gate passed');
    expect(seen.length).toBeGreaterThanOrEqual(2);
    expect(seen.every((h) => h === 'canary-7f3a')).toBe(true);
    expect(run.stdout).toContain('::add-mask::X-Test-Route: canary-7f3a');
    expect(run.stdout).toContain('::add-mask::canary-7f3a');
  });

  it('reaches the gate on a CodeDeploy service too (Ready wait, then ContinueDeployment)', async () => {
    const acc = await emulated(120);
    const seen: (string | undefined)[] = [];
    const green = await greenServer((req, res) => {
      seen.push(req.headers['x-test-route'] as string | undefined);
      res.writeHead(req.headers['x-test-route'] === 'canary-7f3a' ? 200 : 404).end();
    });
    cleanups.push(green.close);
    const run = await acc.run(
      setup.deployInputs('production', {
        'test-url': green.url,
        'test-header': 'X-Test-Route: canary-7f3a',
      }),
    );
    expect(run.stdout).not.toContain('::error');
    expect(run.code).toBe(0);
    expect(seen).toEqual(['canary-7f3a']);
    expect(run.stdout).toContain('Promoting: ContinueDeployment(READY_WAIT)');
  });

  it('a malformed test-header fails before anything changes, without echoing it', async () => {
    const acc = await emulated(600);
    const run = await acc.run(deployInputs({ 'test-header': 'canary-7f3a' }));
    expect(run.code).not.toBe(0);
    expect(errorLine(run)).toContain('Input "test-header"');
    expect(errorLine(run)).toContain('write Name: value');
    expect(run.stdout.replace(/::add-mask::.*\n/g, '')).not.toContain('canary-7f3a');
    const calls = await acc.calls();
    expect(calls.byOperation['ecs.RegisterTaskDefinition']).toBeUndefined();
  });
});
