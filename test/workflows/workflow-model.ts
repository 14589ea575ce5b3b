import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export interface ActionSpec {
  name: string;
  inputs: Record<string, { required?: boolean; default?: unknown }>;
  outputs: Record<string, unknown>;
}

export interface WorkflowStep {
  id?: string;
  name?: string;
  if?: string;
  uses?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
  run?: string;
}

export interface WorkflowJob {
  if?: string;
  'runs-on'?: string | string[];
  uses?: string;
  with?: Record<string, unknown>;
  secrets?: Record<string, unknown> | 'inherit';
  needs?: string | string[];
  steps?: WorkflowStep[];
  permissions?: Record<string, string> | string;
  concurrency?: string | { group?: string; 'cancel-in-progress'?: boolean | string };
  environment?: string | { name?: string; url?: string };
  outputs?: Record<string, string>;
}

export interface WorkflowCall {
  inputs?: Record<string, { required?: boolean; default?: unknown; type?: string }>;
  secrets?: Record<string, { required?: boolean }>;
  outputs?: Record<string, { value?: string }>;
}

export interface Workflow {
  file: string;
  text: string;
  doc: {
    on?: unknown;
    permissions?: Record<string, string> | string;
    concurrency?: WorkflowJob['concurrency'];
    jobs: Record<string, WorkflowJob>;
  };
}

export const WORKFLOW_DIR = '.github/workflows';
/** How other repositories name this one in `uses:`. */
export const THIS_REPOSITORY = 'org/actions';

export function parseWorkflow(file: string, text: string): Workflow {
  return { file, text, doc: parse(text) };
}

export function loadWorkflows(dir = WORKFLOW_DIR): Workflow[] {
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => parseWorkflow(f, readFileSync(join(dir, f), 'utf8')));
}

export function loadActions(dir = 'actions'): Map<string, ActionSpec> {
  const actions = new Map<string, ActionSpec>();
  for (const name of readdirSync(dir)) {
    let text: string;
    try {
      text = readFileSync(join(dir, name, 'action.yml'), 'utf8');
    } catch {
      continue;
    }
    const doc = parse(text);
    actions.set(name, { name, inputs: doc.inputs ?? {}, outputs: doc.outputs ?? {} });
  }
  return actions;
}

/**
 * A `uses:` that points into this repository: `./<path>` (this checkout) or
 * `org/actions/<path>@<ref>` (how other repositories call it). Undefined for third-party ones.
 */
export function ourReference(uses: string | undefined): { path: string; ref?: string } | undefined {
  if (!uses) return undefined;
  const local = /^\.\/(.+?)\/?$/.exec(uses);
  if (local) return { path: local[1]! };
  const remote = new RegExp(`^${THIS_REPOSITORY}/(.+)@(.+)$`).exec(uses);
  return remote ? { path: remote[1]!, ref: remote[2]! } : undefined;
}

/**
 * The name of our action a step's `uses:` refers to: its source folder (`./actions/x`,
 * `org/actions/actions/x@v1`) or its published root copy (`./x`, `org/actions/x@v1`).
 */
export function ourAction(uses: string | undefined): string | undefined {
  return /^(?:actions\/)?([a-z-]+)$/.exec(ourReference(uses)?.path ?? '')?.[1];
}

/** Whether `uses:` of a job or step resolves to a file of this repository (from its root). */
export function resolvesInRepository(path: string, root = '.'): boolean {
  if (/^\.github\/workflows\/[^/]+\.ya?ml$/.test(path)) return existsSync(join(root, path));
  return existsSync(join(root, path, 'action.yml')) || existsSync(join(root, path, 'action.yaml'));
}

/** Every `steps.<id>.outputs.<name>` referenced in a job's text. */
export function stepOutputReferences(job: WorkflowJob): { id: string; output: string }[] {
  const text = JSON.stringify(job);
  return [...text.matchAll(/steps\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)/g)].map((m) => ({
    id: m[1]!,
    output: m[2]!,
  }));
}

export function needsOf(job: WorkflowJob): string[] {
  if (job.needs === undefined) return [];
  return typeof job.needs === 'string' ? [job.needs] : job.needs;
}

/** Every job that must finish before `jobId` starts (needs, transitively). */
export function jobsBefore(workflow: Workflow, jobId: string): Set<string> {
  const seen = new Set<string>();
  const visit = (id: string) => {
    for (const need of needsOf(workflow.doc.jobs[id] ?? {})) {
      if (seen.has(need)) continue;
      seen.add(need);
      visit(need);
    }
  };
  visit(jobId);
  return seen;
}

export function environmentName(job: WorkflowJob): string | undefined {
  return typeof job.environment === 'string' ? job.environment : job.environment?.name;
}

/** Job-level permissions as a map (`read-all`/`write-all` strings are kept under `*`). */
export function jobPermissions(job: WorkflowJob): Record<string, string> | undefined {
  if (job.permissions === undefined) return undefined;
  return typeof job.permissions === 'string' ? { '*': job.permissions } : job.permissions;
}

export function workflowCall(workflow: Workflow): WorkflowCall | undefined {
  const on = workflow.doc.on;
  if (typeof on !== 'object' || on === null || !('workflow_call' in on)) return undefined;
  return ((on as Record<string, unknown>).workflow_call ?? {}) as WorkflowCall;
}

export function isThirdParty(uses: string): boolean {
  return ourReference(uses) === undefined && !uses.startsWith('docker://');
}

/** Steps that use a given third-party action (`aws-actions/configure-aws-credentials`). */
export function usesAction(step: WorkflowStep, action: string): boolean {
  return step.uses?.split('@')[0] === action;
}
