// docs/ stays true: its YAML passes the workflow checks, the guide names every workflow, its
// tables list exactly the variables and secrets the workflows read, and each CDK output, npm
// script and repository path it mentions exists.
import { readFileSync, readdirSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import {
  type Scripts,
  cdkOutputProblems,
  missingPathProblems,
  npmScriptProblems,
  unnamedWorkflows,
  variableTableProblems,
} from './docs-model.js';
import {
  actionInputsAndOutputs,
  ourReferencesResolve,
  pinnedThirdPartyActions,
  reusableWorkflowCalls,
} from './workflow-rules.js';
import { parseWorkflow } from './workflow-model.js';
import { repositoryWorkflows } from './fixtures.js';

const { workflows, context } = repositoryWorkflows();
const scripts: Scripts = {
  root: JSON.parse(readFileSync('package.json', 'utf8')).scripts ?? {},
  app: JSON.parse(readFileSync('app/package.json', 'utf8')).scripts ?? {},
  infra: JSON.parse(readFileSync('infra/package.json', 'utf8')).scripts ?? {},
};
const infraSource = ['infra/lib/service-stack.ts', 'infra/lib/registry-stack.ts']
  .map((f) => readFileSync(f, 'utf8'))
  .join('\n');
const pages = readdirSync('docs')
  .filter((f) => f.endsWith('.md'))
  .map((f) => ({ file: `docs/${f}`, text: readFileSync(`docs/${f}`, 'utf8') }));
const guide = readFileSync('docs/guide.md', 'utf8');

describe.each(pages.map((p) => [p.file, p] as const))('%s', (_file, page) => {
  it('YAML examples with jobs pass the workflow checks', () => {
    const blocks = [...page.text.matchAll(/```ya?ml\n([\s\S]*?)```/g)].map((m) => m[1]!);
    for (const [index, block] of blocks.entries()) {
      if (!parse(block)?.jobs) continue;
      const example = parseWorkflow(`${page.file} example ${index + 1}`, block);
      for (const rule of [
        ourReferencesResolve,
        actionInputsAndOutputs,
        reusableWorkflowCalls,
        pinnedThirdPartyActions,
      ])
        expect(rule(example, context)).toEqual([]);
    }
  });

  it('mentions only npm scripts and repository paths that exist', () => {
    expect(npmScriptProblems(page.text, scripts)).toEqual([]);
    expect(missingPathProblems(page.text)).toEqual([]);
  });
});

describe('docs/guide.md', () => {
  it('names every workflow', () => {
    expect(
      unnamedWorkflows(
        guide,
        workflows.map((w) => w.file),
      ),
    ).toEqual([]);
  });

  it('lists exactly the variables and secrets deploy.yml and promote.yml read', () => {
    const readers = workflows.filter((w) => ['deploy.yml', 'promote.yml'].includes(w.file));
    expect(variableTableProblems(guide, readers)).toEqual([]);
  });

  it('names only CDK outputs the stacks declare', () => {
    expect(cdkOutputProblems(guide, infraSource)).toEqual([]);
  });
});
