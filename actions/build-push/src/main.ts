import { join } from 'node:path';
import type { Repository } from '@aws-sdk/client-ecr';
import { awsClients } from '../../../lib/aws/clients.js';
import { CACHE_TAG, planCache } from '../../../lib/docker/cache.js';
import { DockerCli, detectBuilder } from '../../../lib/docker/cli.js';
import { ociLabels } from '../../../lib/docker/labels.js';
import { dockerLogin, dockerLogout } from '../../../lib/docker/login.js';
import { imageTags } from '../../../lib/docker/tags.js';
import { registryCredentials } from '../../../lib/ecr/auth.js';
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
import { readInputs } from './inputs.js';
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
  if (builder.problems.length) throw new ActionErrors(builder.problems);
  if (builder.warning) toolkit.warning(builder.warning);

  let repository: Repository | undefined = await findRepository(ecr, inputs.repository);
  if (!repository && !inputs.createRepository) {
    throw new ActionError(
      `ECR repository "${inputs.repository}" does not exist in this account and region (${process.env.AWS_REGION}).`,
      'Create it (infra/), set `create-repository: true`, or fix `repository`.',
    );
  }
  const immutable = repository ? tagIsImmutable(repository, 'sha-0000000') : true;
  const tagSet = imageTags({
    git: { sha: process.env.GITHUB_SHA ?? '', ref: process.env.GITHUB_REF ?? '' },
    requested: inputs.tags,
    immutable,
  });
  if ('problems' in tagSet)
    throw new ActionErrors(tagSet.problems.map((p) => `Input "tags": ${p}.`));
  for (const note of tagSet.skipped) toolkit.info(`Default tags left out: ${note}.`);
  if (repository) await refuseMovingImmutableTags(ecr, repository, tagSet.tags);

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

  let scanText: string | undefined;
  if (inputs.scan) {
    const threshold = inputs.scan;
    scanText = await toolkit.group(
      `Wait for the ECR scan (fail at ${threshold} or above)`,
      async () => {
        const result = await waitForScan(ecr, inputs.repository, published.digest!, {
          timeoutMs: inputs.scanTimeoutMs,
        });
        if (result.status !== 'COMPLETE') {
          throw new ActionError(
            `ECR scan of ${published.digest} ended ${result.status}.`,
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
            `ECR scan of ${published.digest} found ${bad.map(([s, n]) => `${n} ${s}`).join(', ')} (threshold ${threshold}).`,
            'Update the affected packages or base image, or raise `scan`.',
          );
        }
        return `complete: ${counts}`;
      },
    );
  }

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

/** An immutable tag that already names another image would fail the push after the build: say so first. */
async function refuseMovingImmutableTags(
  ecr: ReturnType<typeof awsClients>['ecr'],
  repository: Repository,
  tags: readonly string[],
): Promise<void> {
  const fixed = tags.filter((t) => tagIsImmutable(repository, t));
  const existing = await existingTags(ecr, repository.repositoryName!, fixed);
  if (existing.size === 0) return;
  const [tag, digest] = [...existing][0]!;
  throw new ActionError(
    `Tag "${tag}" already exists in the immutable repository "${repository.repositoryName}" (image ${digest}) and cannot be overwritten.`,
    'Leave `tags` empty (sha-<7> is unique per commit), push a new version tag, or make the repository MUTABLE.',
  );
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
