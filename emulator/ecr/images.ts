import type { ImageId } from './messages.js';
import { readStoredManifest } from './manifests.js';
import type { RegistryStore, StoredManifest } from './registry.js';

/** One image of a repository as ECR describes it: a manifest digest and the tags pointing at it. */
export interface ImageRecord {
  digest: string;
  tags: string[];
  mediaType: string;
  manifest: string;
  size: number;
}

/**
 * Reads a repository's images from the registry: every tag resolved to its digest, grouped by
 * digest, plus untagged digests the front saw pushed. The registry is the source of truth.
 */
export async function listImages(
  store: RegistryStore,
  name: string,
  knownDigests: Iterable<string>,
): Promise<ImageRecord[]> {
  const byDigest = new Map<string, ImageRecord>();
  const add = async (reference: string, tag?: string) => {
    const stored = await store.manifest(name, reference);
    if (!stored) return;
    let record = byDigest.get(stored.digest);
    if (!record) {
      record = await toRecord(store, name, stored);
      byDigest.set(stored.digest, record);
    }
    if (tag) record.tags.push(tag);
  };
  for (const tag of await store.tags(name)) await add(tag, tag);
  for (const digest of knownDigests) if (!byDigest.has(digest)) await add(digest);
  return [...byDigest.values()];
}

async function toRecord(
  store: RegistryStore,
  name: string,
  stored: StoredManifest,
): Promise<ImageRecord> {
  const manifest = readStoredManifest(stored.body, stored.mediaType);
  let size: number;
  if (manifest.kind === 'image') {
    size = manifest.size;
  } else {
    // ECR reports an index's size as what its images occupy.
    size = 0;
    for (const child of manifest.children) {
      const childManifest = await store.manifest(name, child.digest);
      const parsed =
        childManifest && readStoredManifest(childManifest.body, childManifest.mediaType);
      size += parsed && parsed.kind === 'image' ? parsed.size : child.size;
    }
  }
  return {
    digest: stored.digest,
    tags: [],
    mediaType: manifest.mediaType || stored.mediaType,
    manifest: stored.body,
    size,
  };
}

export type Resolution =
  | { image: ImageRecord }
  | {
      failureCode: 'ImageNotFound' | 'ImageTagDoesNotMatchDigest' | 'MissingDigestAndTag';
      failureReason: string;
    };

/** Finds the image an ECR imageId names, or the BatchGetImage failure for it. */
export function resolveImageId(images: readonly ImageRecord[], id: ImageId): Resolution {
  if (!id.imageDigest && !id.imageTag) {
    return {
      failureCode: 'MissingDigestAndTag',
      failureReason: 'Invalid request: imageDigest or imageTag must be provided',
    };
  }
  const byTag = id.imageTag ? images.find((i) => i.tags.includes(id.imageTag!)) : undefined;
  const byDigest = id.imageDigest ? images.find((i) => i.digest === id.imageDigest) : undefined;
  if (id.imageTag && id.imageDigest) {
    if (!byTag || !byDigest)
      return { failureCode: 'ImageNotFound', failureReason: 'Requested image not found' };
    if (byTag !== byDigest) {
      return {
        failureCode: 'ImageTagDoesNotMatchDigest',
        failureReason: 'Invalid image tag for the specified image digest',
      };
    }
    return { image: byTag };
  }
  const image = byTag ?? byDigest;
  return image
    ? { image }
    : { failureCode: 'ImageNotFound', failureReason: 'Requested image not found' };
}

/**
 * BatchGetImage's look-up: the manifest an imageId names, read straight from the registry (by
 * tag or digest) instead of listing the whole repository. Same answers as resolveImageId.
 */
export async function lookUpImage(
  store: RegistryStore,
  name: string,
  id: ImageId,
): Promise<{ image: Pick<ImageRecord, 'digest' | 'mediaType' | 'manifest'> } | Failure> {
  if (!id.imageDigest && !id.imageTag) return resolveImageId([], id) as Failure;
  const stored = await store.manifest(name, id.imageTag ?? id.imageDigest!);
  if (!stored) return NOT_FOUND;
  if (id.imageTag && id.imageDigest && stored.digest !== id.imageDigest) {
    return (await store.manifest(name, id.imageDigest))
      ? {
          failureCode: 'ImageTagDoesNotMatchDigest',
          failureReason: 'Invalid image tag for the specified image digest',
        }
      : NOT_FOUND;
  }
  const { mediaType } = readStoredManifest(stored.body, stored.mediaType);
  return {
    image: {
      digest: stored.digest,
      mediaType: mediaType || stored.mediaType,
      manifest: stored.body,
    },
  };
}

type Failure = Exclude<Resolution, { image: ImageRecord }>;
const NOT_FOUND: Failure = {
  failureCode: 'ImageNotFound',
  failureReason: 'Requested image not found',
};
