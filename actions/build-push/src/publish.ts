import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ECRClient, Repository } from '@aws-sdk/client-ecr';
import {
  buildArguments,
  buildEnvironment,
  pushPlan,
  type BuildPlan,
  type Builder,
} from '../../../lib/docker/build-plan.js';
import { CACHE_TAG, planCache } from '../../../lib/docker/cache.js';
import type { DockerCli } from '../../../lib/docker/cli.js';
import { buildFailure, pushFailure } from '../../../lib/docker/failures.js';
import { ociLabels } from '../../../lib/docker/labels.js';
import { readImage, type EcrImage } from '../../../lib/ecr/image-platforms.js';
import { tagIsImmutable } from '../../../lib/ecr/repository.js';
import { tagImage } from '../../../lib/ecr/tag-image.js';
import type { Toolkit } from '../../../lib/github/index.js';
import type { Runner } from '../../../lib/github/run-context.js';
import type { Inputs } from './inputs.js';
import type { RunPlan } from './plan.js';

/** What the publish phase leaves for verification and the report. */
export interface Published {
  /** Manifest (or index) digest in the registry; undefined when nothing was pushed. */
  digest?: string;
  /** The pushed image as ECR returned it, when it was read back to add the other tags. */
  image?: EcrImage;
  /** Cache and builder used, as the summary says them. */
  cache: string;
  builder: string;
  /** Set when nothing was built: why the image the tags already name was reused. */
  reused?: string;
}

/** Builds the image (with the planned builder, cache, labels and secrets) and pushes every tag. */
export async function publishImage(
  toolkit: Toolkit,
  { docker, ecr }: { docker: DockerCli; ecr: ECRClient },
  inputs: Inputs,
  target: { plan: RunPlan; repository: Repository; imageRepo: string },
  runner: Runner,
): Promise<Published> {
  const { plan, imageRepo } = target;
  const { run, env } = runner;
  const builder = plan.builder.builder;
  const cache = planCache({
    mode: inputs.cache,
    builder,
    driver: plan.driver,
    repository: imageRepo,
    cacheTagImmutable: tagIsImmutable(target.repository, CACHE_TAG),
    ghaAvailable: Boolean(
      (env.ACTIONS_CACHE_URL || env.ACTIONS_RESULTS_URL) && env.ACTIONS_RUNTIME_TOKEN,
    ),
  });
  if (cache.warning) toolkit.warning(cache.warning);

  const secrets = writeSecrets(inputs.secrets, runner.tempDir);
  const pushed = await buildAndPush(
    { docker, ecr, repositoryName: inputs.repository },
    {
      builder,
      context: inputs.context,
      file: inputs.file,
      target: inputs.target,
      buildArgs: inputs.buildArgs,
      secrets: secrets.files,
      platforms: inputs.platforms,
      tags: plan.tags.tags.map((t) => `${imageRepo}:${t}`),
      labels: ociLabels(
        {
          serverUrl: run.serverUrl,
          repository: run.repository ?? inputs.repository,
          sha: run.sha ?? '',
          version: plan.tags.version,
          created: new Date(),
        },
        inputs.labels,
      ),
      cacheFrom: cache.from,
      cacheTo: cache.to,
      inlineCacheRef: cache.inlineRef,
      provenance: inputs.provenance,
      sbom: inputs.sbom,
      push: inputs.push,
      metadataFile: join(runner.tempDir, `build-push-metadata-${process.pid}.json`),
    },
    (line) => toolkit.info(line),
  ).finally(() => secrets.remove());
  return {
    digest: pushed.digest,
    image: pushed.image,
    cache: cache.description,
    builder: BUILDER_NAMES[builder].replace('<driver>', plan.driver ?? 'unknown'),
  };
}

const BUILDER_NAMES: Record<Builder, string> = {
  buildx: 'buildx (<driver> driver)',
  buildkit: 'engine BuildKit (docker build, DOCKER_BUILDKIT=1)',
  classic: 'classic',
};

/** Nothing to build: the immutable tags already name this image (a re-run of the commit). */
export function existingImage(existing: { digest: string; reason: string }): Published {
  return {
    digest: existing.digest,
    cache: 'not used (existing image reused)',
    builder: 'none (existing image reused)',
    reused: `${existing.reason} (a re-run of this commit), so nothing was built or pushed`,
  };
}

/** Build secrets as 0600 files in a private folder, removed when the build is over. */
export function writeSecrets(
  secrets: ReadonlyArray<{ key: string; value: string }>,
  tempDir: string,
): {
  files: Array<{ id: string; src: string }>;
  remove(): void;
} {
  if (secrets.length === 0) return { files: [], remove: () => {} };
  const dir = mkdtempSync(join(tempDir, 'build-secrets-'));
  chmodSync(dir, 0o700);
  const files = secrets.map(({ key, value }) => {
    const src = join(dir, key);
    writeFileSync(src, value, { mode: 0o600 });
    return { id: key, src };
  });
  return { files, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Runs the build (and without buildx, the push and the other tags); returns the pushed digest,
 * and the image as ECR holds it when it was read back to tag it.
 */
export async function buildAndPush(
  to: { docker: DockerCli; ecr: ECRClient; repositoryName: string },
  plan: BuildPlan,
  log: (line: string) => void,
): Promise<{ digest?: string; image?: EcrImage }> {
  const { docker } = to;
  const env = buildEnvironment(plan.builder);
  const build = await docker.run(buildArguments(plan), { env, onLine: log });
  if (build.code !== 0) {
    // buildx pushes as part of the build: a refused push shows up here.
    if (
      /tag invalid:|name unknown:|unauthorized|denied/.test(build.output) &&
      /push|export/i.test(build.output)
    ) {
      throw pushFailure(build.output, plan.tags[0] ?? '');
    }
    throw buildFailure(build.output, plan.file ?? join(plan.context, 'Dockerfile'));
  }
  if (plan.builder === 'buildx') {
    if (!plan.push || !plan.metadataFile) return {};
    const metadata = JSON.parse(readFileSync(plan.metadataFile, 'utf8')) as Record<string, unknown>;
    const digest = metadata['containerimage.digest'];
    if (typeof digest !== 'string') throw new Error('buildx wrote no containerimage.digest');
    return { digest };
  }
  const { push, alsoTag } = pushPlan(plan);
  if (!push) return {};
  // One push uploads the layers; the other references name the same manifest, added in ECR.
  const { digest } = await pushTag(docker, push, log);
  if (!alsoTag.length) return { digest };
  const image = await readImage(to.ecr, `${to.repositoryName}@${digest}`);
  const tags = alsoTag.map((ref) => ref.slice(ref.lastIndexOf(':') + 1));
  await tagImage(to.ecr, image, tags);
  for (const ref of alsoTag) log(`Tagged ${ref} (ECR PutImage, ${digest})`);
  return { digest, image };
}

async function pushTag(
  docker: DockerCli,
  args: string[],
  log: (line: string) => void,
): Promise<{ ref: string; digest: string }> {
  const ref = args[1]!;
  const push = await docker.run(args, { onLine: log });
  if (push.code !== 0) throw pushFailure(push.output, ref);
  const digest = /digest: (sha256:[a-f0-9]{64})/.exec(push.output)?.[1];
  if (!digest) throw new Error(`docker push ${ref} printed no digest`);
  return { ref, digest };
}
