import type { ECRClient, Repository } from '@aws-sdk/client-ecr';
import { detectBuilder, type DockerCli } from '../../../lib/docker/cli.js';
import { imageTags, type TagSet } from '../../../lib/docker/tags.js';
import {
  decideOnExistingTags,
  immutableTagConflict,
  type ExistingTagsDecision,
} from '../../../lib/ecr/existing-tags.js';
import { existingTags, findRepository, tagIsImmutable } from '../../../lib/ecr/repository.js';
import { ActionError, ActionErrors } from '../../../lib/errors/action-error.js';
import type { Toolkit } from '../../../lib/github/index.js';
import type { RunContext } from '../../../lib/github/run-context.js';
import { chooseBuilder, type BuilderChoice } from './builder-choice.js';
import type { Inputs } from './inputs.js';

/** What the run will do, settled before anything changes. */
export interface RunPlan {
  builder: BuilderChoice;
  /** buildx driver (`docker`, `docker-container`), when buildx is there. */
  driver?: string;
  /** Undefined when it is missing and `create-repository` asks for it. */
  repository?: Repository;
  tags: TagSet;
  /** Build, or reuse the image the (immutable) tags already name. */
  existing: ExistingTagsDecision;
}

/**
 * Builder, repository and tags, each checked before any state changes: every way this run
 * cannot succeed fails here, in the order a user fixes them.
 */
export async function planRun(
  toolkit: Toolkit,
  ecr: ECRClient,
  docker: DockerCli,
  inputs: Inputs,
  where: { run: RunContext; region: string },
): Promise<RunPlan> {
  // The docker client and ECR answer independently: ask both at once. A runner without Docker
  // is still reported first, as when they were asked in turn.
  const [detected, found] = await Promise.allSettled([
    detectBuilder(docker),
    findRepository(ecr, inputs.repository),
  ]);
  if (detected.status === 'rejected') throw detected.reason;
  if (found.status === 'rejected') throw found.reason;
  const info = detected.value;
  const repository = found.value;
  const builder = chooseBuilder(inputs, info);
  const tags = imageTags({
    git: { sha: where.run.sha ?? '', ref: where.run.ref ?? '' },
    requested: inputs.tags,
    immutable: repository ? tagIsImmutable(repository, 'sha-0000000') : true,
  });
  const existing =
    repository && !('problems' in tags)
      ? await existingImage(ecr, repository, tags.tags, inputs.push)
      : ({ action: 'build' } as const);
  // A reused image needs no builder: only a build can be impossible here.
  if (existing.action !== 'reuse' && builder.problems.length)
    throw new ActionErrors(builder.problems);
  if (!repository && !inputs.createRepository) {
    throw new ActionError(
      `ECR repository "${inputs.repository}" does not exist in this account and region (${where.region}).`,
      'Create it (infra/), set `create-repository: true`, or fix `repository`.',
    );
  }
  if ('problems' in tags) throw new ActionErrors(tags.problems.map((p) => `Input "tags": ${p}.`));
  if (existing.action === 'refuse')
    throw immutableTagConflict(inputs.repository, existing.tag, existing.digest);
  if (existing.action === 'build' && builder.warning) toolkit.warning(builder.warning);
  for (const note of tags.skipped) toolkit.info(`Default tags left out: ${note}.`);
  return { builder, driver: info.driver, repository, tags, existing };
}

/** Whether the tags already name images the push could not move (see decideOnExistingTags). */
async function existingImage(
  ecr: ECRClient,
  repository: Repository,
  tags: readonly string[],
  push: boolean,
): Promise<ExistingTagsDecision> {
  const immutable = new Set(tags.filter((t) => tagIsImmutable(repository, t)));
  // Only immutable tags can conflict: a mutable repository needs no look-up.
  if (!push || immutable.size === 0) return { action: 'build' };
  const existing = await existingTags(ecr, repository.repositoryName!, tags);
  return decideOnExistingTags({ tags, immutable, existing, push });
}
