/**
 * The Ready gate (test-url/test-checks/test-command) only works against a deployment group that
 * waits in Ready, and only from a runner that can reach the test listener. Which groups wait is
 * infra's choice (infra/lib/config.ts deployment.readyWait); gate-rules.test.ts keeps the two in step.
 */
import { condition, render } from './expressions.js';
import { type Workflow, type WorkflowJob, environmentName, ourAction } from './workflow-model.js';

/**
 * Whether each environment's deployments hold for the gate (infra's config readyWait): the
 * CodeDeploy group waits in Ready, or on the ECS engine the service has its PAUSE hook.
 */
export const READY_WAIT: Readonly<Record<string, boolean>> = { staging: false, production: true };

const GATE_INPUTS = ['test-url', 'test-checks', 'test-command'] as const;
/** The variable that names a runner inside the test listener's CIDRs (as deploy.yml uses it). */
const GATE_RUNNER = '<vars.PRODUCTION_RUNNER>';

/** Every combination of the dispatch inputs that take a fixed set of values (choice, boolean). */
function dispatchChoices(workflow: Workflow): Array<Record<string, string>> {
  const on = (workflow.doc.on ?? {}) as {
    workflow_dispatch?: { inputs?: Record<string, { type?: string; options?: string[] }> };
  };
  let combinations: Array<Record<string, string>> = [{}];
  for (const [name, input] of Object.entries(on.workflow_dispatch?.inputs ?? {})) {
    const values =
      input.type === 'boolean' ? ['true', 'false'] : input.type === 'choice' ? input.options : [];
    if (!values?.length) continue;
    combinations = combinations.flatMap((c) => values.map((v) => ({ ...c, [name]: v })));
  }
  return combinations;
}

/**
 * The environments a job can run in, each with dispatch inputs that select it and let the job
 * run. Caller-chosen ones (workflow_call) are the caller's to check.
 */
function environmentsOf(workflow: Workflow, job: WorkflowJob) {
  const name = environmentName(job);
  if (name === undefined) return [];
  return dispatchChoices(workflow)
    .filter((inputs) => condition(job.if, inputs))
    .map((inputs) => ({ name: render(name, inputs), inputs }));
}

/** In every environment a deploy can run in: gate inputs exactly where the group waits in Ready, and then a runner that reaches the test listener. */
export function gateOnlyWhereTheGroupWaits(
  workflow: Workflow,
  readyWait: Readonly<Record<string, boolean>> = READY_WAIT,
): string[] {
  const problems = new Set<string>();
  for (const [jobId, job] of Object.entries(workflow.doc.jobs ?? {})) {
    const deploys = (job.steps ?? []).filter(
      (step) =>
        ourAction(step.uses) === 'bluegreen-deploy' &&
        (step.with?.command ?? 'deploy') === 'deploy',
    );
    if (deploys.length === 0) continue;
    for (const environment of environmentsOf(workflow, job)) {
      const waits = readyWait[environment.name];
      if (waits === undefined) continue;
      const where = `${workflow.file} ${jobId} (environment ${environment.name})`;
      for (const step of deploys) {
        const gate = GATE_INPUTS.filter(
          (name) => render(step.with?.[name], environment.inputs).trim() !== '',
        );
        if (gate.length > 0 && !waits)
          problems.add(
            `${where}: bluegreen-deploy gets ${gate.join(', ')}, but ${environment.name}'s deployment group does not wait in Ready, so the deploy is refused before it starts; pass them only where the group waits`,
          );
        if (gate.length === 0 && waits)
          problems.add(`${where}: deploys without the test-listener gate (test-checks)`);
        const runner = render(job['runs-on'], environment.inputs);
        if (gate.length > 0 && waits && !runner.includes(GATE_RUNNER))
          problems.add(
            `${where}: runs the gate on "${runner}", which cannot reach the test listener; use \${{ vars.PRODUCTION_RUNNER || 'ubuntu-24.04' }} as deploy.yml does`,
          );
      }
    }
  }
  return [...problems];
}
