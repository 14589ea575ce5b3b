import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { start, type Emulator } from '../../emulator/index.js';
import { runAction } from '../support/run-action.js';

const ECR = '123456789012.dkr.ecr.us-east-1.amazonaws.com';
const DIGEST = `sha256:${'d'.repeat(64)}`;
const LIVE_ARN = 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:1';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await start({ port: 0, seed: 'emulator/seeds/default.yaml' });
});
afterAll(async () => emulator?.stop());

const render = (inputs: Record<string, string>) =>
  runAction('render-taskdef', {
    inputs: { 'output-dir': mkdtempSync(join(tmpdir(), 'render-emu-')), ...inputs },
    env: emulator.env(),
  });

describe('render-taskdef against the emulated ECS', () => {
  it('starts from what service staging/web runs and shows the image change as a diff', async () => {
    const result = await render({
      'task-definition': 'service:staging/web',
      image: `${ECR}/web@${DIGEST}`,
      verify: 'false',
    });
    expect(result.stdout).not.toContain('::error::');
    expect(result.code).toBe(0);
    expect(result.outputs.changed).toBe('true');
    expect(result.outputs.family).toBe('web');
    expect(result.stdout).toContain(`::group::Diff against staging/web (${LIVE_ARN})`);
    expect(result.stdout).toContain(`-      "image": "${ECR}/web:1.0.0",`);
    expect(result.stdout).toContain(`+      "image": "${ECR}/web@${DIGEST}",`);
    expect(result.summary).toContain('```diff');
    const td = JSON.parse(readFileSync(result.outputs['task-definition']!, 'utf8'));
    expect(td).not.toHaveProperty('taskDefinitionArn');
    expect(td).not.toHaveProperty('revision');
    expect(td).not.toHaveProperty('compatibilities');
    expect(td.containerDefinitions[0].healthCheck.command[0]).toBe('CMD-SHELL');
  });

  it('re-rendering a live revision unchanged reports changed=false', async () => {
    // The live revision runs web:1.0.0, pinned by tag: shipping it again must be allowed explicitly.
    const result = await render({
      'task-definition': 'live:web:1',
      verify: 'false',
      'allow-mutable-tags': 'true',
    });
    expect(result.code).toBe(0);
    expect(result.outputs.changed).toBe('false');
    expect(result.stdout).toContain(
      `::warning::container "web" image "${ECR}/web:1.0.0" is pinned by tag only`,
    );
    expect(result.summary).toContain(
      'No change: the rendered task definition matches what is live.',
    );
  });

  it('diffs a file against the service named by cluster and service', async () => {
    const result = await render({
      'task-definition': 'test/fixtures/taskdefs/described-web.json',
      cluster: 'staging',
      service: 'web',
      verify: 'false',
    });
    expect(result.code).toBe(0);
    expect(result.outputs.changed).toBe('true');
    expect(result.stdout).toContain(`::group::Diff against staging/web (${LIVE_ARN})`);
  });

  it('verifies images in ECR by default when credentials are present', async () => {
    const result = await render({
      'task-definition': 'service:staging/web',
      image: `${ECR}/web@${DIGEST}`,
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      `::error::container "web": Image ${ECR}/web@${DIGEST} is not in ECR repository "web": Requested image not found. Push it first, or check the tag or digest.`,
    );
  });

  it('verify: auto finds credentials in a shared credentials file (a self-hosted runner)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'render-emu-aws-'));
    const credentials = join(dir, 'credentials');
    writeFileSync(
      credentials,
      '[default]\naws_access_key_id = test\naws_secret_access_key = test\n',
    );
    const result = await runAction('render-taskdef', {
      inputs: {
        'task-definition': 'service:staging/web',
        image: `${ECR}/web@${DIGEST}`,
        'output-dir': join(dir, 'out'),
      },
      env: {
        ...emulator.env(),
        AWS_ACCESS_KEY_ID: undefined,
        AWS_SECRET_ACCESS_KEY: undefined,
        AWS_SHARED_CREDENTIALS_FILE: credentials,
        AWS_CONFIG_FILE: join(dir, 'no-config'),
      },
    });
    expect(result.stdout).toContain(
      `Verifying images: AWS credentials from ${credentials} (verify: auto).`,
    );
    // The SDK signed with the file's keys and ECR answered: verification really ran.
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      `::error::container "web": Image ${ECR}/web@${DIGEST} is not in ECR repository "web"`,
    );
  });

  it('renders no AppSpec for an ECS-native service, says so once, and diffs and verifies the same', async () => {
    const result = await render({
      'task-definition': 'service:staging/web-native',
      image: `${ECR}/web@${DIGEST}`,
      'container-name': 'web',
      'container-port': '8080',
      verify: 'false',
    });
    expect(result.stdout).not.toContain('::error::');
    expect(result.code).toBe(0);
    expect(result.outputs.appspec).toBe('');
    expect(result.outputs.engine).toBe('native');
    const notices = result.stdout.split('\n').filter((l) => l.startsWith('::notice'));
    expect(notices.filter((l) => l.includes('AppSpec'))).toEqual([
      '::notice::No AppSpec: service "web-native" deploys with ECS-native BLUE_GREEN, which reads none; the appspec output is empty.',
    ]);
    expect(result.summary).toContain('No AppSpec: service "web-native" deploys with ECS-native');
    expect(result.outputs.changed).toBe('true');
    expect(result.stdout).toMatch(
      /::group::Diff against staging\/web-native \(arn:aws:ecs:[^)]+\)/,
    );
    expect(result.stdout).toContain(`+      "image": "${ECR}/web@${DIGEST}",`);
    expect(readdirSync(dirname(result.outputs['task-definition']!))).toEqual([
      'task-definition.json',
    ]);
    // verify runs the same checks against ECR whatever the engine.
    const verified = await render({
      'task-definition': 'service:staging/web-native',
      image: `${ECR}/web@${DIGEST}`,
    });
    expect(verified.code).toBe(1);
    expect(verified.stdout).toContain(
      `::error::container "web": Image ${ECR}/web@${DIGEST} is not in ECR repository "web"`,
    );
  });

  it('the CodeDeploy service still gets its AppSpec, and engine says codedeploy', async () => {
    const result = await render({
      'task-definition': 'service:staging/web',
      image: `${ECR}/web@${DIGEST}`,
      verify: 'false',
    });
    expect(result.code).toBe(0);
    expect(result.outputs.engine).toBe('codedeploy');
    expect(result.outputs.appspec).toMatch(/appspec\.yaml$/);
  });

  it('an AppSpec asked for on an ECS-native service fails with one line naming the fix', async () => {
    const result = await render({
      'task-definition': 'test/fixtures/taskdefs/described-web.json',
      cluster: 'staging',
      service: 'web-native',
      hooks: 'AfterAllowTestTraffic=check-green',
      verify: 'false',
    });
    expect(result.code).toBe(1);
    const errors = result.stdout.split('\n').filter((l) => l.startsWith('::error::'));
    expect(errors).toEqual([
      '::error::Input "hooks" asks for an AppSpec, but service "web-native" deploys with ECS-native BLUE_GREEN, which reads none (no CodeDeploy takes part); remove it, or move the service to the CODE_DEPLOY controller in infrastructure.',
    ]);
  });

  it.each([
    ['live:web:9', 'Task definition "web:9" cannot be described'],
    ['service:staging/api', 'Service "api" was not found in cluster "staging"'],
    ['service:nowhere/web', 'Cluster "nowhere" was not found.'],
  ])('%s fails with one actionable line', async (source, message) => {
    const result = await render({ 'task-definition': source, verify: 'false' });
    expect(result.code).toBe(1);
    const errors = result.stdout.split('\n').filter((l) => l.startsWith('::error::'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(message);
    expect(result.stdout + result.stderr).not.toMatch(/\n\s+at /);
  });
});
