import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export interface ActionSpec {
  name: string;
  inputs: Record<string, { required?: boolean; default?: unknown }>;
  outputs: Record<string, unknown>;
}

export interface WorkflowStep {
  id?: string;
  uses?: string;
  with?: Record<string, unknown>;
  run?: string;
}

export interface WorkflowJob {
  uses?: string;
  with?: Record<string, unknown>;
  steps?: WorkflowStep[];
  permissions?: unknown;
  concurrency?: unknown;
  environment?: unknown;
}

export interface Workflow {
  file: string;
  text: string;
  doc: {
    on?: unknown;
    permissions?: Record<string, string> | string;
    jobs: Record<string, WorkflowJob>;
  };
}

export const WORKFLOW_DIR = '.github/workflows';

export function loadWorkflows(dir = WORKFLOW_DIR): Workflow[] {
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => {
      const text = readFileSync(join(dir, f), 'utf8');
      return { file: f, text, doc: parse(text) };
    });
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

/** The name of our action a `uses:` refers to (`./actions/x` or `org/actions/x@ref`), if any. */
export function ourAction(uses: string | undefined): string | undefined {
  if (!uses) return undefined;
  return /^(?:\.\/actions\/|org\/actions\/)([a-z-]+)(?:@.*)?$/.exec(uses)?.[1];
}

/** Every `steps.<id>.outputs.<name>` referenced in a job's text. */
export function stepOutputReferences(job: WorkflowJob): { id: string; output: string }[] {
  const text = JSON.stringify(job);
  return [...text.matchAll(/steps\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)/g)].map((m) => ({
    id: m[1]!,
    output: m[2]!,
  }));
}
