// The guardrails of issue 18 hold on the real workflows, and each check fails on a workflow
// broken for it (so none can pass by accident).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  credentialJobsSkipInstallScripts,
  deployRunsAfterCi,
  imagesAreAttested,
  pinsIn,
  releaseFromMainWithApproval,
  releaseNotesFromChangelog,
  unrecordedPins,
} from './safety-rules.js';
import { writeScopesOnlyWhereUsed } from './workflow-rules.js';
import { WORKFLOW_DIR, loadActions, loadWorkflows, parseWorkflow } from './workflow-model.js';

const workflows = loadWorkflows();
const byFile = (file: string) => workflows.find((w) => w.file === file)!;

/** The real workflow with each `from` replaced by `to` (each must occur). */
function broken(file: string, ...edits: [string | RegExp, string][]) {
  let text = readFileSync(`${WORKFLOW_DIR}/${file}`, 'utf8');
  for (const [from, to] of edits) {
    const next = text.replace(from, to);
    expect(next, `edit ${String(from)} applies to ${file}`).not.toBe(text);
    text = next;
  }
  return parseWorkflow(file, text);
}

describe('the shipped workflows', () => {
  it.each(workflows.map((w) => [w.file, w] as const))(
    '%s installs without scripts wherever it can mint AWS credentials',
    (_file, workflow) => {
      expect(credentialJobsSkipInstallScripts(workflow)).toEqual([]);
    },
  );

  it('deploy.yml runs after CI passed on main, on the commit CI checked', () => {
    expect(deployRunsAfterCi(byFile('deploy.yml'))).toEqual([]);
  });

  it('deploy.yml attests the image it pushes', () => {
    expect(imagesAreAttested(byFile('deploy.yml'))).toEqual([]);
  });

  it('release.yml moves the major tag only from main, after approval, with CHANGELOG notes', () => {
    expect(releaseFromMainWithApproval(byFile('release.yml'))).toEqual([]);
    expect(releaseNotesFromChangelog(byFile('release.yml'))).toEqual([]);
  });
});

describe('pinned actions', () => {
  const record = readFileSync('docs/pinned-actions.md', 'utf8');

  it.each(workflows.map((w) => [w.file, w] as const))(
    '%s pins only SHAs recorded (with where they were checked) in docs/pinned-actions.md',
    (file, workflow) => {
      expect(pinsIn(workflow.text).length).toBeGreaterThan(0);
      expect(unrecordedPins(file, workflow.text, record)).toEqual([]);
    },
  );

  it('are the Node 24 majors of checkout, setup-node and configure-aws-credentials', () => {
    const versions = new Map(
      workflows.flatMap((w) => pinsIn(w.text)).map((p) => [p.action, p.version.split('.')[0]]),
    );
    expect(versions.get('actions/checkout')).toBe('v7');
    expect(versions.get('actions/setup-node')).toBe('v7');
    expect(versions.get('aws-actions/configure-aws-credentials')).toBe('v6');
    for (const w of workflows) expect(w.text, w.file).not.toMatch(/node-version: *['"]?20\b/);
  });

  it('an unrecorded SHA fails', () => {
    const text = 'uses: actions/checkout@0000000000000000000000000000000000000000 # v7.0.1';
    expect(unrecordedPins('x.yml', text, record)).toEqual([
      'x.yml: actions/checkout@0000000000000000000000000000000000000000 # v7.0.1 is not recorded in docs/pinned-actions.md',
    ]);
  });
});

describe('scripts/changelog-notes.sh (the release notes)', () => {
  const notes = (version: string, file: string) =>
    spawnSync('bash', ['scripts/changelog-notes.sh', version, file], { encoding: 'utf8' });
  const changelog = join(mkdtempSync(join(tmpdir(), 'changelog-')), 'CHANGELOG.md');
  writeFileSync(
    changelog,
    '# Changelog\n\n## [Unreleased]\n\n- next\n\n## [1.2.0] - 2026-12-01\n\n- one\n- two\n\n## [1.1.0] - 2026-11-01\n\n- old\n',
  );

  it("prints exactly the version's section", () => {
    const result = notes('v1.2.0', changelog);
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toBe('- one\n- two');
  });

  it('fails, naming the fix, for a version without notes', () => {
    const result = notes('v1.3.0', changelog);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('no notes for v1.3.0');
    expect(result.stderr).toContain('## [1.3.0] - YYYY-MM-DD');
  });

  it('CHANGELOG.md has an Unreleased section with behaviour changes', () => {
    const text = readFileSync('CHANGELOG.md', 'utf8');
    expect(text).toMatch(/^## \[Unreleased\]$/m);
    expect(notes('vUnreleased', 'CHANGELOG.md').stdout).toMatch(/### Changed \(behaviour\)/);
  });
});

describe('each guardrail fails on a workflow broken for it', () => {
  it('install scripts in a job with id-token: write', () => {
    const w = broken('deploy.yml', ['npm ci --ignore-scripts --no-audit', 'npm ci --no-audit']);
    expect(credentialJobsSkipInstallScripts(w)).toEqual([
      'deploy.yml build: "npm ci --no-audit --no-fund" runs install scripts in a job with id-token: write; add --ignore-scripts',
    ]);
  });

  it('deploy.yml beside CI, on a push, with the branch head', () => {
    const w = broken(
      'deploy.yml',
      [/on:\n {2}workflow_run:\n(?: {4}.*\n)+/, 'on:\n  push:\n    branches: [main]\n'],
      [/ {4}if: github\.event\.workflow_run\.conclusion[^\n]*\n/, ''],
      [/ {8}with:\n {10}ref: \$\{\{ github\.event\.workflow_run\.head_sha \}\}\n/, ''],
      ['contains=${{ github.event.workflow_run.head_sha }}', 'contains=${{ github.sha }}'],
    );
    expect(deployRunsAfterCi(w)).toEqual([
      'deploy.yml: starts on push; start on workflow_run of ci so it runs after CI, not beside it',
      'deploy.yml: workflow_run must be { workflows: [ci], types: [completed], branches: [main] }',
      "deploy.yml announce: runs first, so its if: must require workflow_run.conclusion == 'success' and workflow_run.event == 'push'",
      "deploy.yml announce: checkout without ref: ${{ github.event.workflow_run.head_sha }} takes main's newest commit, not the one CI checked",
      "deploy.yml: github.sha is main's head when the run starts; use github.event.workflow_run.head_sha",
    ]);
  });

  it('an image pushed without an attestation', () => {
    const w = broken(
      'deploy.yml',
      ['subject-digest: ${{ steps.image.outputs.digest }}', 'subject-digest: sha256:0'],
      [/ {6}attestations: write\n/, ''],
    );
    expect(imagesAreAttested(w)).toEqual([
      'deploy.yml build: pushes an image without attesting it (actions/attest-build-provenance with subject-digest: ${{ steps.image.outputs.digest }})',
      'deploy.yml build: attesting needs permissions id-token: write and attestations: write',
    ]);
  });

  it('attestations: write on a job that attests nothing', () => {
    const w = broken('deploy.yml', [
      /(staging:\n(?:.*\n)*? {4}permissions:\n {6}contents: read\n)/,
      '$1      attestations: write\n',
    ]);
    expect(
      writeScopesOnlyWhereUsed(w, { actions: loadActions(), workflows: new Map(), root: '.' }),
    ).toEqual(['deploy.yml staging: attestations: write is not used by any step']);
  });

  it('release.yml from any branch, without approval', () => {
    const w = broken(
      'release.yml',
      [/ {4}environment: release\n/, ''],
      [/ {4}if: github\.ref == 'refs\/heads\/main'\n/, ''],
      [/ {6}- name: Release only from main\n(?: {8}.*\n)+?(?= {6}- uses)/, ''],
    );
    expect(releaseFromMainWithApproval(w)).toEqual([
      'release.yml tag: writes tags without an environment; add environment: release (with required reviewers)',
      "release.yml tag: needs if: github.ref == 'refs/heads/main'",
      'release.yml tag: no job before it fails when github.ref is not refs/heads/main',
    ]);
  });

  it('a release without CHANGELOG notes', () => {
    const w = broken(
      'release.yml',
      [/ {6}- name: Check CHANGELOG\.md[^\n]*\n(?: {8}.*\n)+?(?= {6}- uses)/, ''],
      [/ {6}- name: Publish the GitHub release[^\n]*\n(?: {8,}.*\n)+/, ''],
    );
    expect(releaseNotesFromChangelog(w)).toEqual([
      'release.yml tag: does not publish the release with notes from scripts/changelog-notes.sh (gh release create … --notes-file)',
      'release.yml tag: no job before it checks CHANGELOG.md has notes for the version',
    ]);
  });
});
