/**
 * deploy.yml's staging job, step by step as the runner renders it, against both engines on the
 * emulator: render-taskdef then bluegreen-deploy with the `with:` values of the workflow file,
 * each `${{ }}` evaluated by GitHub's own expression implementation. The same job, with the same
 * variables set (CODEDEPLOY_* included, as an environment keeps them after its move to ECS-native),
 * deploys the CODE_DEPLOY service and the ECS-native one; only the service differs.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { render } from '../workflows/expressions.js';
import { parseWorkflow, type WorkflowStep } from '../workflows/workflow-model.js';
import { runAction } from '../support/run-action.js';
import { Account, NEW_IMAGE } from './bluegreen-deploy-support.js';

const workflow = parseWorkflow('deploy.yml', readFileSync('.github/workflows/deploy.yml', 'utf8'));
const stepOf = (id: string): WorkflowStep => {
  const step = workflow.doc.jobs.staging!.steps!.find((s) => s.id === id);
  if (!step) throw new Error(`deploy.yml staging has no step ${id}`);
  return step;
};

/** The `with:` of a step as the runner passes it, every expression evaluated with `values`. */
const withOf = (step: WorkflowStep, values: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(step.with ?? {}).map(([name, text]) => [name, render(text, values)]),
  );

let account: Account | undefined;
afterEach(async () => {
  await account?.stop();
  account = undefined;
});

/** Runs the staging job's render and deploy steps against `service` in cluster staging. */
async function stagingJob(service: string) {
  account = await Account.start(600);
  const env = account.emulator.env();
  const values: Record<string, string> = {
    'vars.ECS_CLUSTER': 'staging',
    'vars.ECS_SERVICE': service,
    'vars.CONTAINER_NAME': 'web',
    'vars.CONTAINER_PORT': '8080',
    'vars.CODEDEPLOY_APPLICATION': 'AppECS-staging-web',
    'vars.CODEDEPLOY_DEPLOYMENT_GROUP': 'DgpECS-staging-web',
    'needs.build.outputs.image': NEW_IMAGE,
    'needs.build.outputs.color': 'green',
    'github.event.workflow_run.head_sha': 'a'.repeat(40),
  };
  const rendered = await runAction('render-taskdef', {
    inputs: {
      ...withOf(stepOf('render'), values),
      verify: 'false',
      'output-dir': mkdtempSync(join(tmpdir(), 'workflow-engines-')),
    },
    env,
  });
  expect(rendered.stdout).not.toContain('::error');
  expect(rendered.code).toBe(0);
  for (const [name, value] of Object.entries(rendered.outputs))
    values[`steps.render.outputs.${name}`] = value;
  const deployInputs = withOf(stepOf('deploy'), values);
  // The workflow's migration runs `node migrate.mjs` as a one-off task, which only the data plane
  // can run (test/e2e/bluegreen-deploy-migration.test.ts does); here every other input as written.
  expect(deployInputs['migration-command']).toBe('node migrate.mjs');
  const { 'migration-command': _migration, ...withoutMigration } = deployInputs;
  const deployed = await account.run(withoutMigration);
  return { rendered, deployInputs, deployed, calls: await account.calls() };
}

describe("deploy.yml's staging job on either engine", () => {
  it('CODE_DEPLOY service: the AppSpec and the group go to a CodeDeploy deployment, all at once', async () => {
    const { rendered, deployInputs, deployed, calls } = await stagingJob('web');
    expect(rendered.outputs.engine).toBe('codedeploy');
    expect(deployInputs).toMatchObject({
      'codedeploy-application': 'AppECS-staging-web',
      'deployment-config': 'CodeDeployDefault.ECSAllAtOnce',
      appspec: rendered.outputs.appspec,
    });
    expect(deployed.stdout).not.toContain('::error');
    expect(deployed.code).toBe(0);
    expect(deployed.outputs['deployment-id']).toMatch(/^d-[A-Z0-9]{9}$/);
    expect(calls.byOperation['codedeploy.CreateDeployment']).toBe(1);
  });

  it('ECS-native service: no AppSpec, no CodeDeploy input although the variables are set; UpdateService deploys', async () => {
    const { rendered, deployInputs, deployed, calls } = await stagingJob('web-native');
    expect(rendered.outputs.engine).toBe('native');
    expect(rendered.outputs.appspec).toBe('');
    expect(deployInputs).toMatchObject({
      'codedeploy-application': '',
      'codedeploy-deployment-group': '',
      'deployment-config': '',
      appspec: '',
    });
    expect(deployed.stdout).not.toContain('::error');
    expect(deployed.code).toBe(0);
    expect(deployed.outputs['deployment-id']).toMatch(/:service-deployment\/staging\/web-native\//);
    expect(['in-progress', 'succeeded']).toContain(deployed.outputs.outcome);
    expect(calls.byOperation['ecs.UpdateService']).toBe(1);
    expect(calls.byOperation['codedeploy.CreateDeployment']).toBeUndefined();
  });
});
