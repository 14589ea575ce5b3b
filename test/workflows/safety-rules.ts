/**
 * The guardrails of issue 18 (safe as shipped): credentials never meet install scripts, deploys
 * follow CI, releases come from main with approval and notes, images are attested.
 */
import {
  type Workflow,
  type WorkflowJob,
  type WorkflowStep,
  environmentName,
  jobPermissions,
  jobsBefore,
  needsOf,
  ourAction,
  usesAction,
} from './workflow-model.js';

/** The actions that sign an attestation (they need attestations: write). */
export const ATTEST_ACTIONS = ['actions/attest-build-provenance', 'actions/attest'];

function jobs(workflow: Workflow): [string, WorkflowJob][] {
  return Object.entries(workflow.doc.jobs ?? {});
}

const runs = (job: WorkflowJob | undefined) => (job?.steps ?? []).map((s) => s.run ?? '');

/**
 * A job that can mint AWS credentials (`id-token: write`) installs dependencies without their
 * install scripts: a compromised package would otherwise run beside the OIDC token.
 */
export function credentialJobsSkipInstallScripts(workflow: Workflow): string[] {
  const problems: string[] = [];
  for (const [jobId, job] of jobs(workflow)) {
    const permissions = jobPermissions(job) ?? {};
    if (permissions['id-token'] !== 'write' && permissions['*'] !== 'write-all') continue;
    for (const script of runs(job))
      for (const command of script.match(/\bnpm (?:ci|install|i)\b[^\n;&|]*/g) ?? [])
        if (!/--ignore-scripts\b/.test(command))
          problems.push(
            `${workflow.file} ${jobId}: "${command.trim()}" runs install scripts in a job with id-token: write; add --ignore-scripts`,
          );
  }
  return problems;
}

/**
 * deploy.yml starts only after CI passed on a push to main (workflow_run on `ci`), never beside
 * it, and deploys the commit CI checked (workflow_run.head_sha), not the branch's newer head.
 */
export function deployRunsAfterCi(workflow: Workflow): string[] {
  const on = (workflow.doc.on ?? {}) as Record<string, unknown>;
  const run = on.workflow_run as
    { workflows?: string[]; types?: string[]; branches?: string[] } | undefined;
  const problems: string[] = [];
  const triggers = Object.keys(on).filter((t) => t !== 'workflow_dispatch');
  if (triggers.join() !== 'workflow_run')
    problems.push(
      `${workflow.file}: starts on ${triggers.join(', ')}; start on workflow_run of ci so it runs after CI, not beside it`,
    );
  if (
    run?.workflows?.join() !== 'ci' ||
    run.types?.join() !== 'completed' ||
    run.branches?.join() !== 'main'
  )
    problems.push(
      `${workflow.file}: workflow_run must be { workflows: [ci], types: [completed], branches: [main] }`,
    );
  for (const [jobId, job] of jobs(workflow)) {
    if (needsOf(job).length === 0) {
      const condition = job.if ?? '';
      if (
        !/workflow_run\.conclusion == 'success'/.test(condition) ||
        !/workflow_run\.event == 'push'/.test(condition)
      )
        problems.push(
          `${workflow.file} ${jobId}: runs first, so its if: must require workflow_run.conclusion == 'success' and workflow_run.event == 'push'`,
        );
    }
    for (const step of job.steps ?? [])
      if (usesAction(step, 'actions/checkout') && !/head_sha/.test(String(step.with?.ref)))
        problems.push(
          `${workflow.file} ${jobId}: checkout without ref: \${{ github.event.workflow_run.head_sha }} takes main's newest commit, not the one CI checked`,
        );
  }
  if (/\bgithub\.sha\b/.test(workflow.text))
    problems.push(
      `${workflow.file}: github.sha is main's head when the run starts; use github.event.workflow_run.head_sha`,
    );
  return problems;
}

/** The one job of release.yml that writes (contents: write). */
function tagJob(workflow: Workflow): [string, WorkflowJob] | undefined {
  return jobs(workflow).find(([, job]) => jobPermissions(job)?.contents === 'write');
}

/**
 * release.yml moves vX only from main and only after a reviewer approved: the writing job runs
 * in an environment (required reviewers) and only on refs/heads/main, and a job before it fails
 * on any other branch instead of skipping silently.
 */
export function releaseFromMainWithApproval(workflow: Workflow): string[] {
  const found = tagJob(workflow);
  if (!found) return [`${workflow.file}: no job with contents: write`];
  const [jobId, job] = found;
  const problems: string[] = [];
  if (!environmentName(job))
    problems.push(
      `${workflow.file} ${jobId}: writes tags without an environment; add environment: release (with required reviewers)`,
    );
  if (!/github\.ref == 'refs\/heads\/main'/.test(job.if ?? ''))
    problems.push(`${workflow.file} ${jobId}: needs if: github.ref == 'refs/heads/main'`);
  const refusesOtherBranches = [...jobsBefore(workflow, jobId)].some((id) =>
    (workflow.doc.jobs[id]?.steps ?? []).some(
      (step: WorkflowStep) =>
        /refs\/heads\/main/.test(step.run ?? '') &&
        /exit 1/.test(step.run ?? '') &&
        /github\.ref\b/.test(JSON.stringify(step.env ?? {})),
    ),
  );
  if (!refusesOtherBranches)
    problems.push(
      `${workflow.file} ${jobId}: no job before it fails when github.ref is not refs/heads/main`,
    );
  return problems;
}

/**
 * The release gets CHANGELOG.md's notes for the version: the verifying job checks the section
 * exists before anything is tagged, the tagging job publishes it with `gh release`.
 */
export function releaseNotesFromChangelog(workflow: Workflow): string[] {
  const found = tagJob(workflow);
  if (!found) return [`${workflow.file}: no job with contents: write`];
  const [jobId, job] = found;
  const notes = /scripts\/changelog-notes\.sh "\$VERSION"/;
  const problems: string[] = [];
  const script = runs(job).join('\n');
  if (!notes.test(script) || !/gh release (create|edit)\b[^\n]*--notes-file/.test(script))
    problems.push(
      `${workflow.file} ${jobId}: does not publish the release with notes from scripts/changelog-notes.sh (gh release create … --notes-file)`,
    );
  const checkedBefore = [...jobsBefore(workflow, jobId)].some((id) =>
    runs(workflow.doc.jobs[id]).some((r) => notes.test(r)),
  );
  if (!checkedBefore)
    problems.push(
      `${workflow.file} ${jobId}: no job before it checks CHANGELOG.md has notes for the version`,
    );
  return problems;
}

/**
 * Every pushed image is attested: the job that runs build-push attests its digest with
 * actions/attest-build-provenance (or actions/attest), holding id-token and attestations: write.
 */
export function imagesAreAttested(workflow: Workflow): string[] {
  const problems: string[] = [];
  for (const [jobId, job] of jobs(workflow)) {
    const build = (job.steps ?? []).find((s) => ourAction(s.uses) === 'build-push');
    if (!build) continue;
    const attest = (job.steps ?? []).find((s) => ATTEST_ACTIONS.some((a) => usesAction(s, a)));
    const digest = `\${{ steps.${build.id}.outputs.digest }}`;
    if (!attest || attest.with?.['subject-digest'] !== digest)
      problems.push(
        `${workflow.file} ${jobId}: pushes an image without attesting it (actions/attest-build-provenance with subject-digest: ${digest})`,
      );
    const permissions = jobPermissions(job) ?? {};
    if (permissions.attestations !== 'write' || permissions['id-token'] !== 'write')
      problems.push(
        `${workflow.file} ${jobId}: attesting needs permissions id-token: write and attestations: write`,
      );
  }
  return problems;
}

/** `owner/name@<sha> # vX` pins in a workflow or Markdown text. */
export function pinsIn(text: string): { action: string; sha: string; version: string }[] {
  return [...text.matchAll(/uses:\s*([\w.-]+\/[\w./-]+)@([0-9a-f]{40}) # (v[\d.]+)/g)].map((m) => ({
    action: m[1]!,
    sha: m[2]!,
    version: m[3]!,
  }));
}

/** Pins whose action, SHA and version are not a row of docs/pinned-actions.md. */
export function unrecordedPins(file: string, text: string, record: string): string[] {
  const rows = record.split('\n').filter((line) => line.startsWith('| `'));
  return pinsIn(text)
    .filter(
      ({ action, sha, version }) =>
        !rows.some(
          (row) => row.startsWith(`| \`${action}\` | ${version} `) && row.includes(`\`${sha}\``),
        ),
    )
    .map(
      ({ action, sha, version }) =>
        `${file}: ${action}@${sha} # ${version} is not recorded in docs/pinned-actions.md`,
    );
}
