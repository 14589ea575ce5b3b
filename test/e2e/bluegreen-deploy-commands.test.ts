/**
 * The bundled bluegreen-deploy against the emulator, part two: a busy deployment group
 * (on-conflict), an unreliable AWS (throttling, 5xx, connection resets), a group with nothing to
 * roll back to, and the promote, rollback and status commands.
 */
import { describe, expect, it } from 'vitest';
import {
  Account,
  CANARY,
  errorLine,
  eventually,
  perTestAccounts,
  webArn,
} from './bluegreen-deploy-support.js';

const setup = perTestAccounts();
const { emulated, deployInputs } = setup;

/** A canary deployment left running on staging (wait-until: created), as another run would. */
async function busyGroup(acc: Account): Promise<string> {
  const first = await acc.run(
    deployInputs('staging', { 'deployment-config': CANARY, 'wait-until': 'created' }),
  );
  expect(first.code).toBe(0);
  expect(first.outputs.status).toBe('Created');
  return first.outputs['deployment-id']!;
}

describe('bluegreen-deploy: on-conflict', () => {
  it('fail (default) names the active deployment and registers nothing', async () => {
    const acc = await emulated(60);
    const active = await busyGroup(acc);
    const run = await acc.run(deployInputs('staging'));
    expect(run.code).toBe(1);
    expect(errorLine(run)).toMatch(
      new RegExp(
        `Deployment group "DgpECS-staging-web" already has an active deployment: ${active} \\((Created|InProgress), created .*; wait for it, or set on-conflict: wait or on-conflict: replace`,
      ),
    );
    const calls = await acc.calls();
    // Validate before mutate: the second run registered and created nothing.
    expect(calls.byOperation['ecs.RegisterTaskDefinition']).toBe(1);
    expect(calls.byOperation['codedeploy.CreateDeployment']).toBe(1);
    expect(await acc.deploymentsOf('staging')).toEqual([active]);
  });

  it('wait deploys after the active deployment ends', async () => {
    const acc = await emulated(120);
    const active = await busyGroup(acc);
    const run = await acc.run(deployInputs('staging', { 'on-conflict': 'wait' }));
    expect(run.stdout).not.toContain('::error');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Waiting for ${active} (`);
    expect(run.outputs['task-definition-arn']).toBe(webArn(3));
    const first = await acc.deployment(active);
    const second = await acc.deployment(run.outputs['deployment-id']!);
    expect(first.status).toBe('Succeeded');
    expect(second.createTime!.getTime()).toBeGreaterThanOrEqual(first.completeTime!.getTime());
    expect((await acc.calls()).byOperation['codedeploy.StopDeployment']).toBeUndefined();
  });

  it('replace stops the active deployment with rollback, then deploys', async () => {
    const acc = await emulated(60);
    const active = await busyGroup(acc);
    const run = await acc.run(deployInputs('staging', { 'on-conflict': 'replace' }));
    expect(run.stdout).not.toContain('::error');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Replacing ${active} (`);
    const first = await acc.deployment(active);
    expect(first.status).toBe('Stopped');
    const rollback = await acc.deployment(first.rollbackInfo!.rollbackDeploymentId!);
    expect(rollback.status).toBe('Succeeded');
    const second = await acc.deployment(run.outputs['deployment-id']!);
    expect(second.createTime!.getTime()).toBeGreaterThanOrEqual(rollback.completeTime!.getTime());
    expect(run.outputs['task-definition-arn']).toBe(webArn(3));
    expect(await acc.productionWeights('staging')).toEqual({ 'staging-web-green': 100 });
  });
});

describe('bluegreen-deploy: an unreliable AWS', () => {
  it('a throttling storm: the SDK retries absorb some, the watch loop rides out a poll they could not', async () => {
    const acc = await emulated(60);
    // CreateDeployment is throttled twice (the SDK's retries absorb it: still one deployment);
    // GetDeployment 6 times in a row, so one poll fails after the SDK's 5 attempts and the
    // watch loop backs off and polls again. (The SDK's adaptive mode also slows the client.)
    await acc.control('POST', 'faults', {
      operation: 'CreateDeployment',
      kind: 'throttle',
      count: 2,
    });
    await acc.control('POST', 'faults', { operation: 'GetDeployment', kind: 'throttle', count: 6 });
    const run = await acc.run(deployInputs('staging', { 'wait-until': 'complete' }));
    expect(run.stdout).not.toContain('::error');
    expect(run.code).toBe(0);
    expect(run.outputs.status).toBe('Succeeded');
    expect(run.stdout).toMatch(
      /::debug::poll d-[A-Z0-9]{9} failed \(1 in a row\): ThrottlingException: Rate exceeded/,
    );
    expect((await acc.control<{ faults: unknown[] }>('GET', 'faults')).faults).toEqual([]);
    const calls = await acc.calls();
    expect(calls.byOperation['codedeploy.CreateDeployment']).toBe(3);
    expect(await acc.deploymentsOf('staging')).toHaveLength(1);
    // 8 throttled attempts included; a deploy without faults makes about 15 calls.
    expect(calls.total).toBeLessThan(40);
    expect(run.stdout).not.toContain('Unknown');
  }, 60_000);

  it('throttling that outlasts the retries before anything changed: one line, nothing created', async () => {
    const acc = await emulated(60);
    await acc.control('POST', 'faults', { operation: 'GetDeploymentGroup', kind: 'throttle' });
    const run = await acc.run(deployInputs('staging', { 'max-attempts': '3' }));
    expect(run.code).toBe(1);
    expect(errorLine(run)).toBe(
      '::error::AWS kept failing: ThrottlingException: Rate exceeded (after 3 attempts). Re-run the job (the deployment group shows whether a deployment was created), or raise max-attempts.',
    );
    expect(run.stdout + run.stderr).not.toMatch(/\n\s+at /);
    const calls = await acc.calls();
    expect(calls.byOperation['codedeploy.GetDeploymentGroup']).toBe(3);
    expect(calls.byOperation['ecs.RegisterTaskDefinition']).toBeUndefined();
    expect(calls.byOperation['codedeploy.CreateDeployment']).toBeUndefined();
  });

  it('5xx and connection resets on every service: still succeeds', async () => {
    const acc = await emulated(60);
    await acc.control('POST', 'faults', { kind: 'error5xx', count: 3 });
    await acc.control('POST', 'faults', { service: 'codedeploy', kind: 'reset', count: 2 });
    await acc.control('POST', 'faults', {
      operation: 'CreateDeployment',
      kind: 'error5xx',
      count: 2,
    });
    await acc.control('POST', 'faults', { operation: 'GetDeployment', kind: 'reset', count: 3 });
    await acc.control('POST', 'faults', {
      operation: 'RegisterTaskDefinition',
      kind: 'reset',
      count: 1,
    });
    const run = await acc.run(deployInputs('staging', { 'wait-until': 'complete' }));
    expect(run.stdout).not.toContain('::error');
    expect(run.code).toBe(0);
    expect((await acc.control<{ faults: unknown[] }>('GET', 'faults')).faults).toEqual([]);
    const calls = await acc.calls();
    // Exactly one deployment and one registration despite retried CreateDeployment/Register calls.
    expect(await acc.deploymentsOf('staging')).toHaveLength(1);
    expect(acc.emulator.state.ecs.taskDefinitions.size).toBeGreaterThan(0);
    expect(run.outputs['task-definition-arn']).toBe(webArn(2));
    expect(calls.total).toBeLessThan(80);
  });
});

describe('bluegreen-deploy: AWS refuses a call after the deployment exists', () => {
  const denied = (operation: string) => ({
    service: 'codedeploy',
    operation,
    kind: 'error',
    code: 'AccessDeniedException',
    message: `User: arn:aws:sts::123456789012:assumed-role/deploy/gha is not authorized to perform: codedeploy:${operation}`,
  });

  /** The deployment the run created was stopped by it and CodeDeploy's rollback put blue back. */
  async function expectStoppedAndRolledBack(acc: Account, deploymentId: string) {
    const original = await eventually(
      () => acc.deployment(deploymentId),
      (d) => d.rollbackInfo?.rollbackDeploymentId !== undefined,
    );
    expect(original.status).toBe('Stopped');
    expect(original.errorInformation?.code).toBe('MANUAL_STOP');
    const rollbackId = original.rollbackInfo!.rollbackDeploymentId!;
    await eventually(
      () => acc.deployment(rollbackId),
      (d) => d.status === 'Succeeded',
    );
    expect(await acc.productionWeights('staging')).toEqual({ 'staging-web-blue': 100 });
    return rollbackId;
  }

  it('AccessDenied on ListDeploymentTargets: stops with rollback, follows it, one line naming both', async () => {
    const acc = await emulated(60);
    await acc.control('POST', 'faults', denied('ListDeploymentTargets'));
    const run = await acc.run(deployInputs('staging', { 'deployment-config': CANARY }));
    expect(run.code).toBe(1);
    const id = run.outputs['deployment-id']!;
    expect(id).toMatch(/^d-[A-Z0-9]{9}$/);
    expect(run.stdout).toContain(`Stopping ${id} with rollback: could not follow ${id}`);
    const error = errorLine(run);
    expect(error).toContain(
      `deploy ${id} failed: could not follow ${id}: AccessDeniedException: User: arn:aws:sts::123456789012:assumed-role/deploy/gha is not authorized to perform: codedeploy:ListDeploymentTargets; rolled back by d-`,
    );
    expect(run.stdout + run.stderr).not.toMatch(/\n\s+at /);
    const rollbackId = await expectStoppedAndRolledBack(acc, id);
    expect(error).toContain(`rolled back by ${rollbackId}`);
    expect(run.outputs).toMatchObject({
      'rolled-back': 'true',
      'rollback-deployment-id': rollbackId,
      status: 'Stopped',
    });
    expect(run.summary).toContain('❌ bluegreen-deploy deploy: failed');
    expect(run.summary).toContain('AccessDeniedException');
    const calls = await acc.calls();
    expect(calls.byOperation['codedeploy.StopDeployment']).toBe(1);
    // Refused once, then not asked again: the rollback is followed with GetDeployment alone.
    expect(calls.byOperation['codedeploy.ListDeploymentTargets']).toBe(1);
  });

  it('AccessDenied on every GetDeployment: still stopped with rollback; the line says the rollback state is unknown', async () => {
    const acc = await emulated(60);
    await acc.control('POST', 'faults', denied('GetDeployment'));
    const run = await acc.run(deployInputs('staging', { 'deployment-config': CANARY }));
    expect(run.code).toBe(1);
    const id = run.outputs['deployment-id']!;
    expect(id).toMatch(/^d-[A-Z0-9]{9}$/);
    expect(errorLine(run)).toContain(
      `could not follow ${id}: AccessDeniedException: User: arn:aws:sts::123456789012:assumed-role/deploy/gha is not authorized to perform: codedeploy:GetDeployment; StopDeployment with rollback sent (accepted), then could not follow ${id}:`,
    );
    expect(errorLine(run)).toContain('the rollback state is unknown');
    expect(run.outputs['rolled-back']).toBe('false');
    await acc.control('DELETE', 'faults');
    await expectStoppedAndRolledBack(acc, id);
  });
});

describe('bluegreen-deploy: nothing to roll back to', () => {
  it('rollback on a group that never had a successful deployment fails plainly, changing nothing', async () => {
    const acc = await emulated(60);
    const run = await acc.run({ command: 'rollback', cluster: 'production', service: 'web' });
    expect(run.code).toBe(1);
    expect(errorLine(run)).toContain(
      'Deployment group "DgpECS-production-web" has no successful deployment, so there is nothing to roll back to.',
    );
    const calls = await acc.calls();
    expect(calls.byOperation['codedeploy.CreateDeployment']).toBeUndefined();
    expect(calls.byOperation['codedeploy.StopDeployment']).toBeUndefined();
  });

  it('rollback after the first successful deployment: no earlier revision in CodeDeploy', async () => {
    const acc = await emulated(300);
    const first = await acc.run(deployInputs('staging', { 'wait-until': 'complete' }));
    expect(first.code).toBe(0);
    const run = await acc.run({ command: 'rollback', cluster: 'staging', service: 'web' });
    expect(run.code).toBe(1);
    expect(errorLine(run)).toContain(
      `${first.outputs['deployment-id']} is the first successful deployment of "DgpECS-staging-web"; there is no earlier revision to roll back to.`,
    );
    expect((await acc.calls()).byOperation['codedeploy.CreateDeployment']).toBe(1);
  });

  it('a failed first deployment with auto-rollback off is reported as not rolled back', async () => {
    const acc = await emulated(600);
    const arn = await acc.register(setup.files);
    await acc.control('POST', 'unhealthy', { taskDefinition: arn });
    const run = await acc.run(
      deployInputs('staging', { 'task-definition': arn, 'auto-rollback': 'false' }),
    );
    expect(run.code).toBe(1);
    expect(errorLine(run)).toMatch(/Failed: TIMEOUT: .*; not rolled back/);
    expect(run.outputs['rolled-back']).toBe('false');
    expect(run.outputs['rollback-deployment-id']).toBe('');
    expect(await acc.deploymentsOf('staging')).toEqual([run.outputs['deployment-id']]);
  });
});

describe('bluegreen-deploy: promote, rollback and status commands', () => {
  it('deploy with wait-until ready stops in Ready; promote continues it to production', async () => {
    const acc = await emulated(120);
    const deploy = await acc.run(deployInputs('production', { 'wait-until': 'ready' }));
    expect(deploy.stdout).not.toContain('::error');
    expect(deploy.code).toBe(0);
    expect(deploy.outputs.status).toBe('Ready');
    // Green serves the test listener only: no production traffic on it yet.
    expect(deploy.outputs.traffic).toBe('0');
    expect(deploy.stdout).toContain('Done: the replacement is ready and waits for promotion');
    const id = deploy.outputs['deployment-id']!;
    expect((await acc.deployment(id)).status).toBe('Ready');
    expect(await acc.productionWeights('production')).toEqual({ 'production-web-blue': 100 });
    expect((await acc.calls()).byOperation['codedeploy.ContinueDeployment']).toBeUndefined();

    const promote = await acc.run({ command: 'promote', cluster: 'production', service: 'web' });
    expect(promote.stdout).not.toContain('::error');
    expect(promote.code).toBe(0);
    expect(promote.stdout).toContain(`ContinueDeployment(READY_WAIT) sent for ${id}`);
    expect(promote.outputs['deployment-id']).toBe(id);
    expect(promote.outputs.traffic).toBe('100');
    expect(promote.stdout).toContain('Traffic: Blue 90% / Green 10%');
    expect((await acc.calls()).byOperation['codedeploy.ContinueDeployment']).toBe(1);
    expect(await acc.productionWeights('production')).toEqual({ 'production-web-green': 100 });
  });

  it('promote with nothing waiting says so', async () => {
    const acc = await emulated(60);
    const run = await acc.run({ command: 'promote', cluster: 'staging', service: 'web' });
    expect(run.code).toBe(1);
    expect(errorLine(run)).toContain(
      'Deployment group "DgpECS-staging-web" has no active deployment to promote.',
    );
  });

  it('rollback stops the active deployment with rollback and succeeds when it rolled back', async () => {
    const acc = await emulated(120);
    const deploy = await acc.run(deployInputs('staging'));
    expect(deploy.code).toBe(0);
    const id = deploy.outputs['deployment-id']!;
    expect((await acc.deployment(id)).status).toBe('InProgress'); // termination wait
    const run = await acc.run({ command: 'rollback', cluster: 'staging', service: 'web' });
    expect(run.stdout).not.toContain('::error');
    expect(run.code).toBe(0);
    expect(run.outputs['deployment-id']).toBe(id);
    expect(run.outputs['rolled-back']).toBe('true');
    const original = await acc.deployment(id);
    expect(original.status).toBe('Stopped');
    expect(run.outputs['rollback-deployment-id']).toBe(original.rollbackInfo!.rollbackDeploymentId);
    const rollback = await acc.deployment(run.outputs['rollback-deployment-id']!);
    expect(rollback.status).toBe('Succeeded');
    expect(await acc.productionWeights('staging')).toEqual({ 'staging-web-blue': 100 });
  });

  it('rollback with nothing active redeploys the revision before the last successful one', async () => {
    const acc = await emulated(300);
    for (const expected of [2, 3]) {
      const deploy = await acc.run(deployInputs('staging', { 'wait-until': 'complete' }));
      expect(deploy.code).toBe(0);
      expect(deploy.outputs['task-definition-arn']).toBe(webArn(expected));
    }
    const run = await acc.run({
      command: 'rollback',
      cluster: 'staging',
      service: 'web',
      'wait-until': 'complete',
    });
    expect(run.stdout).not.toContain('::error');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`(${webArn(2)})`);
    expect(run.outputs['task-definition-arn']).toBe(webArn(2));
    expect(run.outputs.status).toBe('Succeeded');
    const services = acc.emulator.state.ecs.clusters.get('staging')!.services;
    expect(services.get('web')!.taskDefinition).toBe(webArn(2));
    expect(await acc.deploymentsOf('staging')).toHaveLength(3);
  });

  it('status prints and outputs the state of the latest deployment and of a given one', async () => {
    const acc = await emulated(300);
    const deploy = await acc.run(deployInputs('staging', { 'wait-until': 'complete' }));
    expect(deploy.code).toBe(0);
    const id = deploy.outputs['deployment-id']!;
    const latest = await acc.run({ command: 'status', cluster: 'staging', service: 'web' });
    expect(latest.code).toBe(0);
    expect(latest.outputs['deployment-id']).toBe(id);
    expect(latest.outputs.status).toBe('Succeeded');
    expect(latest.stdout).toContain('State: Succeeded · Green 100%');
    const named = await acc.run({
      command: 'status',
      cluster: 'staging',
      service: 'web',
      'deployment-id': id,
    });
    expect(named.outputs.status).toBe('Succeeded');
    expect((await acc.calls()).byOperation['codedeploy.CreateDeployment']).toBe(1);
  });
});
