/**
 * The checks every workflow (and every workflow snippet in docs/) must pass. Each rule returns
 * one line per problem, naming the file and job, so a failing test says what to fix.
 */
import {
  type ActionSpec,
  type Workflow,
  type WorkflowJob,
  type WorkflowStep,
  environmentName,
  isThirdParty,
  jobPermissions,
  ourAction,
  ourReference,
  resolvesInRepository,
  stepOutputReferences,
  usesAction,
  workflowCall,
} from './workflow-model.js';
import { gateOnlyWhereTheGroupWaits } from './gate-rules.js';
import { ATTEST_ACTIONS, credentialJobsSkipInstallScripts } from './safety-rules.js';

export interface RuleContext {
  actions: Map<string, ActionSpec>;
  /** This repository's workflows by path (`.github/workflows/x.yml`), for reusable-workflow calls. */
  workflows: Map<string, Workflow>;
  /** Repository root that `./path` and `org/actions/path@ref` resolve against. */
  root: string;
}

export type Rule = (workflow: Workflow, context: RuleContext) => string[];

const CONFIGURE_AWS = 'aws-actions/configure-aws-credentials';
/** Our actions that always call AWS. render-taskdef does when it reads live state or verifies. */
const AWS_ACTIONS = new Set(['build-push', 'bluegreen-deploy']);

function jobs(workflow: Workflow): [string, WorkflowJob][] {
  return Object.entries(workflow.doc.jobs ?? {});
}

function at(workflow: Workflow, jobId?: string): string {
  return jobId ? `${workflow.file} ${jobId}` : workflow.file;
}

function callsAws(step: WorkflowStep): boolean {
  const name = ourAction(step.uses);
  if (!name) return false;
  if (AWS_ACTIONS.has(name)) return true;
  if (name !== 'render-taskdef') return false;
  const source = String(step.with?.['task-definition'] ?? '');
  return /^(service|live):/.test(source) || String(step.with?.verify) === 'true';
}

/** The deploy command of bluegreen-deploy (the default), not promote/rollback/status. */
function deploysWith(step: WorkflowStep): boolean {
  return (
    ourAction(step.uses) === 'bluegreen-deploy' && (step.with?.command ?? 'deploy') === 'deploy'
  );
}

export const topLevelPermissions: Rule = (workflow) =>
  JSON.stringify(workflow.doc.permissions) === JSON.stringify({ contents: 'read' })
    ? []
    : [`${at(workflow)}: top-level permissions must be exactly { contents: read }`];

export const pinnedThirdPartyActions: Rule = (workflow) => {
  const problems: string[] = [];
  for (const line of workflow.text.split('\n')) {
    const m = /^\s*(?:-\s+)?uses:\s*(\S+)(.*)$/.exec(line);
    if (!m || !isThirdParty(m[1]!)) continue;
    if (!/^[\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+)*$/.test(`${m[1]}${m[2]}`.trim()))
      problems.push(
        `${at(workflow)}: "${line.trim()}" must be pinned by full commit SHA with a # vX.Y.Z comment`,
      );
  }
  return problems;
};

/** `./path` and `org/actions/path@vN` must name something that exists here, at a major tag. */
export const ourReferencesResolve: Rule = (workflow, { root }) => {
  const problems: string[] = [];
  for (const [jobId, job] of jobs(workflow)) {
    for (const uses of [job.uses, ...(job.steps ?? []).map((s) => s.uses)]) {
      const ref = ourReference(uses);
      if (!ref) continue;
      if (!resolvesInRepository(ref.path, root))
        problems.push(
          `${at(workflow, jobId)}: "${uses}" names ${ref.path}, which has no action.yml here and is no workflow of this repository`,
        );
      if (ref.ref !== undefined && !/^v\d+$/.test(ref.ref))
        problems.push(
          `${at(workflow, jobId)}: "${uses}" should use the major tag release.yml moves (@v1)`,
        );
    }
  }
  return problems;
};

export const actionInputsAndOutputs: Rule = (workflow, { actions }) => {
  const problems: string[] = [];
  for (const [jobId, job] of jobs(workflow)) {
    const idToAction = new Map<string, string>();
    for (const step of job.steps ?? []) {
      const name = ourAction(step.uses);
      if (!name) continue;
      const spec = actions.get(name);
      if (!spec) {
        problems.push(`${at(workflow, jobId)}: unknown action ${step.uses}`);
        continue;
      }
      if (step.id) idToAction.set(step.id, name);
      const given = Object.keys(step.with ?? {});
      for (const key of given.filter((k) => !(k in spec.inputs)))
        problems.push(`${at(workflow, jobId)}: ${name} has no input "${key}"`);
      for (const [key, input] of Object.entries(spec.inputs))
        if (input.required === true && input.default === undefined && !given.includes(key))
          problems.push(`${at(workflow, jobId)}: ${name} needs input "${key}"`);
    }
    for (const ref of stepOutputReferences(job)) {
      const name = idToAction.get(ref.id);
      if (name && !(ref.output in actions.get(name)!.outputs))
        problems.push(
          `${at(workflow, jobId)}: steps.${ref.id}.outputs.${ref.output}: ${name} has no output "${ref.output}"`,
        );
    }
  }
  return problems;
};

/** Jobs that call one of this repository's reusable workflows pass only what it declares. */
export const reusableWorkflowCalls: Rule = (workflow, { workflows }) => {
  const problems: string[] = [];
  for (const [jobId, job] of jobs(workflow)) {
    const ref = ourReference(job.uses);
    if (!ref) continue;
    const called = workflows.get(ref.path);
    const call = called && workflowCall(called);
    if (!call) {
      problems.push(`${at(workflow, jobId)}: ${job.uses} is not a workflow_call workflow here`);
      continue;
    }
    const inputs = call.inputs ?? {};
    const given = Object.keys(job.with ?? {});
    for (const key of given.filter((k) => !(k in inputs)))
      problems.push(`${at(workflow, jobId)}: ${ref.path} has no input "${key}"`);
    for (const [key, input] of Object.entries(inputs))
      if (input.required === true && input.default === undefined && !given.includes(key))
        problems.push(`${at(workflow, jobId)}: ${ref.path} needs input "${key}"`);
    if (job.secrets !== undefined && job.secrets !== 'inherit') {
      for (const key of Object.keys(job.secrets).filter((k) => !(k in (call.secrets ?? {}))))
        problems.push(`${at(workflow, jobId)}: ${ref.path} has no secret "${key}"`);
    }
    for (const [key, secret] of Object.entries(call.secrets ?? {}))
      if (secret.required === true && job.secrets !== 'inherit' && !(key in (job.secrets ?? {})))
        problems.push(`${at(workflow, jobId)}: ${ref.path} needs secret "${key}"`);
  }
  return problems;
};

/** A reusable workflow's outputs read job outputs that exist. */
export const workflowCallOutputsWired: Rule = (workflow) => {
  const problems: string[] = [];
  for (const [name, output] of Object.entries(workflowCall(workflow)?.outputs ?? {})) {
    const m = /^\$\{\{\s*jobs\.([\w-]+)\.outputs\.([\w-]+)\s*\}\}$/.exec(output.value ?? '');
    if (!m) {
      problems.push(`${at(workflow)}: output "${name}" must be \${{ jobs.<job>.outputs.<name> }}`);
      continue;
    }
    const job = workflow.doc.jobs[m[1]!];
    if (!job?.outputs || !(m[2]! in job.outputs))
      problems.push(
        `${at(workflow)}: output "${name}" reads jobs.${m[1]}.outputs.${m[2]}, which is not declared`,
      );
  }
  return problems;
};

/** One deployment per environment at a time, and nothing may cancel one in flight. */
export const deploymentConcurrency: Rule = (workflow) => {
  const problems: string[] = [];
  const deployingJobs = jobs(workflow).filter(([, job]) =>
    (job.steps ?? []).some((s) => ourAction(s.uses) === 'bluegreen-deploy'),
  );
  const top = workflow.doc.concurrency;
  if (
    deployingJobs.length &&
    typeof top === 'object' &&
    String(top['cancel-in-progress']) !== 'false' &&
    top['cancel-in-progress'] !== undefined
  )
    problems.push(
      `${at(workflow)}: workflow concurrency cancels in progress, which would cancel a deployment`,
    );
  for (const [jobId, job] of deployingJobs) {
    const concurrency =
      typeof job.concurrency === 'string' ? { group: job.concurrency } : job.concurrency;
    if (!concurrency?.group) {
      problems.push(`${at(workflow, jobId)}: deploys, so it needs a concurrency group`);
      continue;
    }
    if (
      concurrency['cancel-in-progress'] !== undefined &&
      String(concurrency['cancel-in-progress']) !== 'false'
    )
      problems.push(`${at(workflow, jobId)}: concurrency must not cancel a deployment in progress`);
    const environment = environmentName(job);
    if (!environment) problems.push(`${at(workflow, jobId)}: deploys, so it needs an environment`);
    else if ((job.steps ?? []).some(deploysWith) && concurrency.group !== `deploy-${environment}`)
      problems.push(
        `${at(workflow, jobId)}: concurrency group is "${concurrency.group}"; deployments to one environment share "deploy-${environment}" across workflows`,
      );
  }
  return problems;
};

/**
 * Least privilege: `id-token: write` exactly on jobs that assume an AWS role, those jobs run in a
 * GitHub environment (the deploy role trusts repo:<owner>/<repo>:environment:<env> only), and
 * every step that calls AWS comes after the credentials.
 */
export const oidcOnlyWhereNeeded: Rule = (workflow) => {
  const problems: string[] = [];
  for (const [jobId, job] of jobs(workflow)) {
    const steps = job.steps ?? [];
    const credentials = steps.findIndex((s) => usesAction(s, CONFIGURE_AWS));
    const idToken = jobPermissions(job)?.['id-token'] ?? jobPermissions(job)?.['*'];
    const assumesRole = credentials >= 0 || (job.uses !== undefined && idToken === 'write');
    if (idToken === 'write' && !assumesRole)
      problems.push(`${at(workflow, jobId)}: has id-token: write but assumes no AWS role`);
    if (credentials >= 0 && idToken !== 'write')
      problems.push(
        `${at(workflow, jobId)}: assumes an AWS role through OIDC, so it needs id-token: write`,
      );
    if (credentials >= 0 && !environmentName(job))
      problems.push(
        `${at(workflow, jobId)}: assumes an AWS role, so it needs environment: (the role trusts environment:<name> subjects only)`,
      );
    steps.forEach((step, index) => {
      if (callsAws(step) && (credentials < 0 || credentials > index))
        problems.push(
          `${at(workflow, jobId)}: ${step.uses} calls AWS before (or without) ${CONFIGURE_AWS}`,
        );
    });
  }
  return problems;
};

/**
 * Write scopes only where something writes: contents: write only on jobs that git push,
 * attestations: write only on jobs that attest.
 */
export const writeScopesOnlyWhereUsed: Rule = (workflow) => {
  const problems: string[] = [];
  for (const [jobId, job] of jobs(workflow)) {
    const permissions = jobPermissions(job) ?? {};
    for (const [scope, level] of Object.entries(permissions)) {
      if (level !== 'write' || scope === 'id-token') continue;
      const pushes = (job.steps ?? []).some((s) => /\bgit push\b/.test(s.run ?? ''));
      const attests = (job.steps ?? []).some((s) => ATTEST_ACTIONS.some((a) => usesAction(s, a)));
      if (scope === 'attestations' && attests) continue;
      if (scope !== 'contents' || !pushes)
        problems.push(`${at(workflow, jobId)}: ${scope}: write is not used by any step`);
    }
    const checksOut = (job.steps ?? []).some((s) => usesAction(s, 'actions/checkout'));
    if (job.permissions !== undefined && checksOut && !permissions.contents && !permissions['*'])
      problems.push(
        `${at(workflow, jobId)}: checks out but its permissions leave out contents: read`,
      );
  }
  return problems;
};

export const GENERIC_RULES: Record<string, Rule> = {
  topLevelPermissions,
  pinnedThirdPartyActions,
  ourReferencesResolve,
  actionInputsAndOutputs,
  reusableWorkflowCalls,
  workflowCallOutputsWired,
  deploymentConcurrency,
  oidcOnlyWhereNeeded,
  writeScopesOnlyWhereUsed,
  gateOnlyWhereTheGroupWaits: (workflow) => gateOnlyWhereTheGroupWaits(workflow),
  credentialJobsSkipInstallScripts: (workflow) => credentialJobsSkipInstallScripts(workflow),
};
