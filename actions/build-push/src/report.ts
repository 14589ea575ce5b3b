import type { TagSet } from '../../../lib/docker/tags.js';
import type { ImagePlatforms } from '../../../lib/ecr/image-platforms.js';
import type { Toolkit } from '../../../lib/github/index.js';
import type { Published } from './publish.js';
import { buildSummary, type BuildReport } from './summary.js';

/** Everything a run found out, for its outputs and job summary. */
export interface RunResult {
  registry: string;
  /** `<registry>/<repository>` */
  imageRepo: string;
  tags: TagSet;
  published: Published;
  /** The image as ECR serves it; undefined when nothing was pushed (push: false). */
  verified?: ImagePlatforms;
  /** The `platforms` asked for: all there is to say when nothing was pushed. */
  platforms: string[];
  scan?: string;
}

/** Outputs, the job summary, and a notice when an existing image was reused. */
export async function report(toolkit: Toolkit, result: RunResult): Promise<void> {
  for (const [name, value] of Object.entries(outputsOf(result))) toolkit.setOutput(name, value);
  const summary = summaryOf(result);
  if (result.published.reused) {
    toolkit.notice(`Reused the existing image ${summary.image}: ${result.published.reused}.`);
  }
  await toolkit.appendSummary(buildSummary(summary));
}

/** The action's outputs (action.yml), all of them always set. Pure. */
export function outputsOf(result: RunResult): Record<string, string> {
  const { imageRepo, published } = result;
  return {
    image: published.digest ? `${imageRepo}@${published.digest}` : '',
    'image-tagged': `${imageRepo}:${result.tags.primary}`,
    digest: published.digest ?? '',
    tags: result.tags.tags.map((t) => `${imageRepo}:${t}`).join('\n'),
    platforms: (result.verified?.platforms ?? result.platforms).join(','),
    registry: result.registry,
  };
}

function summaryOf(result: RunResult): BuildReport {
  const { imageRepo, published, verified } = result;
  return {
    image: published.digest ? `${imageRepo}@${published.digest}` : undefined,
    imageTagged: `${imageRepo}:${result.tags.primary}`,
    digest: published.digest,
    size: verified?.size,
    platforms: verified?.platforms ?? result.platforms,
    tags: result.tags.tags,
    cache: published.cache,
    builder: published.builder,
    reused: published.reused,
    scan: result.scan,
  };
}
