import type { RuleContext } from './workflow-rules.js';
import { WORKFLOW_DIR, loadActions, loadWorkflows } from './workflow-model.js';

/** The repository's workflows, and the context every rule reads them in (one per test file). */
export function repositoryWorkflows() {
  const workflows = loadWorkflows();
  const context: RuleContext = {
    actions: loadActions(),
    workflows: new Map(workflows.map((w) => [`${WORKFLOW_DIR}/${w.file}`, w])),
    root: '.',
  };
  return { workflows, context };
}
