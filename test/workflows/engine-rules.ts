/**
 * The workflows deploy with either engine and no input that says which: render-taskdef reads the
 * service and names its engine (`engine` output), and every CodeDeploy-only input of
 * bluegreen-deploy follows it. On an ECS-native service bluegreen-deploy refuses those inputs
 * before anything changes, so a workflow that sent one would fail on every native deployment.
 */
import { render } from './expressions.js';
import { type Workflow, type WorkflowStep, ourAction } from './workflow-model.js';

const ENGINE = 'steps.render.outputs.engine';
export const CODEDEPLOY = { [ENGINE]: 'codedeploy' } as const;
export const NATIVE = { [ENGINE]: 'native' } as const;

/** Inputs bluegreen-deploy refuses on an ECS service (lib/deploy/engine-inputs.ts). */
const CODEDEPLOY_ONLY = [
  'codedeploy-application',
  'codedeploy-deployment-group',
  'deployment-config',
  'container-name',
  'container-port',
] as const;

/** Every value of a dispatch choice, so each environment's rendering is checked. */
function dispatchValues(workflow: Workflow): Record<string, string>[] {
  const on = (workflow.doc.on ?? {}) as {
    workflow_dispatch?: { inputs?: Record<string, { options?: string[] }> };
  };
  const environments = on.workflow_dispatch?.inputs?.environment?.options ?? [];
  return environments.length ? environments.map((environment) => ({ environment })) : [{}];
}

/**
 * In every job that renders with render-taskdef (id `render`, reading a service) and deploys:
 * for an ECS-native service no CodeDeploy-only input is set (a caller's own `inputs.*` value of a
 * reusable workflow is the caller's choice), and the AppSpec is render-taskdef's, which it leaves
 * empty there; for a CodeDeploy service the AppSpec is passed on.
 */
export function deploysWithEitherEngine(workflow: Workflow): string[] {
  const problems: string[] = [];
  for (const [jobId, job] of Object.entries(workflow.doc.jobs ?? {})) {
    const all = job.steps ?? [];
    const renders = all.find((s) => ourAction(s.uses) === 'render-taskdef');
    const deploys = all.filter(
      (s) => ourAction(s.uses) === 'bluegreen-deploy' && (s.with?.command ?? 'deploy') === 'deploy',
    );
    if (!deploys.length) continue;
    if (renders?.id !== 'render' || !renders.with?.service) {
      problems.push(
        `${workflow.file} ${jobId}: deploys without a render-taskdef step "render" that reads the service (cluster, service), so nothing tells the engine`,
      );
      continue;
    }
    for (const step of deploys) problems.push(...stepProblems(workflow, jobId, step));
  }
  return problems;
}

function stepProblems(workflow: Workflow, jobId: string, step: WorkflowStep): string[] {
  const problems: string[] = [];
  const where = `${workflow.file} ${jobId}`;
  for (const dispatch of dispatchValues(workflow)) {
    const native = (name: string) => render(step.with?.[name], { ...dispatch, ...NATIVE });
    for (const name of CODEDEPLOY_ONLY) {
      const value = native(name);
      if (value !== '' && !/^<inputs\./.test(value))
        problems.push(
          `${where}: on an ECS-native service bluegreen-deploy gets ${name} "${value}", which it refuses; set it only when ${ENGINE} == 'codedeploy'`,
        );
    }
    if (
      render(step.with?.appspec, { ...dispatch, ...CODEDEPLOY }) !==
      `<steps.render.outputs.appspec>`
    )
      problems.push(`${where}: appspec must be render-taskdef's (steps.render.outputs.appspec)`);
  }
  return [...new Set(problems)];
}
