import type { ECRClient } from '@aws-sdk/client-ecr';
import {
  platformsOf,
  readImage,
  type EcrImage,
  type ImagePlatforms,
} from '../../../lib/ecr/image-platforms.js';
import { missingPlatforms } from '../../../lib/ecr/platforms.js';
import { ActionError } from '../../../lib/errors/action-error.js';
import type { Toolkit } from '../../../lib/github/index.js';
import type { Inputs } from './inputs.js';

export interface ImageToVerify {
  digest: string;
  /** Set when the image was not built by this run but reused. */
  reused?: string;
  /** The tag the image is known by (for the message about a reused image). */
  tag: string;
  /** The manifest ECR gave for `digest`, when the publish phase already read it. */
  image?: EcrImage;
}

/**
 * Reads the image back from ECR (BatchGetImage, unless publishing already did, and the config
 * for a single-platform image) and checks it is the digest expected and runs on every requested
 * platform.
 */
export async function verifyImage(
  toolkit: Toolkit,
  ecr: ECRClient,
  inputs: Inputs,
  image: ImageToVerify,
): Promise<ImagePlatforms> {
  const stored = image.image ?? (await readImage(ecr, `${inputs.repository}@${image.digest}`));
  const found = await platformsOf(ecr, stored);
  const problem = imageMismatch(image, found, inputs);
  if (problem) throw problem;
  toolkit.info(`ECR has ${image.digest} for ${found.platforms.join(', ')}.`);
  return found;
}

/** Why the image ECR holds is not the one to deploy, if it is not. Pure. */
export function imageMismatch(
  image: ImageToVerify,
  found: Pick<ImagePlatforms, 'digest' | 'platforms'>,
  requested: Pick<Inputs, 'platforms' | 'platformSource'>,
): ActionError | undefined {
  if (found.digest !== image.digest) {
    return new ActionError(
      `ECR has ${found.digest} where docker pushed ${image.digest}.`,
      'Run again; if it repeats, check for a registry mirror or proxy in between.',
    );
  }
  const missing = missingPlatforms(requested.platforms, found.platforms);
  if (!missing.length) return undefined;
  const runsOn = `runs on ${found.platforms.join(', ')}, not on ${missing.join(', ')} as asked (${requested.platformSource})`;
  if (image.reused) {
    return new ActionError(
      `The existing image ${image.digest} (tag "${image.tag}") ${runsOn}; its tags are immutable, so it cannot be rebuilt under them.`,
      "Build from a new commit or under new `tags`, or set `platforms` to the task definition's runtimePlatform.",
    );
  }
  return new ActionError(
    `The pushed image ${image.digest} ${runsOn}.`,
    "Set `platforms` to match the task definition's runtimePlatform, and use buildx with QEMU for other architectures.",
  );
}
