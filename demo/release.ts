/**
 * One release as the deploy workflow runs it: render-taskdef (from what the service runs now, new
 * image and environment) → bluegreen-deploy (canary config on CodeDeploy, optional test-listener
 * gate) →
 * notify-slack (`status: auto` with the job's result and `rolled-back`, as the workflow's
 * `if: always()` step). With containers, build-push runs first, once: every release then deploys
 * that one digest-pinned image. Each step is the real bundled action.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DemoEngine } from './seed.js';
import { runStep, type StepResult } from './step.js';

export interface ReleaseSpec {
  version: string;
  color: string;
  broken: boolean;
  /** Test listener base URL: the Ready gate checks /version there. Absent: no gate. */
  gateUrl?: string;
  /** bluegreen-deploy's migration-command: a one-off task of the new revision before any traffic. */
  migration?: string;
}

export interface ReleaseContext {
  awsEnv: Record<string, string>;
  /**
   * The service's engine. CodeDeploy takes the AppSpec and the canary config from the release;
   * on ECS both are the service's own (strategy CANARY, the PAUSE hook the gate holds on).
   */
  engine?: DemoEngine;
  /**
   * The image build-push pushed, pinned by digest: render-taskdef verifies it in ECR. Absent, the
   * tasks run app/ from source and the image is only a name (`web:<version>`), not verified.
   */
  image?: string;
  webhookUrl: string;
  onLine: (action: string, line: string) => void;
  onPid: (pid: number) => void;
}

export interface ReleaseResult {
  render: StepResult;
  deploy?: StepResult;
  notify?: StepResult;
}

const RUNNER = {
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_REPOSITORY: 'org/web',
  GITHUB_RUN_ID: '4242',
  GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
  GITHUB_ACTOR: 'octocat',
  GITHUB_REF: 'refs/heads/main',
  GITHUB_REF_NAME: 'main',
  GITHUB_WORKFLOW: 'deploy',
};

/** The tag build-push gives this commit's image (`sha-<7>`): v1's task definition names it. */
export const COMMIT_TAG = `sha-${RUNNER.GITHUB_SHA.slice(0, 7)}`;

type Step = (
  action: string,
  inputs: Record<string, string>,
  postState?: Record<string, string>,
) => Promise<StepResult>;

function steps(ctx: ReleaseContext, extraEnv: Record<string, string> = {}): Step {
  const env = { ...RUNNER, ...ctx.awsEnv, ...extraEnv };
  return (action, inputs, postState) =>
    runStep({
      action,
      inputs,
      env,
      onLine: (line) => ctx.onLine(action, line),
      onPid: ctx.onPid,
      ...(postState ? { postState } : {}),
    });
}

export interface BuildSpec {
  /** Build context: Dockerfile, .dockerignore and the app's dist/. */
  context: string;
  baseImage: string;
  /** DOCKER_CONFIG of the job: where `docker login` keeps the ECR token. */
  dockerConfig: string;
}

export interface BuildResult {
  build: StepResult;
  /** The post step (docker logout), run once the job is over. */
  post?: StepResult;
}

/** build-push into the emulated ECR repository `web`, then its post step, as at job end. */
export async function buildImage(spec: BuildSpec, ctx: ReleaseContext): Promise<BuildResult> {
  const step = steps(ctx, { DOCKER_CONFIG: spec.dockerConfig });
  const build = await step('build-push', {
    repository: 'web',
    context: spec.context,
    'build-args': [
      `BASE_IMAGE=${spec.baseImage}`,
      `APP_COMMIT=${RUNNER.GITHUB_SHA}`,
      `APP_BUILD_TIME=${new Date().toISOString()}`,
    ].join('\n'),
    // The classic builder (no buildx here) exports no cache.
    cache: 'none',
  });
  if (build.code !== 0) return { build };
  return { build, post: await step('build-push', {}, build.state) };
}

export async function release(spec: ReleaseSpec, ctx: ReleaseContext): Promise<ReleaseResult> {
  const step = steps(ctx);

  const render = await step('render-taskdef', {
    'task-definition': 'service:production/web',
    image: ctx.image ?? `123456789012.dkr.ecr.us-east-1.amazonaws.com/web:${spec.version}`,
    environment: [
      `APP_VERSION=${spec.version}`,
      `APP_COLOR=${spec.color}`,
      `APP_BROKEN=${spec.broken}`,
    ].join('\n'),
    // Without a built image the tasks run app/ from source and ECR holds nothing to verify; with
    // one, its existence and platform (against runtimePlatform) are checked before deploying.
    verify: ctx.image ? 'true' : 'false',
    // Where a user reads the tasks' output (and bluegreen-deploy a failed migration's last lines).
    'log-configuration': [
      'driver=awslogs',
      'awslogs-group=/ecs/production/web',
      'awslogs-region=us-east-1',
      'awslogs-stream-prefix=web',
    ].join('\n'),
    // The routed container must ship a digest; without a built image there is none to pin (the
    // tasks run app/ from source), so only then is the version tag allowed, and said so.
    'allow-mutable-tags': ctx.image ? 'false' : 'true',
    'output-dir': mkdtempSync(join(tmpdir(), 'demo-render-')),
    cluster: 'production',
    service: 'web',
  });
  if (render.code !== 0) return { render };

  const deploy = await step('bluegreen-deploy', {
    cluster: 'production',
    service: 'web',
    'task-definition': render.outputs['task-definition'] ?? '',
    ...(ctx.engine === 'ecs'
      ? {}
      : {
          appspec: render.outputs.appspec ?? '',
          'deployment-config': 'CodeDeployDefault.ECSCanary10Percent5Minutes',
        }),
    description: `Release ${spec.version}`,
    ...(spec.migration ? { 'migration-command': spec.migration } : {}),
    'wait-until': 'complete',
    timeout: '10m',
    ...(spec.gateUrl
      ? {
          'test-url': spec.gateUrl,
          'test-checks': `GET /healthz 200\nGET /version 200 contains=${spec.version}`,
          'test-window': '3s',
        }
      : {}),
  });

  const notify = await step('notify-slack', {
    'webhook-url': ctx.webhookUrl,
    status: 'auto',
    'job-status': deploy.code === 0 ? 'success' : 'failure',
    'rolled-back': deploy.outputs['rolled-back'] === 'true' ? 'true' : 'false',
    environment: 'production',
    title: `web ${spec.version} to production`,
    'task-definition-arn': deploy.outputs['task-definition-arn'] ?? '',
    'deployment-id': deploy.outputs['deployment-id'] ?? '',
    'console-url': deploy.outputs['console-url'] ?? '',
    traffic: deploy.code === 0 ? '100' : '0',
  });
  return { render, deploy, notify };
}
