/** What the issue asks of particular workflows: deploy.yml, release.yml and ci.yml. */
import { CODEDEPLOY } from './engine-rules.js';
import { render } from './expressions.js';
import {
  type Workflow,
  type WorkflowStep,
  environmentName,
  jobPermissions,
  jobsBefore,
  ourAction,
} from './workflow-model.js';

function steps(workflow: Workflow): { jobId: string; step: WorkflowStep }[] {
  return Object.entries(workflow.doc.jobs ?? {}).flatMap(([jobId, job]) =>
    (job.steps ?? []).map((step) => ({ jobId, step })),
  );
}

function deploySteps(workflow: Workflow) {
  return steps(workflow).filter(
    ({ step }) =>
      ourAction(step.uses) === 'bluegreen-deploy' && (step.with?.command ?? 'deploy') === 'deploy',
  );
}

/** One build-push; every environment renders exactly the image (digest) that build exported. */
export function buildsOnceAndPromotesTheDigest(workflow: Workflow): string[] {
  const builds = steps(workflow).filter(({ step }) => ourAction(step.uses) === 'build-push');
  if (builds.length !== 1)
    return [
      `${workflow.file}: ${builds.length} build-push steps; build once and promote the digest`,
    ];
  const { jobId: buildJob, step: build } = builds[0]!;
  const exported = Object.entries(workflow.doc.jobs[buildJob]!.outputs ?? {}).find(
    ([, value]) => value.replace(/\s/g, '') === `\${{steps.${build.id}.outputs.image}}`,
  );
  if (!build.id || !exported)
    return [`${workflow.file} ${buildJob}: no job output carries build-push's image (by digest)`];
  const expected = `\${{ needs.${buildJob}.outputs.${exported[0]} }}`;
  const problems: string[] = [];
  const renders = steps(workflow).filter(({ step }) => ourAction(step.uses) === 'render-taskdef');
  const environments = new Set<string>();
  for (const { jobId, step } of renders) {
    const job = workflow.doc.jobs[jobId]!;
    environments.add(environmentName(job) ?? '');
    if (step.with?.image !== expected || step.with?.images !== undefined)
      problems.push(
        `${workflow.file} ${jobId}: render-taskdef image is ${JSON.stringify(step.with?.image)}; use ${expected}`,
      );
    if (!jobsBefore(workflow, jobId).has(buildJob))
      problems.push(`${workflow.file} ${jobId}: renders without needing ${buildJob}`);
  }
  for (const name of ['staging', 'production'])
    if (!environments.has(name))
      problems.push(`${workflow.file}: no render-taskdef for environment ${name}`);
  return problems;
}

/**
 * Staging all at once; production only after staging, behind `environment: production`, as a
 * canary (or linear) shift gated by test-listener checks of /healthz and /version. The
 * deployment config is the CodeDeploy engine's (engine-rules.ts checks the ECS-native side).
 */
export function productionBehindApprovalAndGate(workflow: Workflow): string[] {
  const deploys = deploySteps(workflow);
  const byEnvironment = (name: string) =>
    deploys.filter(({ jobId }) => environmentName(workflow.doc.jobs[jobId]!) === name);
  const staging = byEnvironment('staging');
  const production = byEnvironment('production');
  const problems: string[] = [];
  if (staging.length !== 1) problems.push(`${workflow.file}: expected one staging deployment`);
  if (production.length !== 1)
    problems.push(
      `${workflow.file}: expected one deployment in a job with environment: production`,
    );
  const config = (step: WorkflowStep) => render(step.with?.['deployment-config'], CODEDEPLOY);
  for (const { jobId, step } of staging)
    if (config(step) !== 'CodeDeployDefault.ECSAllAtOnce')
      problems.push(
        `${workflow.file} ${jobId}: staging deploys with CodeDeployDefault.ECSAllAtOnce`,
      );
  for (const { jobId, step } of production) {
    if (!/Canary|Linear/.test(config(step)))
      problems.push(
        `${workflow.file} ${jobId}: production shifts traffic gradually (canary or linear), not "${config(step)}"`,
      );
    if (!step.with?.['test-url'])
      problems.push(
        `${workflow.file} ${jobId}: production needs the test-listener gate (test-url)`,
      );
    const checks = String(step.with?.['test-checks'] ?? '');
    for (const path of ['/healthz', '/version'])
      if (!new RegExp(`^\\s*GET ${path}\\b`, 'm').test(checks))
        problems.push(`${workflow.file} ${jobId}: the gate must check GET ${path}`);
    for (const s of staging)
      if (!jobsBefore(workflow, jobId).has(s.jobId))
        problems.push(`${workflow.file} ${jobId}: production must need the staging job ${s.jobId}`);
  }
  return problems;
}

/** `NAME=value` lines of a multiline input, by name. */
function keyValues(text: unknown): Map<string, string> {
  const pairs = String(text ?? '')
    .split('\n')
    .map((line) => /^\s*([A-Za-z_][\w:]*)=(.*)$/.exec(line))
    .filter((m) => m !== null);
  return new Map(pairs.map((m) => [m[1]!, m[2]!.trim()]));
}

/**
 * The page and /version name the release serving a request: the image bakes in its version,
 * commit and build time (the time of the build, as org.opencontainers.image.created says, not the
 * commit's), and every environment runs the release with one colour chosen per release, so during
 * a canary the old and the new answer in different colours.
 */
export function releaseIdentifiesItself(workflow: Workflow): string[] {
  const problems: string[] = [];
  for (const { jobId, step } of steps(workflow).filter(
    ({ step }) => ourAction(step.uses) === 'build-push',
  )) {
    const args = keyValues(step.with?.['build-args']);
    for (const name of ['APP_VERSION', 'APP_COMMIT', 'APP_BUILD_TIME'])
      if (!args.get(name))
        problems.push(`${workflow.file} ${jobId}: build-push does not set build-arg ${name}`);
    if (/head_commit|event\.commits|\.timestamp\b/.test(args.get('APP_BUILD_TIME') ?? ''))
      problems.push(
        `${workflow.file} ${jobId}: APP_BUILD_TIME is ${args.get('APP_BUILD_TIME')}, the commit's time; pass the time of the build`,
      );
  }
  const colours = steps(workflow)
    .filter(({ step }) => ourAction(step.uses) === 'render-taskdef')
    .map(({ jobId, step }) => ({
      jobId,
      color: keyValues(step.with?.environment).get('APP_COLOR'),
    }));
  for (const { jobId, color } of colours)
    if (!color)
      problems.push(
        `${workflow.file} ${jobId}: render-taskdef sets no APP_COLOR, so every release shows the app's default colour`,
      );
    else if (!color.includes('${{'))
      problems.push(
        `${workflow.file} ${jobId}: APP_COLOR is always "${color}"; choose it per release`,
      );
  const chosen = [...new Set(colours.flatMap((c) => c.color ?? []))];
  if (chosen.length > 1)
    problems.push(
      `${workflow.file}: environments give the same release different APP_COLOR values (${chosen.join(', ')})`,
    );
  return problems;
}

/**
 * Tags are created only by the workflow, only after check-dist: started by hand with a version
 * (never by a pushed tag, which would publish vX.Y.Z before any check ran); the one job with
 * contents: write creates vX.Y.Z and moves vX from the validated outputs of a job that ran
 * `npm ci` then `npm run check-dist`.
 */
export function releaseRefusesStaleDist(workflow: Workflow): string[] {
  const problems: string[] = [];
  const on = (workflow.doc.on ?? {}) as {
    push?: { tags?: unknown } | null;
    workflow_dispatch?: { inputs?: Record<string, { required?: boolean }> } | null;
  };
  if (on.push?.tags !== undefined)
    problems.push(
      `${workflow.file}: runs on a pushed tag, so vX.Y.Z exists before check-dist ran; start it with workflow_dispatch and a version input`,
    );
  if (on.workflow_dispatch?.inputs?.version?.required !== true)
    problems.push(`${workflow.file}: workflow_dispatch needs a required input "version"`);
  const writers = Object.entries(workflow.doc.jobs).filter(
    ([, job]) => jobPermissions(job)?.contents === 'write',
  );
  if (writers.length !== 1)
    return [
      ...problems,
      `${workflow.file}: ${writers.length} jobs with contents: write; exactly one tags`,
    ];
  const [tagJob, job] = writers[0]!;
  const script = (job.steps ?? []).map((s) => s.run ?? '').join('\n');
  if (
    !/git tag\b.*\$\{?VERSION\b/.test(script) ||
    !/git push origin\b.*\$\{?VERSION\b/.test(script)
  )
    problems.push(
      `${workflow.file} ${tagJob}: does not create and push the version tag (git tag … "$VERSION", git push origin … "$VERSION")`,
    );
  if (!/git push --force origin\b.*\$\{?MAJOR/.test(script))
    problems.push(
      `${workflow.file} ${tagJob}: does not move the major tag (git push --force origin "$MAJOR")`,
    );
  if (/\binputs\.version\b|\bgithub\.ref_name\b/.test(JSON.stringify(job)))
    problems.push(
      `${workflow.file} ${tagJob}: reads the version unchecked; take it from the outputs of the job that validated it`,
    );
  const verified = [...jobsBefore(workflow, tagJob)].some((id) => {
    const runs = (workflow.doc.jobs[id]?.steps ?? []).map((s) => s.run ?? '');
    const install = runs.findIndex((r) => /\bnpm ci\b/.test(r));
    const check = runs.findIndex((r) => /\bnpm run check-dist\b/.test(r));
    return install >= 0 && check > install;
  });
  if (!verified)
    problems.push(
      `${workflow.file} ${tagJob}: tags without first needing a job that runs npm ci then npm run check-dist`,
    );
  return problems;
}

/** ci.yml (with the .ci/run it calls): every stage the issue lists, on pull requests and main. */
export function ciCoversEveryStage(
  workflow: Workflow,
  ciScript: string,
  testScript: string | undefined,
): string[] {
  const on = (workflow.doc.on ?? {}) as Record<string, { branches?: string[] } | null>;
  const problems: string[] = [];
  if (!('pull_request' in on)) problems.push(`${workflow.file}: does not run on pull_request`);
  if (!on.push?.branches?.includes('main'))
    problems.push(`${workflow.file}: does not run on push to main`);
  const runs = steps(workflow)
    .map(({ step }) => step.run ?? '')
    .join('\n');
  const text = /\.ci\/run\b/.test(runs) ? `${runs}\n${ciScript}` : runs;
  const stages: [string, RegExp][] = [
    ['typecheck', /npm run typecheck/],
    ['lint', /npm run lint/],
    ['check-dist', /npm run check-dist/],
    ['test', /npm test\b|npx vitest run\b/],
    ['cdk synth', /cdk synth/],
  ];
  for (const [stage, pattern] of stages)
    if (!pattern.test(text)) problems.push(`${workflow.file}: no ${stage} step`);
  // actionlint runs inside the tests (test/workflows): `npm test` must be all of vitest.
  if (testScript !== 'vitest run')
    problems.push(
      `package.json: "test" is "${testScript}"; the workflow checks (actionlint) run only under a plain vitest run`,
    );
  return problems;
}
