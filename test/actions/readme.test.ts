import { readFileSync } from 'node:fs';
import { parse, parseAllDocuments } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { pinsIn, unrecordedPins } from '../workflows/safety-rules.js';
import { pinnedThirdPartyActions } from '../workflows/workflow-rules.js';
import {
  isThirdParty,
  loadActions,
  ourAction,
  parseWorkflow,
  type WorkflowStep,
} from '../workflows/workflow-model.js';

const actions = loadActions();

/** The rows of the Markdown table under a `## heading`. */
function tableRows(readme: string, heading: string): string[] {
  const section = readme.split(`\n## ${heading}\n`)[1]?.split('\n## ')[0] ?? '';
  return section.split('\n').filter((line) => line.startsWith('| `'));
}

function tableNames(readme: string, heading: string): string[] {
  return tableRows(readme, heading).map((line) => /^\| `([^`]+)`/.exec(line)![1]!);
}

/** Every step of every YAML example in the README (workflow, job or step lists). */
function exampleSteps(readme: string): WorkflowStep[] {
  const steps: WorkflowStep[] = [];
  const collect = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(collect);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (typeof record.uses === 'string') steps.push(record as WorkflowStep);
      Object.values(record).forEach(collect);
    }
  };
  for (const [, block] of readme.matchAll(/```ya?ml\n([\s\S]*?)```/g)) {
    for (const doc of parseAllDocuments(block!)) collect(doc.toJS());
  }
  return steps;
}

describe.each([...actions.keys()])('actions/%s/README.md', (name) => {
  const spec = actions.get(name)!;
  let readme = '';
  let action: { inputs: Record<string, { default?: string }> } = { inputs: {} };
  beforeAll(() => {
    readme = readFileSync(`actions/${name}/README.md`, 'utf8');
    action = parse(readFileSync(`actions/${name}/action.yml`, 'utf8'));
  });

  it('documents every input of action.yml, in the same order', () => {
    expect(tableNames(readme, 'Inputs')).toEqual(Object.keys(spec.inputs));
  });

  it('documents every output of action.yml, in the same order', () => {
    expect(tableNames(readme, 'Outputs')).toEqual(Object.keys(spec.outputs));
  });

  it('states the same defaults as action.yml', () => {
    for (const [input, { default: value }] of Object.entries(action.inputs)) {
      if (value === undefined || value === '') continue;
      const row = tableRows(readme, 'Inputs').find((line) => line.startsWith(`| \`${input}\` |`))!;
      expect(row, input).toContain(`\`${value}\``);
    }
  });

  it('uses only declared inputs of our actions in its examples', () => {
    const steps = exampleSteps(readme).filter((step) => ourAction(step.uses));
    expect(steps.length).toBeGreaterThan(0);
    for (const step of steps) {
      const target = actions.get(ourAction(step.uses)!)!;
      const undeclared = Object.keys(step.with ?? {}).filter((k) => !(k in target.inputs));
      expect(undeclared, `${step.uses} in ${name}'s README`).toEqual([]);
    }
  });

  it('pins third-party actions in its examples by SHA, as the workflows do', () => {
    const blocks = [...readme.matchAll(/```ya?ml\n([\s\S]*?)```/g)].map((m) => m[1]!);
    const record = readFileSync('docs/pinned-actions.md', 'utf8');
    for (const block of blocks) {
      const example = parseWorkflow(`${name}/README.md`, block);
      expect(pinnedThirdPartyActions(example, undefined as never)).toEqual([]);
      expect(unrecordedPins(`${name}/README.md`, block, record)).toEqual([]);
    }
    const thirdParty = exampleSteps(readme).filter((s) => isThirdParty(s.uses!));
    expect(pinsIn(blocks.join('\n'))).toHaveLength(thirdParty.length);
  });
});
