import { join } from 'node:path';
import type { Repository } from '@aws-sdk/client-ecr';
import { awsClients } from '../../../lib/aws/clients.js';
import { CACHE_TAG, planCache } from '../../../lib/docker/cache.js';
import { DockerCli, detectBuilder } from '../../../lib/docker/cli.js';
import { ociLabels } from '../../../lib/docker/labels.js';
import { dockerLogin, dockerLogout } from '../../../lib/docker/login.js';
import { imageTags } from '../../../lib/docker/tags.js';
import { registryCredentials } from '../../../lib/ecr/auth.js';
import {
  decideOnExistingTags,
  immutableTagConflict,
  type ExistingTagsDecision,
} from '../../../lib/ecr/existing-tags.js';
import { imagePlatforms } from '../../../lib/ecr/image-platforms.js';
import { missingPlatforms } from '../../../lib/ecr/platforms.js';
import {
  createRepository,
  existingTags,
  findRepository,
  tagIsImmutable,
} from '../../../lib/ecr/repository.js';
import { findingsAtOrAbove, waitForScan } from '../../../lib/ecr/scan.js';
import { ActionError, ActionErrors } from '../../../lib/errors/action-error.js';
import { run, type Toolkit } from '../../../lib/github/index.js';
import { chooseBuilder } from './builder-choice.js';
import { readInputs, type Inputs } from './inputs.js';
import { buildAndPush, writeSecrets } from './publish.js';
import { buildSummary } from './summary.js';

const ACTION = 'build-push';

async function main(toolkit: Toolkit): Promise<void> {
  const inputs = readInputs(toolkit);
  const { ecr } = awsClients({ action: ACTION });
  const docker = new DockerCli();

  // Everything is checked before anything changes: builder, repository, tags.
  const info = await detectBuilder(docker);
  const builder = chooseBuilder(inputs, info);
  let repository: Repository | undefined = await findRepository(ecr, inputs.repository);
  const immutable = repository ? tagIsImmutable(repository, 'sha-0000000') : true;
  const tagSet = imageTags({
    git: { sha: process.env.GITHUB_SHA ?? '', ref: process.env.GITHUB_REF ?? '' },
    requested: inputs.tags,
    immutable,
  });
  const existing =
    repository && !('problems' in tagSet)
      ? await existingImage(ecr, repository, tagSet.tags, inputs.push)
      : ({ action: 'build' } as const);
  // A reused image needs no builder: only a build can be impossible here.
  if (existing.action !== 'reuse' && builder.problems.length)
    throw new ActionErrors(builder.problems);
  if (!repository && !inputs.createRepository) {
    throw new ActionError(
      `ECR repository "${inputs.repository}" does not exist in this account and region (${process.env.AWS_REGION}).`,
      'Create it (infra/), set `create-repository: true`, or fix `repository`.',
    );
  }
  if ('problems' in tagSet)
    throw new ActionErrors(tagSet.problems.map((p) => `Input "tags": ${p}.`));
  if (existing.action === 'refuse')
    throw immutableTagConflict(inputs.repository, existing.tag, existing.digest);
  if (existing.action === 'build' && builder.warning) toolkit.warning(builder.warning);
  for (const note of tagSet.skipped) toolkit.info(`Default tags left out: ${note}.`);

  if (!repository) {
    repository = await toolkit.group(`Create ECR repository ${inputs.repository}`, () =>
      createRepository(ecr, inputs.repository),
    );
    toolkit.info(
      `Created ${repository.repositoryUri} (scan on push, immutable tags except ${CACHE_TAG}).`,
    );
  }

  const credentials = await toolkit.group('Log in to ECR', async () => {
    const found = await registryCredentials(ecr);
    toolkit.setSecret(found.password);
    toolkit.setSecret(Buffer.from(`${found.username}:${found.password}`).toString('base64'));
    const registry = inputs.registry ?? found.registry;
    await dockerLogin(docker, { ...found, registry, onRetry: (m) => toolkit.warning(m) });
    toolkit.saveState('registry', registry);
    toolkit.info(`Logged in to ${registry}.`);
    return { ...found, registry };
  });
  if (inputs.repositoryHost && inputs.repositoryHost !== credentials.registry) {
    toolkit.warning(
      `Input "repository" names registry ${inputs.repositoryHost}, but the image goes to ${credentials.registry} (ECR's proxyEndpoint or \`registry\`).`,
    );
  }

  const imageRepo = `${credentials.registry}/${inputs.repository}`;

  if (existing.action === 'reuse') {
    const found = await toolkit.group(`Reuse the existing image ${existing.digest}`, async () => {
      const found = await imagePlatforms(ecr, `${inputs.repository}@${existing.digest}`);
      const missing = missingPlatforms(inputs.platforms, found.platforms);
      if (missing.length) {
        throw new ActionError(
          `The existing image ${existing.digest} (tag "${tagSet.primary}") runs on ${found.platforms.join(', ')}, not on ${missing.join(', ')} as asked (${inputs.platformSource}); its tags are immutable, so it cannot be rebuilt under them.`,
          "Build from a new commit or under new `tags`, or set `platforms` to the task definition's runtimePlatform.",
        );
      }
      toolkit.info(`ECR has ${existing.digest} for ${found.platforms.join(', ')}.`);
      return found;
    });
    const reused = `${existing.reason} (a re-run of this commit), so nothing was built or pushed`;
    toolkit.notice(`Reused the existing image ${imageRepo}@${existing.digest}: ${reused}.`);
    const scan = inputs.scan ? await scanGate(toolkit, ecr, inputs, existing.digest) : undefined;
    const report = {
      image: `${imageRepo}@${existing.digest}`,
      imageTagged: `${imageRepo}:${tagSet.primary}`,
      digest: existing.digest,
      size: found.size,
      platforms: found.platforms,
      tags: tagSet.tags,
      cache: 'not used (existing image reused)',
      builder: 'none (existing image reused)',
      reused,
      scan,
    };
    setOutputs(toolkit, { ...report, registry: credentials.registry, imageRepo });
    await toolkit.appendSummary(buildSummary(report));
    return;
  }

  const cache = planCache({
    mode: inputs.cache,
    builder: builder.builder,
    driver: info.driver,
    repository: imageRepo,
    cacheTagImmutable: tagIsImmutable(repository, CACHE_TAG),
    ghaAvailable: Boolean(
      (process.env.ACTIONS_CACHE_URL || process.env.ACTIONS_RESULTS_URL) &&
      process.env.ACTIONS_RUNTIME_TOKEN,
    ),
  });
  if (cache.warning) toolkit.warning(cache.warning);

  const secrets = writeSecrets(inputs.secrets);
  const published = await toolkit
    .group(
      `Build ${inputs.push ? 'and push ' : ''}${imageRepo} (${inputs.platforms.join(', ')})`,
      () =>
        buildAndPush(
          docker,
          {
            builder: builder.builder,
            context: inputs.context,
            file: inputs.file,
            target: inputs.target,
            buildArgs: inputs.buildArgs,
            secrets: secrets.files,
            platforms: inputs.platforms,
            tags: tagSet.tags.map((t) => `${imageRepo}:${t}`),
            labels: ociLabels(
              {
                serverUrl: process.env.GITHUB_SERVER_URL ?? 'https://github.com',
                repository: process.env.GITHUB_REPOSITORY ?? inputs.repository,
                sha: process.env.GITHUB_SHA ?? '',
                version: tagSet.version,
                created: new Date(),
              },
              inputs.labels,
            ),
            cacheFrom: cache.from,
            cacheTo: cache.to,
            provenance: inputs.provenance,
            sbom: inputs.sbom,
            push: inputs.push,
            metadataFile: join(
              process.env.RUNNER_TEMP || '/tmp',
              `build-push-metadata-${process.pid}.json`,
            ),
          },
          (line) => toolkit.info(line),
        ),
    )
    .finally(() => secrets.remove());

  const report = {
    imageTagged: `${imageRepo}:${tagSet.primary}`,
    platforms: inputs.platforms,
    tags: tagSet.tags,
    cache: cache.description,
    builder:
      builder.builder === 'buildx' ? `buildx (${info.driver ?? 'unknown'} driver)` : 'classic',
  };
  if (!published.digest) {
    setOutputs(toolkit, { ...report, registry: credentials.registry, imageRepo });
    await toolkit.appendSummary(buildSummary(report));
    return;
  }

  const verified = await toolkit.group('Verify the pushed image', async () => {
    const found = await imagePlatforms(ecr, `${inputs.repository}@${published.digest}`);
    if (found.digest !== published.digest) {
      throw new ActionError(
        `ECR has ${found.digest} where docker pushed ${published.digest}.`,
        'Run again; if it repeats, check for a registry mirror or proxy in between.',
      );
    }
    const missing = missingPlatforms(inputs.platforms, found.platforms);
    if (missing.length) {
      throw new ActionError(
        `The pushed image ${published.digest} runs on ${found.platforms.join(', ')}, not on ${missing.join(', ')} as asked (${inputs.platformSource}).`,
        "Set `platforms` to match the task definition's runtimePlatform, and use buildx with QEMU for other architectures.",
      );
    }
    toolkit.info(`ECR has ${published.digest} for ${found.platforms.join(', ')}.`);
    return found;
  });

  const scanText = inputs.scan ? await scanGate(toolkit, ecr, inputs, published.digest) : undefined;

  setOutputs(toolkit, {
    ...report,
    image: `${imageRepo}@${published.digest}`,
    digest: published.digest,
    platforms: verified.platforms,
    registry: credentials.registry,
    imageRepo,
  });
  await toolkit.appendSummary(
    buildSummary({
      ...report,
      image: `${imageRepo}@${published.digest}`,
      digest: published.digest,
      size: verified.size,
      platforms: verified.platforms,
      scan: scanText,
    }),
  );
}

/** Whether the tags already name images the push could not move (see decideOnExistingTags). */
async function existingImage(
  ecr: ReturnType<typeof awsClients>['ecr'],
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

/** Waits for ECR's scan of `digest` and fails at the `scan` threshold; returns the summary text. */
function scanGate(
  toolkit: Toolkit,
  ecr: ReturnType<typeof awsClients>['ecr'],
  inputs: Inputs,
  digest: string,
): Promise<string> {
  const threshold = inputs.scan!;
  return toolkit.group(`Wait for the ECR scan (fail at ${threshold} or above)`, async () => {
    const result = await waitForScan(ecr, inputs.repository, digest, {
      timeoutMs: inputs.scanTimeoutMs,
    });
    if (result.status !== 'COMPLETE') {
      throw new ActionError(
        `ECR scan of ${digest} ended ${result.status}.`,
        "Check the repository's scanning configuration, or raise `scan-timeout`.",
      );
    }
    const bad = findingsAtOrAbove(result.counts, threshold);
    const counts =
      Object.entries(result.counts)
        .map(([s, n]) => `${s} ${n}`)
        .join(', ') || 'no findings';
    if (bad.length) {
      throw new ActionError(
        `ECR scan of ${digest} found ${bad.map(([s, n]) => `${n} ${s}`).join(', ')} (threshold ${threshold}).`,
        'Update the affected packages or base image, or raise `scan`.',
      );
    }
    return `complete: ${counts}`;
  });
}

function setOutputs(
  toolkit: Toolkit,
  values: {
    image?: string;
    imageTagged: string;
    digest?: string;
    tags: string[];
    platforms: string[];
    registry: string;
    imageRepo: string;
  },
): void {
  toolkit.setOutput('image', values.image ?? '');
  toolkit.setOutput('image-tagged', values.imageTagged);
  toolkit.setOutput('digest', values.digest ?? '');
  toolkit.setOutput('tags', values.tags.map((t) => `${values.imageRepo}:${t}`).join('\n'));
  toolkit.setOutput('platforms', values.platforms.join(','));
  toolkit.setOutput('registry', values.registry);
}

/** The post step: forget the ECR password on the runner. */
async function post(toolkit: Toolkit): Promise<void> {
  const registry = toolkit.getState('registry');
  if (!registry) return;
  const ok = await dockerLogout(new DockerCli(), registry);
  toolkit.info(
    ok
      ? `Logged out of ${registry}.`
      : `docker logout ${registry} failed; the runner keeps the credentials until it is recycled.`,
  );
}

await run(main, { post });
