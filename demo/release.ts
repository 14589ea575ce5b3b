/**
 * One release as the deploy workflow runs it: render-taskdef (from what the service runs now, new
 * image and environment) → bluegreen-deploy (canary config, optional test-listener gate) →
 * notify-slack (`status: auto` with the job's result and `rolled-back`, as the workflow's
 * `if: always()` step). Each step is the real bundled action.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runStep, type StepResult } from './step.js';

export interface ReleaseSpec {
  version: string;
  color: string;
  broken: boolean;
  /** Test listener base URL: the Ready gate checks /version there. Absent: no gate. */
  gateUrl?: string;
}

export interface ReleaseContext {
  awsEnv: Record<string, string>;
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
  GITHUB_REF_NAME: 'main',
  GITHUB_WORKFLOW: 'deploy',
};

export async function release(spec: ReleaseSpec, ctx: ReleaseContext): Promise<ReleaseResult> {
  const env = { ...RUNNER, ...ctx.awsEnv };
  const step = (action: string, inputs: Record<string, string>) =>
    runStep({
      action,
      inputs,
      env,
      onLine: (line) => ctx.onLine(action, line),
      onPid: ctx.onPid,
    });

  const render = await step('render-taskdef', {
    'task-definition': 'service:production/web',
    image: `123456789012.dkr.ecr.us-east-1.amazonaws.com/web:${spec.version}`,
    environment: [
      `APP_VERSION=${spec.version}`,
      `APP_COLOR=${spec.color}`,
      `APP_BROKEN=${spec.broken}`,
    ].join('\n'),
    // No image was built: the emulator's tasks run app/ from source, so ECR holds nothing to verify.
    verify: 'false',
    'output-dir': mkdtempSync(join(tmpdir(), 'demo-render-')),
    cluster: 'production',
    service: 'web',
  });
  if (render.code !== 0) return { render };

  const deploy = await step('bluegreen-deploy', {
    cluster: 'production',
    service: 'web',
    'task-definition': render.outputs['task-definition'] ?? '',
    appspec: render.outputs.appspec ?? '',
    'deployment-config': 'CodeDeployDefault.ECSCanary10Percent5Minutes',
    description: `Release ${spec.version}`,
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
