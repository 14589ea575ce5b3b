import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ContinueDeploymentCommand,
  CreateDeploymentCommand,
  GetDeploymentConfigCommand as GetDeploymentConfig,
  ListDeploymentTargetsCommand,
  StopDeploymentCommand,
} from '@aws-sdk/client-codedeploy';
import { RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  awsError,
  FakeGroup,
  type Frame,
} from '../../../lib/codedeploy/testing/fake-codedeploy.js';
import { deploy } from './deploy.js';
import { fakeCommand } from './testing/fake-context.js';
import { outputsOf } from './report.js';
import { lifecycleEvents } from '../../../lib/codedeploy/testing/lifecycle-events.js';

const dir = mkdtempSync(join(tmpdir(), 'bluegreen-'));
const taskDefinitionPath = join(dir, 'task-definition.json');
writeFileSync(
  taskDefinitionPath,
  JSON.stringify({
    family: 'web',
    networkMode: 'awsvpc',
    requiresCompatibilities: ['FARGATE'],
    cpu: '256',
    memory: '512',
    containerDefinitions: [
      {
        name: 'web',
        image: '111122223333.dkr.ecr.us-east-1.amazonaws.com/web@sha256:' + 'a'.repeat(64),
        essential: true,
        portMappings: [{ containerPort: 8080 }],
      },
    ],
  }),
);
writeFileSync(
  join(dir, 'appspec.yaml'),
  'version: 0.0\nResources:\n  - TargetService:\n      Type: AWS::ECS::Service\n      Properties:\n        TaskDefinition: "<TASK_DEFINITION>"\n        LoadBalancerInfo:\n          ContainerName: web\n          ContainerPort: 8080\n',
);

const E = (done: number, current?: string): [string, string][] =>
  lifecycleEvents(done, current).map((e) => [e.name, e.status]);
const SHIFT: Frame[] = [
  { status: 'InProgress', events: E(6, 'InProgress'), traffic: [90, 10] },
  { status: 'InProgress', events: E(8), traffic: [0, 100], targetStatus: 'Succeeded' },
];
const TO_READY: Frame[] = [
  { status: 'Created' },
  { status: 'InProgress', events: E(1, 'InProgress'), traffic: [100, 0] },
  { status: 'Ready', events: E(5), traffic: [100, 0] },
];

const RUN = {
  repository: 'org/app',
  sha: 'abcdef0123456789',
  serverUrl: 'https://github.com',
  runId: '7',
};

const setup = (
  group: FakeGroup,
  inputs: Record<string, string>,
  signal = new AbortController().signal,
) =>
  fakeCommand(
    group,
    { 'task-definition': taskDefinitionPath, tags: 'commit=abcdef0', ...inputs },
    { signal, run: RUN },
  );

// The checks run against a real HTTP server standing in for the test listener.
let server: Server;
let testUrl = '';
let version = 'v2';
beforeAll(async () => {
  server = createServer((_req, res) => {
    res.setHeader('x-version', version);
    res.end(JSON.stringify({ version }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  testUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('deploy', () => {
  it('registers, puts the exact registered ARN in the AppSpec, and succeeds when traffic has shifted', async () => {
    const group = new FakeGroup([
      { status: 'Created' },
      { status: 'InProgress', events: E(1, 'InProgress'), traffic: [100, 0] },
      ...SHIFT,
    ]);
    group.revision = 41; // the family's latest is 41, the register answers 42; nothing guesses it
    const { ctx, inputs, log, remembered } = setup(group, {
      'deployment-config': 'CodeDeployDefault.ECSCanary10Percent5Minutes',
    });
    group.codedeploy
      .on(GetDeploymentConfig)
      .resolves({ deploymentConfigInfo: { computePlatform: 'ECS' } });
    const result = await deploy(inputs, ctx);
    expect(result.ok).toBe(true);
    expect(result.taskDefinitionArn).toBe(
      'arn:aws:ecs:us-east-1:111122223333:task-definition/web:42',
    );
    expect(result.previousTaskDefinitionArn).toBe(
      'arn:aws:ecs:us-east-1:111122223333:task-definition/web:41',
    );
    const [register] = group.calls(RegisterTaskDefinitionCommand) as { tags: unknown[] }[];
    expect(register!.tags).toEqual([{ key: 'commit', value: 'abcdef0' }]);
    const [create] = group.calls(CreateDeploymentCommand) as {
      revision: { appSpecContent: { content: string; sha256: string } };
      description: string;
      deploymentConfigName: string;
      autoRollbackConfiguration: { enabled: boolean };
    }[];
    const { content, sha256 } = create!.revision.appSpecContent;
    expect(JSON.parse(content).Resources[0].TargetService.Properties.TaskDefinition).toBe(
      result.taskDefinitionArn,
    );
    expect(sha256).toBe(createHash('sha256').update(content).digest('hex'));
    expect(create!.description).toContain(
      'org/app@abcdef0 · https://github.com/org/app/actions/runs/7',
    );
    expect(create!.deploymentConfigName).toBe('CodeDeployDefault.ECSCanary10Percent5Minutes');
    expect(create!.autoRollbackConfiguration.enabled).toBe(true);
    expect(remembered).toEqual(['d-NEW000001']);
    expect(log).toContain('  Traffic: Blue 90% / Green 10%');
    expect(log).toContain('  Traffic: Blue 0% / Green 100%');
    expect(outputsOf(result, 'us-east-1')).toMatchObject({
      'deployment-id': 'd-NEW000001',
      'rolled-back': 'false',
      status: 'InProgress',
    });
  });

  it('deploys an existing task definition ARN without registering', async () => {
    const group = new FakeGroup([{ status: 'Succeeded' }]);
    const arn = 'arn:aws:ecs:us-east-1:111122223333:task-definition/web:3';
    const { ctx, inputs } = setup(group, {
      'task-definition': arn,
      'container-name': 'web',
      'container-port': '8080',
    });
    const result = await deploy(inputs, ctx);
    expect(result.ok).toBe(true);
    expect(group.calls(RegisterTaskDefinitionCommand)).toHaveLength(0);
    expect(result.taskDefinitionArn).toBe(arn);
  });

  it.each([
    [
      'INACTIVE',
      'web:3',
      '8080',
      'which is INACTIVE (deregistered), so CodeDeploy would fail with "TaskDefinition is inactive"',
    ],
    ['without the AppSpec port', 'web:4', '9090', 'container "web" has no containerPort 9090'],
  ])(
    'refuses an existing task definition ARN %s before creating anything',
    async (_case, rev, port, message) => {
      const group = new FakeGroup([{ status: 'Succeeded' }]);
      const arn = `arn:aws:ecs:us-east-1:111122223333:task-definition/${rev}`;
      group.inactiveTaskDefinitions.add('arn:aws:ecs:us-east-1:111122223333:task-definition/web:3');
      const { ctx, inputs } = setup(group, {
        'task-definition': arn,
        'container-name': 'web',
        'container-port': port,
      });
      await expect(deploy(inputs, ctx)).rejects.toThrow(message);
      expect(group.calls(CreateDeploymentCommand)).toHaveLength(0);
    },
  );

  it('runs the Ready gate and promotes when it passes', async () => {
    version = 'v2';
    const group = new FakeGroup(TO_READY);
    group.afterContinue = SHIFT;
    const { ctx, inputs, log } = setup(group, {
      'test-url': testUrl,
      'test-checks': 'GET /version 200 contains=v2 header=x-version:v2',
      'test-window': '3s',
    });
    const result = await deploy(inputs, ctx);
    expect(result.ok).toBe(true);
    expect(group.calls(ContinueDeploymentCommand)).toEqual([
      { deploymentId: 'd-NEW000001', deploymentWaitType: 'READY_WAIT' },
    ]);
    expect(log.some((l) => /PASS GET \/version .*\([3-9]×\)/.test(l))).toBe(true);
  });

  it('stops with rollback when the gate fails, waits for the rollback, and fails with the evidence', async () => {
    version = 'v1';
    const group = new FakeGroup(TO_READY);
    const { ctx, inputs } = setup(group, {
      'test-url': testUrl,
      'test-checks': 'GET /version 200 contains=v2',
    });
    const result = await deploy(inputs, ctx);
    expect(result.ok).toBe(false);
    expect(group.calls(StopDeploymentCommand)).toEqual([
      { deploymentId: 'd-NEW000001', autoRollbackEnabled: true },
    ]);
    expect(group.calls(ContinueDeploymentCommand)).toHaveLength(0);
    expect(result.followed).toMatchObject({
      rolledBack: true,
      rollbackDeploymentId: 'd-RBNEW0000',
      status: 'Stopped',
    });
    expect(result.followed!.reason).toMatch(
      /Ready gate failed: FAIL GET .*\/version: body does not contain "v2".*rolled back by d-RBNEW0000/,
    );
  });

  it('on timeout stops with rollback and fails with the last known state', async () => {
    const group = new FakeGroup([
      { status: 'InProgress', events: E(1, 'InProgress'), traffic: [100, 0] },
    ]);
    const { ctx, inputs } = setup(group, { timeout: '2m' });
    const result = await deploy(inputs, ctx);
    expect(result.ok).toBe(false);
    expect(group.calls(StopDeploymentCommand)).toHaveLength(1);
    expect(result.followed!.reason).toMatch(
      /^timed out after 2m; last state: InProgress · Install InProgress · Blue 100% \/ Green 0%; rolled back by d-RB/,
    );
    expect(outputsOf(result, 'us-east-1')['rolled-back']).toBe('true');
  });

  it('a timeout while the gate runs kills the test command and stops with rollback like any timeout', async () => {
    const group = new FakeGroup(TO_READY);
    const { ctx, inputs, log } = setup(group, {
      'test-url': testUrl,
      'test-command': 'sleep 30',
      timeout: '5m',
    });
    const started = Date.now();
    const result = await deploy(inputs, ctx);
    // The fake clock's sleep is instant: the gate's budget runs out as soon as the command starts.
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(group.calls(StopDeploymentCommand)).toHaveLength(1);
    expect(group.calls(ContinueDeploymentCommand)).toHaveLength(0);
    expect(result.followed).toMatchObject({ ok: false, rolledBack: true });
    expect(result.followed!.reason).toMatch(
      /^timed out after 5m while the Ready gate ran; last state: Ready.*; rolled back by d-RBNEW0000$/,
    );
    expect(result.followed!.evidence).toContainEqual(
      expect.stringMatching(
        /^FAIL test-command "sleep 30" still running after \d+s when the deploy timeout ran out; killed$/,
      ),
    );
    expect(log).toContain('Gate cut short by the timeout');
  });

  it('follows the rollback CodeDeploy starts when the deployment fails, and still fails', async () => {
    const group = new FakeGroup([
      { status: 'InProgress' },
      {
        status: 'Failed',
        error: {
          code: 'ECS_UPDATE_ERROR',
          message: 'The container web did not have a container port 443 defined.',
        },
      },
    ]);
    group.addRollback('d-NEW000001');
    const { ctx, inputs } = setup(group, {});
    const result = await deploy(inputs, ctx);
    expect(result.followed).toMatchObject({
      ok: false,
      rolledBack: true,
      rollbackDeploymentId: 'd-RBNEW0000',
    });
    expect(result.followed!.reason).toContain(
      'ECS_UPDATE_ERROR: The container web did not have a container port 443 defined.',
    );
    expect(group.calls(StopDeploymentCommand)).toHaveLength(0);
  });

  it('a first deployment with nothing to roll back to fails saying so', async () => {
    const group = new FakeGroup([
      {
        status: 'Failed',
        error: { code: 'HOOK_EXECUTION_FAILURE', message: 'AfterInstall hook failed' },
      },
    ]);
    const { ctx, inputs } = setup(group, {});
    const result = await deploy(inputs, ctx);
    expect(result.followed).toMatchObject({ ok: false, rolledBack: false });
    expect(result.followed!.reason).toMatch(
      /HOOK_EXECUTION_FAILURE: AfterInstall hook failed; not rolled back$/,
    );
  });

  it('stops with rollback when the run is cancelled', async () => {
    const controller = new AbortController();
    const group = new FakeGroup([{ status: 'InProgress' }]);
    const { ctx, inputs } = setup(group, {}, controller.signal);
    const sleep = group.clock.sleep.bind(group.clock);
    group.clock.sleep = async (ms) => {
      await sleep(ms);
      if (group.clock.t > 1_700_000_010_000) controller.abort();
    };
    const result = await deploy(inputs, ctx);
    expect(group.calls(StopDeploymentCommand)).toEqual([
      { deploymentId: 'd-NEW000001', autoRollbackEnabled: true },
    ]);
    expect(result.ok).toBe(false);
    expect(result.followed!.reason).toMatch(/^the workflow run was cancelled/);
  });

  it('rides out throttling and DeploymentNotStarted without failing', async () => {
    const group = new FakeGroup([{ status: 'Created' }, { status: 'Created' }, ...SHIFT]);
    group.getErrors = [
      awsError('ThrottlingException', 'Rate exceeded'),
      awsError('ThrottlingException', 'Rate exceeded'),
      Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
    ];
    const { ctx, inputs, log } = setup(group, {});
    const start = group.clock.t;
    const result = await deploy(inputs, ctx);
    expect(result.ok).toBe(true);
    // backed off: 2 s, 4 s, 8 s after the three failed polls
    expect(group.clock.t - start).toBeGreaterThanOrEqual(14_000);
    // A failed poll is not a state: the first real one is reported as the first.
    expect(log.join('\n')).not.toContain('Unknown');
  });
});

describe('deploy: an error AWS will not retry never leaves the deployment unattended', () => {
  const denied = (op: string) =>
    awsError('AccessDeniedException', `not authorized to perform: codedeploy:${op}`);

  it('a refused ListDeploymentTargets stops with rollback and follows it with GetDeployment alone', async () => {
    const group = new FakeGroup([{ status: 'InProgress' }]);
    group.codedeploy.on(ListDeploymentTargetsCommand).rejects(denied('ListDeploymentTargets'));
    const { ctx, inputs } = setup(group, {});
    const result = await deploy(inputs, ctx);
    expect(result.ok).toBe(false);
    expect(result.deploymentId).toBe('d-NEW000001');
    expect(group.calls(StopDeploymentCommand)).toEqual([
      { deploymentId: 'd-NEW000001', autoRollbackEnabled: true },
    ]);
    expect(group.calls(ListDeploymentTargetsCommand)).toHaveLength(1);
    expect(result.followed).toMatchObject({
      rolledBack: true,
      rollbackDeploymentId: 'd-RBNEW0000',
    });
    expect(result.followed!.reason).toBe(
      'could not follow d-NEW000001: AccessDeniedException: not authorized to perform: codedeploy:ListDeploymentTargets; rolled back by d-RBNEW0000',
    );
  });

  it('a refused StopDeployment fails saying the deployment was not stopped', async () => {
    const group = new FakeGroup([{ status: 'InProgress' }]);
    group.getErrors = [denied('GetDeployment')];
    group.codedeploy.on(StopDeploymentCommand).rejects(denied('StopDeployment'));
    const { ctx, inputs } = setup(group, {});
    const result = await deploy(inputs, ctx);
    expect(result.followed).toMatchObject({ ok: false, rolledBack: false });
    expect(result.followed!.reason).toBe(
      'could not follow d-NEW000001: AccessDeniedException: not authorized to perform: codedeploy:GetDeployment; not stopped: StopDeployment d-NEW000001 failed: AccessDeniedException: not authorized to perform: codedeploy:StopDeployment (it was InProgress; stop it in the console)',
    );
  });

  it('a refused ContinueDeployment stops the Ready deployment with rollback', async () => {
    const group = new FakeGroup(TO_READY);
    group.codedeploy.on(ContinueDeploymentCommand).rejects(denied('ContinueDeployment'));
    const { ctx, inputs } = setup(group, {});
    const result = await deploy(inputs, ctx);
    expect(group.calls(StopDeploymentCommand)).toHaveLength(1);
    expect(result.followed).toMatchObject({ ok: false, rolledBack: true });
    expect(result.followed!.reason).toMatch(
      /^ContinueDeployment\(READY_WAIT\) d-NEW000001 failed: AccessDeniedException: .*; rolled back by d-RBNEW0000$/,
    );
  });
});

describe('deploy validation and conflicts', () => {
  it('an ECS-controller (rolling) service takes the rolling path: CodeDeploy inputs are refused before changing anything', async () => {
    const group = new FakeGroup([{ status: 'Succeeded' }]);
    group.controller = 'ECS';
    const { ctx, inputs } = setup(group, {});
    inputs.given = { 'deployment-config': 'CodeDeployDefault.ECSAllAtOnce' };
    await expect(deploy(inputs, ctx)).rejects.toThrow(
      /Input "deployment-config" is "CodeDeployDefault.ECSAllAtOnce", but service "web" deploys with ECS rolling update/,
    );
    expect(group.calls(RegisterTaskDefinitionCommand)).toHaveLength(0);
  });

  it('on-conflict fail names the active deployment before registering', async () => {
    const group = new FakeGroup([{ status: 'Succeeded' }]);
    group.scripts.set('d-ACTIVE001', { frames: [{ status: 'InProgress' }], at: 0 });
    group.active = ['d-ACTIVE001'];
    const { ctx, inputs } = setup(group, {});
    await expect(deploy(inputs, ctx)).rejects.toThrow(
      /already has an active deployment: d-ACTIVE001 \(InProgress/,
    );
    expect(group.calls(RegisterTaskDefinitionCommand)).toHaveLength(0);
  });

  it('on-conflict replace stops the active one with rollback, then deploys', async () => {
    const group = new FakeGroup(SHIFT);
    group.scripts.set('d-ACTIVE001', { frames: [{ status: 'InProgress' }], at: 0 });
    group.active = ['d-ACTIVE001'];
    group.createErrors = [
      awsError(
        'DeploymentLimitExceededException',
        "The Deployment Group 'DgpECS-staging-web' already has an active Deployment 'd-ACTIVE001'",
      ),
    ];
    const { ctx, inputs } = setup(group, { 'on-conflict': 'replace' });
    const result = await deploy(inputs, ctx);
    expect(group.calls(StopDeploymentCommand)).toEqual([
      { deploymentId: 'd-ACTIVE001', autoRollbackEnabled: true },
    ]);
    expect(group.calls(CreateDeploymentCommand)).toHaveLength(2);
    expect(result.ok).toBe(true);
  });

  it('on-conflict wait waits for the active one to end without stopping it', async () => {
    const group = new FakeGroup(SHIFT);
    group.scripts.set('d-ACTIVE001', { frames: [{ status: 'InProgress' }], at: 0 });
    group.active = ['d-ACTIVE001'];
    group.createErrors = [
      awsError(
        'DeploymentLimitExceededException',
        "already has an active Deployment 'd-ACTIVE001'",
      ),
    ];
    const sleep = group.clock.sleep.bind(group.clock);
    let sleeps = 0;
    group.clock.sleep = async (ms) => {
      await sleep(ms);
      if (++sleeps === 3) group.active = [];
    };
    const { ctx, inputs, log } = setup(group, { 'on-conflict': 'wait' });
    const result = await deploy(inputs, ctx);
    expect(group.calls(StopDeploymentCommand)).toHaveLength(0);
    expect(log.some((l) => l.startsWith('Waiting for d-ACTIVE001'))).toBe(true);
    expect(result.ok).toBe(true);
  });
});
