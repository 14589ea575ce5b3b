// Every check can fail: each rule is run on a real workflow broken in one deliberate way, and
// must report exactly that problem.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { actionlint } from './actionlint.js';
import { deploysWithEitherEngine } from './engine-rules.js';
import {
  type Scripts,
  cdkOutputProblems,
  missingPathProblems,
  npmScriptProblems,
  unnamedWorkflows,
  variableTableProblems,
} from './docs-model.js';
import {
  buildsOnceAndPromotesTheDigest,
  ciCoversEveryStage,
  productionBehindApprovalAndGate,
  releaseIdentifiesItself,
  releaseRefusesStaleDist,
} from './pipeline-rules.js';
import {
  GENERIC_RULES,
  type Rule,
  actionInputsAndOutputs,
  deploymentConcurrency,
  oidcOnlyWhereNeeded,
  ourReferencesResolve,
  pinnedThirdPartyActions,
  reusableWorkflowCalls,
  topLevelPermissions,
  workflowCallOutputsWired,
  writeScopesOnlyWhereUsed,
} from './workflow-rules.js';
import { WORKFLOW_DIR, parseWorkflow } from './workflow-model.js';
import { repositoryWorkflows } from './fixtures.js';

const { context } = repositoryWorkflows();

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

const run = (rule: Rule, workflow: ReturnType<typeof broken>) => rule(workflow, context);

describe('each check fails on a workflow broken for it', () => {
  it('actionlint: an undefined job output', async () => {
    const w = broken('deploy.yml', ['needs.build.outputs.image }}', 'needs.build.outputs.img }}']);
    expect((await actionlint(w.text, w.file)).join('\n')).toMatch(
      /property "img" is not defined in object type \{color: string; digest: string; image: string\}/,
    );
  });

  it('top-level permissions', () => {
    const w = broken('promote.yml', [
      'permissions:\n  contents: read\n',
      'permissions: write-all\n',
    ]);
    expect(run(topLevelPermissions, w)).toEqual([
      'promote.yml: top-level permissions must be exactly { contents: read }',
    ]);
  });

  it('third-party actions pinned by SHA with a version comment', () => {
    const w = broken(
      'release.yml',
      [/actions\/setup-node@\S+ # v7\.0\.0/, 'actions/setup-node@v4'],
      [/(actions\/checkout@[0-9a-f]{40}) # v7\.0\.1/, '$1'],
    );
    expect(run(pinnedThirdPartyActions, w)).toEqual([
      'release.yml: "- uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1" must be pinned by full commit SHA with a # vX.Y.Z comment',
      'release.yml: "- uses: actions/setup-node@v4" must be pinned by full commit SHA with a # vX.Y.Z comment',
    ]);
  });

  it('our references resolve to an action of this repository, at a major tag', () => {
    const w = broken(
      'bluegreen.yml',
      ['org/actions/build-push@v1', 'org/actions/actions/buildpush@v1'],
      ['org/actions/render-taskdef@v1', 'org/actions/actions/render-taskdef@main'],
    );
    expect(run(ourReferencesResolve, w)).toEqual([
      'bluegreen.yml deploy: "org/actions/actions/buildpush@v1" names actions/buildpush, which has no action.yml here and is no workflow of this repository',
      'bluegreen.yml deploy: "org/actions/actions/render-taskdef@main" should use the major tag release.yml moves (@v1)',
    ]);
  });

  it('our actions get declared inputs, every required one, and declare the outputs read', () => {
    const w = broken(
      'deploy.yml',
      ['          repository: ${{ vars.ECR_REPOSITORY }}\n', '          repo: x\n'],
      ['steps.deploy.outputs.deployment-id }}\n', 'steps.deploy.outputs.deployment }}\n'],
    );
    expect(run(actionInputsAndOutputs, w)).toEqual([
      'deploy.yml build: build-push has no input "repo"',
      'deploy.yml build: build-push needs input "repository"',
      'deploy.yml staging: steps.deploy.outputs.deployment: bluegreen-deploy has no output "deployment"',
    ]);
  });

  it("reusable workflow calls pass only the called workflow's inputs and secrets", () => {
    const caller = parseWorkflow(
      'caller.yml',
      `on: push
permissions: { contents: read }
jobs:
  staging:
    uses: org/actions/.github/workflows/bluegreen.yml@v1
    with: { environment: staging, aws-region: us-east-1, cluster: c, service: s, imag: x }
    secrets: { slack-token: x }
`,
    );
    expect(run(reusableWorkflowCalls, caller)).toEqual([
      'caller.yml staging: .github/workflows/bluegreen.yml has no input "imag"',
      'caller.yml staging: .github/workflows/bluegreen.yml needs input "role-to-assume"',
      'caller.yml staging: .github/workflows/bluegreen.yml has no secret "slack-token"',
    ]);
  });

  it('reusable workflow outputs read declared job outputs', () => {
    const w = broken('bluegreen.yml', [
      'value: ${{ jobs.deploy.outputs.status }}',
      'value: ${{ jobs.deploy.outputs.state }}',
    ]);
    expect(run(workflowCallOutputsWired, w)).toEqual([
      'bluegreen.yml: output "status" reads jobs.deploy.outputs.state, which is not declared',
    ]);
  });

  it('deploying jobs: concurrency per environment that never cancels in flight', () => {
    const w = broken(
      'deploy.yml',
      [
        '      group: deploy-staging\n      cancel-in-progress: false',
        '      group: deploy-staging\n      cancel-in-progress: true',
      ],
      ['      group: deploy-production', '      group: deploy-${{ github.ref }}'],
      [
        'permissions:\n  contents: read\n',
        'permissions:\n  contents: read\nconcurrency:\n  group: x\n  cancel-in-progress: true\n',
      ],
    );
    expect(run(deploymentConcurrency, w)).toEqual([
      'deploy.yml: workflow concurrency cancels in progress, which would cancel a deployment',
      'deploy.yml staging: concurrency must not cancel a deployment in progress',
      'deploy.yml production: concurrency group is "deploy-${{ github.ref }}"; deployments to one environment share "deploy-production" across workflows',
    ]);
  });

  it('id-token: write only on jobs that assume a role, in an environment, before AWS calls', () => {
    const w = broken(
      'deploy.yml',
      [
        '    timeout-minutes: 5\n',
        '    timeout-minutes: 5\n    permissions:\n      contents: read\n      id-token: write\n',
      ],
      ['    timeout-minutes: 30\n    environment: staging\n', '    timeout-minutes: 30\n'],
      [
        /( {2}production:[\s\S]*?) {4}permissions:\n {6}contents: read\n {6}id-token: write\n/,
        '$1',
      ],
    );
    expect(run(oidcOnlyWhereNeeded, w)).toEqual([
      'deploy.yml announce: has id-token: write but assumes no AWS role',
      'deploy.yml build: assumes an AWS role, so it needs environment: (the role trusts environment:<name> subjects only)',
      'deploy.yml production: assumes an AWS role through OIDC, so it needs id-token: write',
    ]);
    const early = broken('promote.yml', [
      /( {2}redeploy:[\s\S]*?)( {6}- uses: aws-actions[^\n]*\n[^\n]*\n[^\n]*\n[^\n]*\n)([\s\S]*?)( {6}- id: deploy\n)/,
      '$1$3$2$4',
    ]);
    expect(run(oidcOnlyWhereNeeded, early)).toEqual([
      'promote.yml redeploy: ./actions/render-taskdef calls AWS before (or without) aws-actions/configure-aws-credentials',
    ]);
  });

  it('write scopes only where a step writes', () => {
    const w = broken(
      'release.yml',
      [
        '    timeout-minutes: 60\n',
        '    timeout-minutes: 60\n    permissions:\n      contents: write\n      packages: write\n',
      ],
      [
        '    permissions:\n      contents: write\n    steps:',
        '    permissions:\n      id-token: write\n    steps:',
      ],
    );
    expect(run(writeScopesOnlyWhereUsed, w)).toEqual([
      'release.yml verify: contents: write is not used by any step',
      'release.yml verify: packages: write is not used by any step',
      'release.yml tag: checks out but its permissions leave out contents: read',
    ]);
  });

  it('gate inputs only where the deployment group waits in Ready, from a runner that reaches the listener', () => {
    const w = broken(
      'promote.yml',
      [
        "    runs-on: ${{ inputs.environment == 'production' && vars.PRODUCTION_RUNNER || 'ubuntu-24.04' }}",
        '    runs-on: ubuntu-24.04',
      ],
      [
        "test-url: ${{ inputs.environment == 'production' && vars.TEST_LISTENER_URL || '' }}",
        'test-url: ${{ vars.TEST_LISTENER_URL }}',
      ],
    );
    expect(run(GENERIC_RULES.gateOnlyWhereTheGroupWaits!, w)).toEqual([
      "promote.yml redeploy (environment staging): bluegreen-deploy gets test-url, but staging's deployment group does not wait in Ready, so the deploy is refused before it starts; pass them only where the group waits",
      `promote.yml redeploy (environment production): runs the gate on "ubuntu-24.04", which cannot reach the test listener; use \${{ vars.PRODUCTION_RUNNER || 'ubuntu-24.04' }} as deploy.yml does`,
    ]);
  });

  it('deploy.yml builds once and promotes the same digest', () => {
    const rebuilt = broken('deploy.yml', [
      /( {2}production:[\s\S]*?image: )\$\{\{ needs\.build\.outputs\.image \}\}(\n\s+container-name)/,
      '$1${{ needs.build.outputs.digest }}$2',
    ]);
    expect(buildsOnceAndPromotesTheDigest(rebuilt)).toEqual([
      'deploy.yml production: render-taskdef image is "${{ needs.build.outputs.digest }}"; use ${{ needs.build.outputs.image }}',
    ]);
    const twice = broken('deploy.yml', [
      '      - id: render\n        uses: ./actions/render-taskdef',
      '      - uses: ./actions/build-push\n        with: { repository: x }\n      - id: render\n        uses: ./actions/render-taskdef',
    ]);
    expect(buildsOnceAndPromotesTheDigest(twice)).toEqual([
      'deploy.yml: 2 build-push steps; build once and promote the digest',
    ]);
  });

  it('deploy.yml: production behind environment: production, after staging, gated canary', () => {
    const w = broken(
      'deploy.yml',
      ['      name: production\n', '      name: prod\n'],
      ['CodeDeployDefault.ECSAllAtOnce', 'CodeDeployDefault.ECSCanary10Percent5Minutes'],
    );
    expect(productionBehindApprovalAndGate(w)).toEqual([
      'deploy.yml: expected one deployment in a job with environment: production',
      'deploy.yml staging: staging deploys with CodeDeployDefault.ECSAllAtOnce',
    ]);
    const ungated = broken(
      'deploy.yml',
      ['    needs: [announce, build, staging]', '    needs: [announce, build]'],
      [
        "'CodeDeployDefault.ECSCanary10Percent5Minutes' || ''",
        "'CodeDeployDefault.ECSAllAtOnce' || ''",
      ],
      ['            GET /healthz 200\n', ''],
    );
    expect(productionBehindApprovalAndGate(ungated)).toEqual([
      'deploy.yml production: production shifts traffic gradually (canary or linear), not "CodeDeployDefault.ECSAllAtOnce"',
      'deploy.yml production: the gate must check GET /healthz',
      'deploy.yml production: production must need the staging job staging',
    ]);
  });

  it('deploy.yml, promote.yml: a CodeDeploy-only input sent to an ECS-native service, a deploy that cannot tell the engine', () => {
    const w = broken(
      'deploy.yml',
      [
        "deployment-config: ${{ steps.render.outputs.engine == 'codedeploy' && 'CodeDeployDefault.ECSAllAtOnce' || '' }}",
        'deployment-config: CodeDeployDefault.ECSAllAtOnce',
      ],
      [
        "codedeploy-application: ${{ steps.render.outputs.engine == 'codedeploy' && vars.CODEDEPLOY_APPLICATION || '' }}",
        'codedeploy-application: ${{ vars.CODEDEPLOY_APPLICATION }}',
      ],
    );
    expect(deploysWithEitherEngine(w)).toEqual([
      'deploy.yml staging: on an ECS-native service bluegreen-deploy gets codedeploy-application "<vars.CODEDEPLOY_APPLICATION>", which it refuses; set it only when steps.render.outputs.engine == \'codedeploy\'',
      'deploy.yml staging: on an ECS-native service bluegreen-deploy gets deployment-config "CodeDeployDefault.ECSAllAtOnce", which it refuses; set it only when steps.render.outputs.engine == \'codedeploy\'',
    ]);
    const redeploy = broken('promote.yml', [
      /(\n {6}- id: render\n(?: {8}.*\n)*?) {10}service: \$\{\{ vars\.ECS_SERVICE \}\}\n/,
      '$1',
    ]);
    expect(deploysWithEitherEngine(redeploy)).toEqual([
      'promote.yml redeploy: deploys without a render-taskdef step "render" that reads the service (cluster, service), so nothing tells the engine',
    ]);
    const staleAppSpec = broken('bluegreen.yml', [
      'appspec: ${{ steps.render.outputs.appspec }}',
      'appspec: appspec.yaml',
    ]);
    expect(deploysWithEitherEngine(staleAppSpec)).toEqual([
      "bluegreen.yml deploy: appspec must be render-taskdef's (steps.render.outputs.appspec)",
    ]);
  });

  it('deploy.yml names the release: build time of the build, one colour per release', () => {
    const w = broken(
      'deploy.yml',
      [
        'APP_BUILD_TIME=${{ steps.release.outputs.build-time }}',
        'APP_BUILD_TIME=${{ github.event.head_commit.timestamp }}',
      ],
      [/(\n {2}staging:[\s\S]*?)\n {10}environment: \|\n {12}APP_COLOR=[^\n]*/, '$1'],
      [/(\n {2}production:[\s\S]*?APP_COLOR=)[^\n]*/, '$1blue'],
    );
    expect(releaseIdentifiesItself(w)).toEqual([
      "deploy.yml build: APP_BUILD_TIME is ${{ github.event.head_commit.timestamp }}, the commit's time; pass the time of the build",
      "deploy.yml staging: render-taskdef sets no APP_COLOR, so every release shows the app's default colour",
      'deploy.yml production: APP_COLOR is always "blue"; choose it per release',
    ]);
    const split = broken('deploy.yml', [
      /(\n {2}production:[\s\S]*?APP_COLOR=)[^\n]*/,
      '$1${{ github.run_number }}',
    ]);
    expect(releaseIdentifiesItself(split)).toEqual([
      'deploy.yml: environments give the same release different APP_COLOR values (${{ needs.build.outputs.color }}, ${{ github.run_number }})',
    ]);
  });

  it('release.yml refuses a stale dist', () => {
    const w = broken(
      'release.yml',
      ['        run: npm run check-dist', '        run: npm run build'],
      ['git push --force origin', 'git push origin'],
    );
    expect(releaseRefusesStaleDist(w)).toEqual([
      'release.yml tag: does not move the major tag (git push --force origin "$MAJOR")',
      'release.yml tag: tags without first needing a job that runs npm ci then npm run check-dist',
    ]);
    const unordered = broken('release.yml', ['    needs: verify\n', '']);
    expect(releaseRefusesStaleDist(unordered)).toEqual([
      'release.yml tag: tags without first needing a job that runs npm ci then npm run check-dist',
    ]);
    // A pushed vX.Y.Z is published before any check runs; an unchecked version tags anything.
    const triggered = broken(
      'release.yml',
      ['on:\n  workflow_dispatch:\n', "on:\n  push:\n    tags: ['v*.*.*']\n  workflow_dispatch:\n"],
      ['        required: true\n', '        required: false\n'],
      ['VERSION: ${{ needs.verify.outputs.version }}', 'VERSION: ${{ inputs.version }}'],
      [
        / {12}git tag -a "\$VERSION"[^\n]*\n {12}git push origin "refs\/tags\/\$VERSION"\n/,
        '            true\n',
      ],
    );
    expect(releaseRefusesStaleDist(triggered)).toEqual([
      'release.yml: runs on a pushed tag, so vX.Y.Z exists before check-dist ran; start it with workflow_dispatch and a version input',
      'release.yml: workflow_dispatch needs a required input "version"',
      'release.yml tag: does not create and push the version tag (git tag … "$VERSION", git push origin … "$VERSION")',
      'release.yml tag: reads the version unchecked; take it from the outputs of the job that validated it',
    ]);
  });

  it('ci.yml covers every stage', () => {
    const w = broken('ci.yml', ['  pull_request:\n', ''], [/\n\s+- name: cdk synth[\s\S]*$/, '\n']);
    const script = readFileSync('.ci/run', 'utf8').replace('npm run check-dist', 'true');
    expect(ciCoversEveryStage(w, script, 'vitest run app')).toEqual([
      'ci.yml: does not run on pull_request',
      'ci.yml: no check-dist step',
      'ci.yml: no cdk synth step',
      'package.json: "test" is "vitest run app"; the workflow checks (actionlint) run only under a plain vitest run',
    ]);
  });
});

describe('each docs check fails on a guide broken for it', () => {
  const guide = readFileSync('docs/guide.md', 'utf8');
  const edit = (...edits: [string | RegExp, string][]) =>
    edits.reduce((text, [from, to]) => {
      const next = text.replace(from, to);
      expect(next, `edit ${String(from)} applies`).not.toBe(text);
      return next;
    }, guide);
  const scripts: Scripts = {
    root: { emulator: 'tsx emulator/cli.ts' },
    app: { build: 'node scripts/build.js', start: 'node src/main.ts' },
    infra: {},
  };
  const infra = "new CfnOutput(this, 'EcrRepositoryUri', {});\n  cluster: 'EcsCluster',";

  it('every workflow is named', () => {
    expect(unnamedWorkflows(edit([/`promote\.yml`/g, 'promote']), ['promote.yml'])).toEqual([
      'docs/guide.md does not name promote.yml',
    ]);
  });

  it('the tables list exactly the variables and secrets read', () => {
    const w = parseWorkflow(
      'x.yml',
      'jobs: {}\n# ${{ vars.ECS_CLUSTER }} ${{ secrets.SLACK_BOT_TOKEN }}',
    );
    const problems = variableTableProblems(edit(['| `SLACK_BOT_TOKEN` |', '| `SLACK_TOKEN` |']), [
      w,
    ]);
    expect(problems).toContain('SLACK_BOT_TOKEN is read but not in the tables');
    expect(problems).toContain('SLACK_TOKEN is in the tables but never read');
  });

  it('CDK outputs exist', () => {
    expect(cdkOutputProblems('`EcsCluster` output, `EcsClusterName` output', infra)).toEqual([
      'no CDK output EcsClusterName',
    ]);
  });

  it('npm scripts exist', () => {
    expect(
      npmScriptProblems(
        'npm run emulator; npm run build -w app; npm run deploy; npm start -w infra',
        scripts,
      ),
    ).toEqual([
      'npm script deploy does not exist in root',
      'npm script start does not exist in infra',
    ]);
  });

  it('repository paths exist', () => {
    expect(
      missingPathProblems('`emulator/seeds/default.yaml` and `emulator/seeds/demo.yaml`'),
    ).toEqual(['emulator/seeds/demo.yaml does not exist']);
  });
});
