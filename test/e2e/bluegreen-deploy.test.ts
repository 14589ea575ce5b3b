/**
 * The bundled bluegreen-deploy action, run as the runner runs it, against a fresh emulated
 * account per test (default seed: staging has no Ready wait, production waits in Ready with
 * STOP_DEPLOYMENT and has a test listener). The virtual clock runs fast where the scenario
 * allows; the action itself runs in real time.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeregisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  Account,
  ALL_AT_ONCE,
  CANARY,
  LINEAR,
  errorLine,
  eventually,
  greenServer,
  greenWeights,
  perTestAccounts,
  signalWhen,
  webArn,
} from './bluegreen-deploy-support.js';

const setup = perTestAccounts();
const { emulated, deployInputs } = setup;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** After a rollback: the rollback deployment Succeeded and production traffic is on blue again. */
async function expectRolledBack(acc: Account, deploymentId: string, cluster: string) {
  const original = await eventually(
    () => acc.deployment(deploymentId),
    (d) => d.rollbackInfo?.rollbackDeploymentId !== undefined,
  );
  const rollbackId = original.rollbackInfo!.rollbackDeploymentId!;
  const rollback = await eventually(
    () => acc.deployment(rollbackId),
    (d) => d.status === 'Succeeded',
  );
  expect(rollback.creator).toBe('codeDeployRollback');
  expect(rollback.rollbackInfo?.rollbackTriggeringDeploymentId).toBe(deploymentId);
  expect(await acc.productionWeights(cluster)).toEqual({ [`${cluster}-web-blue`]: 100 });
  return { original, rollbackId };
}

describe('bluegreen-deploy: successful deployments', () => {
  it('all-at-once (override) to completion: outputs name the registered ARN, Succeeded', async () => {
    // 60x: the 5-minute termination wait lasts 5 s, long enough for a read to show the shift.
    const acc = await emulated(60);
    const run = await acc.run(
      deployInputs('staging', { 'deployment-config': ALL_AT_ONCE, 'wait-until': 'complete' }),
    );
    expect(run.stdout).not.toContain('::error');
    expect(run.code).toBe(0);
    const id = run.outputs['deployment-id']!;
    expect(id).toMatch(/^d-[A-Z0-9]{9}$/);
    expect(run.outputs).toMatchObject({
      'task-definition-arn': webArn(2),
      'previous-task-definition-arn': webArn(1),
      status: 'Succeeded',
      'rolled-back': 'false',
      'rollback-deployment-id': '',
      traffic: '100',
    });
    expect(run.outputs.duration).toMatch(/^\d+$/);
    expect(run.outputs['console-url']).toContain(id);
    expect(run.stdout).toContain(`Registered ${webArn(2)}`);
    expect(run.stdout).toContain('Traffic: Blue 0% / Green 100%');
    expect(greenWeights(run.stdout)).not.toContainEqual(10);
    expect(run.stdout).toContain(`Deployment ${id}: InProgress → Succeeded`);
    expect(run.summary).toContain('✅ bluegreen-deploy deploy: succeeded');

    const deployment = await acc.deployment(id);
    expect(deployment.status).toBe('Succeeded');
    expect(deployment.deploymentConfigName).toBe(ALL_AT_ONCE);
    // The AppSpec CodeDeploy got names the exact ARN registered, not a guessed revision.
    expect(deployment.revision?.appSpecContent?.sha256).toMatch(/^[0-9a-f]{64}$/);
    const services = acc.emulator.state.ecs.clusters.get('staging')!.services;
    expect(services.get('web')!.taskDefinition).toBe(webArn(2));
    expect(await acc.productionWeights('staging')).toEqual({ 'staging-web-green': 100 });
  });

  it('canary (override): shows Blue 90% / Green 10% before all traffic moves', async () => {
    const acc = await emulated(120);
    const run = await acc.run(deployInputs('staging', { 'deployment-config': CANARY }));
    expect(run.stdout).not.toContain('::error');
    expect(run.code).toBe(0);
    expect(run.outputs['task-definition-arn']).toBe(webArn(2));
    expect(run.outputs['rolled-back']).toBe('false');
    // Default wait-until traffic-shifted: the step ends during the blue termination wait.
    expect(run.outputs.status).toBe('InProgress');
    expect(run.outputs.traffic).toBe('100');
    expect(run.stdout).toContain('Done: production traffic is on the replacement');
    expect(greenWeights(run.stdout)).toEqual([10, 100]);
    expect(run.stdout).toMatch(/Traffic: Blue 90% \/ Green 10%[\s\S]*AllowTraffic: Succeeded/);
    const deployment = await acc.deployment(run.outputs['deployment-id']!);
    expect(deployment.deploymentConfigName).toBe(CANARY);
    expect(await acc.productionWeights('staging')).toEqual({ 'staging-web-green': 100 });
  });

  it('linear (override): traffic moves in steps of 10 %, in order', async () => {
    const acc = await emulated(240);
    const run = await acc.run(deployInputs('staging', { 'deployment-config': LINEAR }));
    expect(run.stdout).not.toContain('::error');
    expect(run.code).toBe(0);
    const weights = greenWeights(run.stdout);
    expect(weights.at(-1)).toBe(100);
    expect(weights[0]).toBeLessThan(100);
    expect(weights.filter((w) => w > 10 && w < 100).length).toBeGreaterThan(0);
    expect(weights.every((w) => w % 10 === 0)).toBe(true);
    expect([...weights].sort((a, b) => a - b)).toEqual(weights);
    const deployment = await acc.deployment(run.outputs['deployment-id']!);
    expect(deployment.deploymentConfigName).toBe(LINEAR);
  });
});

describe('bluegreen-deploy: refused before anything changes', () => {
  it('an INACTIVE task definition ARN fails with the fix, and no deployment is created', async () => {
    const acc = await emulated(60);
    const arn = await acc.register(setup.files);
    await acc.ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: arn }));
    await acc.control('DELETE', 'calls');
    const run = await acc.run(deployInputs('staging', { 'task-definition': arn }));
    expect(run.code).toBe(1);
    expect(errorLine(run)).toContain(
      `Input "task-definition" is ${arn}, which is INACTIVE (deregistered), so CodeDeploy would fail with "TaskDefinition is inactive"`,
    );
    const { byOperation } = await acc.calls();
    expect(byOperation['codedeploy.CreateDeployment'] ?? 0).toBe(0);
    expect(byOperation['ecs.RegisterTaskDefinition'] ?? 0).toBe(0);
  });
});

describe('bluegreen-deploy: failures end rolled back', () => {
  it('green unhealthy: Install times out, CodeDeploy rolls back, the step fails with the reason', async () => {
    const acc = await emulated(600);
    const arn = await acc.register(setup.files);
    await acc.control('POST', 'unhealthy', { taskDefinition: arn });
    const run = await acc.run(deployInputs('staging', { 'task-definition': arn }));
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`Deploying the registered task definition ${arn}`);
    expect(run.stdout).toContain('Install: Failed');
    const error = errorLine(run);
    expect(error).toContain('Failed: TIMEOUT');
    expect(error).toContain('waiting for the replacement task set to become healthy');
    expect(error).toMatch(/rolled back by d-[A-Z0-9]{9}/);
    expect(run.stdout).toMatch(/ECS: .*Task failed ELB health checks/);
    expect(run.outputs['rolled-back']).toBe('true');
    expect(run.outputs.traffic).toBe('0');
    expect(run.outputs.status).toBe('Failed');
    const { rollbackId } = await expectRolledBack(acc, run.outputs['deployment-id']!, 'staging');
    expect(run.outputs['rollback-deployment-id']).toBe(rollbackId);
    expect(run.summary).toContain('Evidence');
  });

  it('failing gate: the test listener answers 500, StopDeployment with rollback, evidence in the error', async () => {
    const acc = await emulated(60);
    const green = await greenServer((_req, res) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('v1 database unreachable');
    });
    cleanups.push(green.close);
    const run = await acc.run(
      deployInputs('production', {
        'test-url': green.url,
        'test-checks': 'GET /version 200 contains=v2',
      }),
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('Ready: running the gate against the test listener');
    expect(green.requests).toEqual(['GET /version']);
    const error = errorLine(run);
    expect(error).toContain(
      `the Ready gate failed: FAIL GET ${green.url}/version: status 500, expected 200; body: v1 database unreachable`,
    );
    expect(error).toMatch(/rolled back by d-[A-Z0-9]{9}/);
    expect(run.outputs['rolled-back']).toBe('true');
    expect(run.outputs.status).toBe('Stopped');
    const calls = await acc.calls();
    expect(calls.byOperation['codedeploy.StopDeployment']).toBe(1);
    expect(calls.byOperation['codedeploy.ContinueDeployment']).toBeUndefined();
    const { original } = await expectRolledBack(acc, run.outputs['deployment-id']!, 'production');
    expect(original.errorInformation?.code).toBe('MANUAL_STOP');
  });

  it('failing gate: the wrong version answers 200 and fails on the body', async () => {
    const acc = await emulated(60);
    const green = await greenServer((_req, res) => res.end('version 1.0.0'));
    cleanups.push(green.close);
    const run = await acc.run(
      deployInputs('production', {
        'test-url': green.url,
        'test-checks': 'GET /version 200 contains=2.0.0',
      }),
    );
    expect(run.code).toBe(1);
    expect(errorLine(run)).toContain('body does not contain "2.0.0"; body: version 1.0.0');
    expect(run.outputs['rolled-back']).toBe('true');
    await expectRolledBack(acc, run.outputs['deployment-id']!, 'production');
  });

  it("gate without test-url: checks the group's test listener (ELBv2 DNS name and port)", async () => {
    const acc = await emulated(60);
    const lb = [...acc.emulator.state.elb.loadBalancers.values()].find(
      (l) => l.name === 'production-web',
    )!;
    const testUrl = `http://${lb.dnsName}:8443`;
    const run = await acc.run(
      deployInputs('production', { 'test-checks': 'GET /version 200 contains=2.0.0' }),
    );
    expect(run.stdout).toContain(`Test listener (the gate's test-url): ${testUrl}`);
    // The control plane alone serves no traffic on listener ports, and its DNS names do not
    // resolve here: the gate fails closed and the deployment is rolled back.
    expect(run.code).toBe(1);
    expect(errorLine(run)).toContain(
      `the Ready gate failed: FAIL GET ${testUrl}/version: no answer`,
    );
    expect(run.outputs['rolled-back']).toBe('true');
    await expectRolledBack(acc, run.outputs['deployment-id']!, 'production');
  });

  it('passing gate: checks repeat over the window, then ContinueDeployment promotes', async () => {
    const acc = await emulated(120);
    const green = await greenServer((_req, res) => {
      res.writeHead(200, { 'x-version': '2.0.0' });
      res.end('version 2.0.0');
    });
    cleanups.push(green.close);
    const run = await acc.run(
      deployInputs('production', {
        'test-url': green.url,
        'test-checks': 'GET /version 200 contains=2.0.0 header=x-version:2.0.0',
        'test-window': '2s',
      }),
    );
    expect(run.stdout).not.toContain('::error');
    expect(run.code).toBe(0);
    expect(green.requests.length).toBeGreaterThanOrEqual(2);
    expect(run.stdout).toMatch(
      /PASS GET \/version 200 contains=2.0.0 header=x-version:2.0.0 \(\d+×\)/,
    );
    expect(run.stdout).toContain('Promoting: ContinueDeployment(READY_WAIT)');
    // In Ready only test traffic reaches green; production moves after the promotion.
    expect(greenWeights(run.stdout)).toEqual([0, 10, 100]);
    expect(run.outputs['rolled-back']).toBe('false');
    expect((await acc.calls()).byOperation['codedeploy.ContinueDeployment']).toBe(1);
    expect(await acc.productionWeights('production')).toEqual({ 'production-web-green': 100 });
  });

  it('test-command: runs in bash as a run: step (&&, $TEST_URL), passes on exit 0, then ContinueDeployment promotes', async () => {
    const acc = await emulated(120);
    const green = await greenServer((_req, res) => res.end('version 2.0.0'));
    cleanups.push(green.close);
    const suite = join(mkdtempSync(join(tmpdir(), 'bluegreen-suite-')), 'smoke.mjs');
    writeFileSync(
      suite,
      [
        'const body = await (await fetch(`${process.env.TEST_URL}/version`)).text();',
        'console.log(`smoke: ${body}`);',
        "process.exit(body.includes('2.0.0') ? 0 : 1);",
      ].join('\n'),
    );
    // As a workflow run: step: bash expands $TEST_URL and runs the suite only after the first
    // command succeeded (split on spaces without a shell, `&&` would reach `echo` as text).
    const command = `echo "gate on $TEST_URL" && node ${suite}`;
    const run = await acc.run(
      deployInputs('production', { 'test-url': green.url, 'test-command': command }),
    );
    expect(run.stdout).not.toContain('::error');
    expect(run.code).toBe(0);
    // test-url alone brings the default check (GET / 2xx), then the suite runs.
    expect(green.requests).toEqual(['GET /', 'GET /version']);
    expect(run.stdout).toContain(`  | gate on ${green.url}\n`);
    expect(run.stdout).toContain('  | smoke: version 2.0.0');
    expect(run.stdout).toContain(`PASS test-command "${command}"`);
    expect(run.stdout).toContain('Promoting: ContinueDeployment(READY_WAIT)');
    expect((await acc.calls()).byOperation['codedeploy.ContinueDeployment']).toBe(1);
    expect(await acc.productionWeights('production')).toEqual({ 'production-web-green': 100 });
  });

  it('timeout while test-command runs: the command is killed, stop with rollback', async () => {
    const acc = await emulated(120);
    const green = await greenServer((_req, res) => res.end('version 2.0.0'));
    cleanups.push(green.close);
    const run = await acc.run(
      deployInputs('production', {
        'test-url': green.url,
        'test-command': "sh -c 'echo suite started; sleep 60'",
        timeout: '12s',
      }),
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('  | suite started');
    expect(run.stdout).toContain('Gate cut short by the timeout');
    const error = errorLine(run);
    expect(error).toContain('timed out after 12s while the Ready gate ran; last state: Ready');
    expect(error).toMatch(/rolled back by d-[A-Z0-9]{9}/);
    expect(run.summary).toMatch(/still running after \d+s when the deploy timeout ran out; killed/);
    expect(run.outputs['rolled-back']).toBe('true');
    const calls = await acc.calls();
    expect(calls.byOperation['codedeploy.StopDeployment']).toBe(1);
    expect(calls.byOperation['codedeploy.ContinueDeployment']).toBeUndefined();
    await expectRolledBack(acc, run.outputs['deployment-id']!, 'production');
  });

  it('timeout: stops with rollback and fails with the last known state', async () => {
    const acc = await emulated(60);
    const arn = await acc.register(setup.files);
    await acc.control('POST', 'unhealthy', { taskDefinition: arn });
    const run = await acc.run(deployInputs('staging', { 'task-definition': arn, timeout: '10s' }));
    expect(run.code).toBe(1);
    const error = errorLine(run);
    expect(error).toContain('timed out after 10s; last state: InProgress · Install InProgress');
    expect(error).toMatch(/rolled back by d-[A-Z0-9]{9}/);
    expect(run.outputs['rolled-back']).toBe('true');
    expect((await acc.calls()).byOperation['codedeploy.StopDeployment']).toBe(1);
    const { original } = await expectRolledBack(acc, run.outputs['deployment-id']!, 'staging');
    expect(original.status).toBe('Stopped');
  });
});

describe('bluegreen-deploy: cancellation', () => {
  it('SIGTERM during the canary stops with rollback; the post step follows the rollback', async () => {
    const acc = await emulated(60);
    const trigger = signalWhen(/Traffic: Blue 90% \/ Green 10%/, 'SIGTERM');
    const run = await acc.run(deployInputs('staging', { 'deployment-config': CANARY }), trigger);
    expect(trigger.sent()).toBe(true);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('Received SIGTERM: stopping what this run started');
    const id = run.outputs['deployment-id']!;
    expect(errorLine(run)).toContain(
      `the workflow run was cancelled; StopDeployment with rollback sent, ${id} was InProgress when the step ended`,
    );
    expect(run.state['deployment-id']).toBe(id);

    // The runner then runs the post step (post-if: cancelled()): it follows the rollback.
    const post = await acc.run({ cluster: 'staging', service: 'web' }, { postState: run.state });
    expect(post.stdout).not.toContain('::error');
    expect(post.code).toBe(0);
    expect(post.stdout).toMatch(/Following rollback deployment d-[A-Z0-9]{9}/);
    expect(post.stdout).toMatch(/MANUAL_STOP.*; rolled back by d-[A-Z0-9]{9}/);
    expect((await acc.calls()).byOperation['codedeploy.StopDeployment']).toBe(1);
    const { original, rollbackId } = await expectRolledBack(acc, id, 'staging');
    expect(original.status).toBe('Stopped');
    expect(post.stdout).toContain(`rolled back by ${rollbackId}`);
  });

  it('the post step of a killed run stops the deployment it left running, with rollback', async () => {
    const acc = await emulated(30);
    // SIGKILL: main gets no chance to stop anything; only the state it saved survives.
    const trigger = signalWhen(/Traffic: Blue 90% \/ Green 10%/, 'SIGKILL');
    const main = await acc.run(deployInputs('staging', { 'deployment-config': CANARY }), trigger);
    expect(main.code).toBeNull();
    const id = main.state['deployment-id']!;
    expect(id).toMatch(/^d-[A-Z0-9]{9}$/);
    expect(main.state.isPost).toBe('true');
    expect((await acc.deployment(id)).status).toBe('InProgress');

    const post = await acc.run({ cluster: 'staging', service: 'web' }, { postState: main.state });
    expect(post.stdout).not.toContain('::error');
    expect(post.code).toBe(0);
    expect(post.stdout).toContain(`Stopping ${id} with rollback: the workflow run was cancelled`);
    expect(post.stdout).toMatch(/the workflow run was cancelled; rolled back by d-[A-Z0-9]{9}/);
    const { original } = await expectRolledBack(acc, id, 'staging');
    expect(original.status).toBe('Stopped');
  });

  it('the post step after a deployment that already ended changes nothing', async () => {
    const acc = await emulated(300);
    const main = await acc.run(deployInputs('staging', { 'wait-until': 'complete' }));
    expect(main.code).toBe(0);
    const post = await acc.run({ cluster: 'staging', service: 'web' }, { postState: main.state });
    expect(post.code).toBe(0);
    expect(post.stdout).toContain(`Deployment ${main.outputs['deployment-id']} had already ended`);
    expect((await acc.calls()).byOperation['codedeploy.StopDeployment']).toBeUndefined();
  });
});
