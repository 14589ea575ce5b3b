import {
  BatchGetImageCommand,
  GetDownloadUrlForLayerCommand,
  RepositoryNotFoundException,
  type ECRClient,
} from '@aws-sdk/client-ecr';
import { ActionError } from '../errors/action-error.js';
import { formatImageRef, parseImageRef } from './image-ref.js';
import {
  MANIFEST_MEDIA_TYPES,
  imageSize,
  indexPlatforms,
  parseManifest,
  platformName,
} from './manifest.js';

export interface ImagePlatforms {
  /** Digest of what the reference points at (the index for multi-platform images). */
  digest: string;
  /** e.g. ['linux/amd64', 'linux/arm64'], attestations left out. */
  platforms: string[];
  mediaType: string;
  /** Compressed bytes (for an index: the sum of its platform images). */
  size: number;
}

/** An image as ECR's BatchGetImage returns it: the manifest text, its media type and digest. */
export interface EcrImage {
  repositoryName: string;
  digest: string;
  manifest: string;
  mediaType?: string;
}

/**
 * What an ECR image really runs on, read from the registry through the ECR API: BatchGetImage
 * for the manifest, then for a single-platform image its config blob (GetDownloadUrlForLayer)
 * for os/architecture. `image` is a URI or `repo[:tag|@digest]`; a tag-less reference means `latest`.
 */
export async function imagePlatforms(ecr: ECRClient, image: string): Promise<ImagePlatforms> {
  return platformsOf(ecr, await readImage(ecr, image));
}

/** The manifest ECR holds for `image` (a URI or `repo[:tag|@digest]`), by BatchGetImage. */
export async function readImage(ecr: ECRClient, image: string): Promise<EcrImage> {
  const ref = parseImageRef(image);
  if ('problem' in ref) throw new ActionError(`Image "${image}": ${ref.problem}.`);
  const imageId = ref.digest ? { imageDigest: ref.digest } : { imageTag: ref.tag ?? 'latest' };
  const repositoryName = ref.repository;
  const got = await ecr
    .send(
      new BatchGetImageCommand({
        repositoryName,
        imageIds: [imageId],
        acceptedMediaTypes: [...MANIFEST_MEDIA_TYPES],
      }),
    )
    .catch((error: unknown) => {
      if (error instanceof RepositoryNotFoundException) {
        throw new ActionError(
          `ECR repository "${repositoryName}" does not exist (image ${formatImageRef(ref)}).`,
          'Create it, or check the repository name and AWS_REGION.',
        );
      }
      throw error;
    });
  const found = got.images?.[0];
  if (!found?.imageManifest) {
    const why = got.failures?.[0]?.failureReason ?? 'Requested image not found';
    throw new ActionError(
      `Image ${formatImageRef(ref)} is not in ECR repository "${repositoryName}": ${why}.`,
      'Push it first, or check the tag or digest.',
    );
  }
  return {
    repositoryName,
    digest: found.imageId?.imageDigest ?? ref.digest ?? '',
    manifest: found.imageManifest,
    mediaType: found.imageManifestMediaType,
  };
}

/** The platforms of an image already read: an index lists them; an image's config names its one. */
export async function platformsOf(ecr: ECRClient, image: EcrImage): Promise<ImagePlatforms> {
  const { digest, repositoryName } = image;
  const manifest = parseManifest(image.manifest, image.mediaType);
  if (manifest.kind === 'index') {
    return {
      digest,
      platforms: indexPlatforms(manifest.manifests),
      mediaType: manifest.mediaType,
      size: manifest.manifests.reduce((sum, m) => sum + m.size, 0),
    };
  }
  const config = await readBlob(ecr, repositoryName, manifest.config.digest);
  const parsed = JSON.parse(config) as { os?: string; architecture?: string; variant?: string };
  if (!parsed.os || !parsed.architecture) {
    throw new Error(`image config ${manifest.config.digest} has no os/architecture`);
  }
  return {
    digest,
    platforms: [
      platformName({ os: parsed.os, architecture: parsed.architecture, variant: parsed.variant }),
    ],
    mediaType: manifest.mediaType,
    size: imageSize(manifest),
  };
}

/** A blob (the image config here) through the pre-signed URL ECR hands out for it. */
async function readBlob(
  ecr: ECRClient,
  repositoryName: string,
  layerDigest: string,
): Promise<string> {
  const { downloadUrl } = await ecr.send(
    new GetDownloadUrlForLayerCommand({ repositoryName, layerDigest }),
  );
  if (!downloadUrl) throw new Error(`ECR returned no download URL for ${layerDigest}`);
  const response = await fetch(downloadUrl, { signal: AbortSignal.timeout(30_000) });
  if (!response.ok) {
    throw new Error(`download of ${layerDigest} failed: HTTP ${response.status}`);
  }
  return response.text();
}
