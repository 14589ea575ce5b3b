import {
  ImageAlreadyExistsException,
  ImageTagAlreadyExistsException,
  PutImageCommand,
  type ECRClient,
} from '@aws-sdk/client-ecr';
import { ActionError } from '../errors/action-error.js';
import type { EcrImage } from './image-platforms.js';

/**
 * Adds tags to an image ECR already holds, as AWS's retagging guide does (BatchGetImage, then
 * PutImage with the same manifest): no docker process and no layer check per tag. The same
 * manifest under the same tag is already done (ImageAlreadyExistsException); an immutable tag
 * naming another image is refused with the fix.
 */
export async function tagImage(
  ecr: ECRClient,
  image: EcrImage,
  tags: readonly string[],
): Promise<void> {
  await Promise.all(
    tags.map((imageTag) =>
      ecr
        .send(
          new PutImageCommand({
            repositoryName: image.repositoryName,
            imageManifest: image.manifest,
            imageManifestMediaType: image.mediaType,
            imageDigest: image.digest,
            imageTag,
          }),
        )
        .catch((error: unknown) => {
          if (error instanceof ImageAlreadyExistsException) return;
          if (error instanceof ImageTagAlreadyExistsException) {
            throw new ActionError(
              `Tagging ${image.repositoryName}@${image.digest} as "${imageTag}" refused: ${error.message}`,
              'Tags in an immutable repository never move: leave `tags` empty (sha-<7> is unique per commit) or push a new version tag.',
            );
          }
          throw error;
        }),
    ),
  );
}
