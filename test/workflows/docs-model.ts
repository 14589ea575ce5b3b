/** The checks that keep docs/ true to the workflows, infra and package scripts. */
import { existsSync } from 'node:fs';
import type { Workflow } from './workflow-model.js';

export type Scripts = Record<'root' | 'app' | 'infra', Record<string, string>>;

/** Workflow file names the guide must mention (as `name.yml`). */
export function unnamedWorkflows(guide: string, files: string[]): string[] {
  return files
    .filter((f) => !guide.includes(`\`${f}\``))
    .map((f) => `docs/guide.md does not name ${f}`);
}

/** Every `vars.NAME` and `secrets.NAME` the workflows read. */
export function workflowVariables(workflows: Workflow[]): string[] {
  const names = new Set<string>();
  for (const w of workflows)
    for (const m of w.text.matchAll(/\b(?:vars|secrets)\.([A-Za-z_][A-Za-z0-9_]*)/g))
      names.add(m[1]!);
  return [...names].sort();
}

/** First-column names of Markdown table rows: `| \`NAME\` | ...`. */
export function namesInTables(markdown: string): string[] {
  return [...markdown.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]!);
}

/** The guide's tables list exactly the variables and secrets the workflows read. */
export function variableTableProblems(guide: string, workflows: Workflow[]): string[] {
  const used = workflowVariables(workflows);
  const listed = namesInTables(guide).filter((name) => /^[A-Z][A-Z0-9_]+$/.test(name));
  return [
    ...used.filter((n) => !listed.includes(n)).map((n) => `${n} is read but not in the tables`),
    ...listed.filter((n) => !used.includes(n)).map((n) => `${n} is in the tables but never read`),
  ];
}

/** Each `Name` output the guide mentions is a CfnOutput of the stacks (their source text). */
export function cdkOutputProblems(guide: string, infraSource: string): string[] {
  const declared = [...infraSource.matchAll(/(?:: |CfnOutput\(this, )'([A-Z]\w+)'/g)].map(
    (m) => m[1]!,
  );
  const mentioned = [...guide.matchAll(/`([A-Z][A-Za-z]+)` output/g)].map((m) => m[1]!);
  if (mentioned.length === 0) return ['no CDK output is named'];
  return mentioned.filter((n) => !declared.includes(n)).map((n) => `no CDK output ${n}`);
}

/** `npm run <script> [-w <workspace>]` and `npm start|test [-w <workspace>]` name real scripts. */
export function npmScriptProblems(markdown: string, scripts: Scripts): string[] {
  return [...markdown.matchAll(/npm (?:run ([\w:-]+)|(start|test))(?: -w (app|infra))?/g)]
    .map((m) => ({ script: m[1] ?? m[2]!, workspace: (m[3] ?? 'root') as keyof Scripts }))
    .filter(({ script, workspace }) => !(script in scripts[workspace]))
    .map(({ script, workspace }) => `npm script ${script} does not exist in ${workspace}`);
}

/** Repository files named in backticks (a path with an extension, or several folders) exist. */
export function missingPathProblems(markdown: string, root = '.'): string[] {
  return [
    ...markdown.matchAll(
      /`((?:app|infra|emulator|scripts|test|actions|docs|\.github)\/[\w./-]+)`/g,
    ),
  ]
    .map((m) => m[1]!)
    .filter((p) => /\.\w+$|\/.*\//.test(p))
    .filter((p) => !existsSync(`${root}/${p}`))
    .map((p) => `${p} does not exist`);
}
