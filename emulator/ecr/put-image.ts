/**
 * ECR PutImage: a manifest stored under a tag (or only by digest) through the API, as AWS's
 * "retag an image" guide does with BatchGetImage + PutImage. The registry checks that every blob
 * the manifest names is there; ECR's rules (immutable tags, no-op puts) are checked here first.
 */
import { createHash } from 'node:crypto';
import { AwsError, type Handler } from '../protocol/json-service.js';
import type { EcrCore } from './core.js';
import { readStoredManifest } from './manifests.js';
import { imageAlreadyExists, immutableTagText, invalidParameter } from './messages.js';
import { tagIsImmutable } from './repositories.js';

export function putImageHandler(core: EcrCore): Handler {
  return async (input, ctx) => {
    const regional = core.regional(ctx);
    const repository = regional.table.get(input.repositoryName);
    const manifest = typeof input.imageManifest === 'string' ? input.imageManifest : '';
    const tag = typeof input.imageTag === 'string' && input.imageTag ? input.imageTag : undefined;
    let mediaType: string;
    try {
      mediaType = readStoredManifest(manifest, input.imageManifestMediaType ?? '').mediaType;
    } catch {
      throw invalidParameter('Invalid parameter at imageManifest: the manifest is not valid JSON');
    }
    if (!mediaType) {
      throw invalidParameter(
        'Invalid parameter at imageManifestMediaType: the manifest names no media type',
      );
    }
    const digest = `sha256:${createHash('sha256').update(manifest).digest('hex')}`;
    if (input.imageDigest !== undefined && input.imageDigest !== digest) {
      throw new AwsError(
        'ImageDigestDoesNotMatchException',
        `Provided image digest '${input.imageDigest}' does not match the calculated image digest '${digest}'`,
      );
    }
    if (!core.store) {
      throw new AwsError('LayersNotFoundException', 'The image layers are not in this registry');
    }
    const backing = regional.backingName(repository.name);
    const existing = await core.store.manifest(backing, tag ?? digest);
    if (existing?.digest === digest) {
      throw imageAlreadyExists(digest, tag, repository.name, core.account);
    }
    if (tag && existing && tagIsImmutable(repository, tag)) {
      throw new AwsError('ImageTagAlreadyExistsException', immutableTagText(tag, repository.name));
    }
    const stored = await core.store.putManifest(backing, tag ?? digest, manifest, mediaType);
    if (stored.code === 'MANIFEST_BLOB_UNKNOWN' || stored.code === 'BLOB_UNKNOWN') {
      throw new AwsError(
        'LayersNotFoundException',
        `Layers referenced by the manifest do not exist within the repository with name '${repository.name}' in the registry with id '${core.account}'`,
      );
    }
    if (stored.status !== 201) {
      throw new Error(`registry refused the manifest: HTTP ${stored.status} ${stored.code ?? ''}`);
    }
    core.recordPush(regional, repository.name, digest);
    return {
      image: {
        registryId: core.account,
        repositoryName: repository.name,
        imageId: { imageDigest: digest, ...(tag ? { imageTag: tag } : {}) },
        imageManifest: manifest,
        imageManifestMediaType: mediaType,
      },
    };
  };
}
