import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

const action = parse(readFileSync('actions/render-taskdef/action.yml', 'utf8')) as {
  inputs: Record<string, { required?: boolean; default?: string }>;
  outputs: Record<string, unknown>;
};
const readme = readFileSync('actions/render-taskdef/README.md', 'utf8');

/** The rows of the table under a `## heading`. */
function tableRows(heading: string): string[] {
  const section = readme.split(`\n## ${heading}\n`)[1]!.split('\n## ')[0]!;
  return section.split('\n').filter((line) => line.startsWith('| `'));
}

/** The first column of the table under a `## heading`, backticks removed. */
function tableNames(heading: string): string[] {
  return tableRows(heading).map((line) => /^\| `([^`]+)`/.exec(line)![1]!);
}

describe('render-taskdef README', () => {
  it('documents every input of action.yml, in the same order', () => {
    expect(tableNames('Inputs')).toEqual(Object.keys(action.inputs));
  });

  it('documents every output of action.yml', () => {
    expect(tableNames('Outputs')).toEqual(Object.keys(action.outputs));
  });

  it('states the same defaults as action.yml', () => {
    for (const [name, input] of Object.entries(action.inputs)) {
      if (input.default === undefined) continue;
      const row = tableRows('Inputs').find((line) => line.startsWith(`| \`${name}\` |`))!;
      expect(row.split('|')[3]!.trim(), name).toBe(`\`${input.default}\``);
    }
  });
});

describe('render-taskdef README examples', () => {
  it('has the three examples and uses only declared inputs in them', () => {
    expect(readme.match(/^### /gm)).toHaveLength(3);
    const used = [...readme.matchAll(/^ {4}([a-z-]+):/gm)].map((m) => m[1]!);
    // The other actions' steps in the same examples.
    const other = (name: string) =>
      Object.keys(parse(readFileSync(`actions/${name}/action.yml`, 'utf8')).inputs);
    const known = new Set([
      ...Object.keys(action.inputs),
      ...other('bluegreen-deploy'),
      ...other('build-push'),
    ]);
    expect(used.filter((name) => !known.has(name))).toEqual([]);
  });
});
