import { spawnSync } from 'node:child_process';
import type { Workflow } from './workflow-model.js';

/** A `run:` block of a workflow: where it is, and the script bash would run. */
export interface RunBlock {
  where: string;
  script: string;
}

/** Every `run:` block of every job, with its job and step (name, id or index) for the report. */
export function runBlocks(workflow: Workflow): RunBlock[] {
  return Object.entries(workflow.doc.jobs ?? {}).flatMap(([jobId, job]) =>
    (job.steps ?? []).flatMap((step, index) =>
      typeof step.run === 'string'
        ? [
            {
              where: `${workflow.file} ${jobId} step "${step.name ?? step.id ?? index + 1}"`,
              script: step.run,
            },
          ]
        : [],
    ),
  );
}

/**
 * shellcheck's findings for one block, as GitHub runs it on Linux runners (`bash -e -o pipefail`).
 * A `${{ }}` expression is GitHub's text substitution, not shell: each becomes a plain word so
 * shellcheck judges the shell around it (the workflows pass values through env: instead).
 */
export function shellcheckFindings(block: RunBlock): string[] {
  const script = block.script.replace(/\$\{\{[^}]*\}\}/g, 'GITHUB_EXPRESSION');
  const result = spawnSync('shellcheck', ['--shell=bash', '--format=gcc', '-'], {
    input: `set -eo pipefail\n${script}`,
    encoding: 'utf8',
  });
  if (result.error) throw result.error;
  return result.stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      // -:LINE:COL: level: message [SCxxxx]; line 1 is the set -eo pipefail added above.
      const m = /^-:(\d+):(\d+): (.*)$/.exec(line);
      return m
        ? `${block.where} line ${Number(m[1]) - 1}:${m[2]} ${m[3]}`
        : `${block.where} ${line}`;
    });
}

/** Whether shellcheck is on PATH (scripts/services.sh installs it from Debian). */
export function shellcheckInstalled(): boolean {
  return spawnSync('shellcheck', ['--version'], { encoding: 'utf8' }).status === 0;
}
