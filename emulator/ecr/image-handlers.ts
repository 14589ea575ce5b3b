/** ECR's image, layer and scan operations, each in the region the call was signed for. */
import { AwsError, type Handler } from '../protocol/json-service.js';
import type { EcrCore } from './core.js';
import { lookUpImage, resolveImageId, type ImageRecord } from './images.js';
import { imageNotFound, invalidParameter, scanNotFound, type ImageId } from './messages.js';
import { putImageHandler } from './put-image.js';
import { imageDetail, page, seconds, severityCounts } from './views.js';

export function imageHandlers(core: EcrCore): Record<string, Handler> {
  const { account } = core;
  return {
    DescribeImages: async (input, ctx) => {
      const regional = core.regional(ctx);
      const repository = regional.table.get(input.repositoryName);
      const all = await core.images(regional, repository);
      const ids: ImageId[] | undefined = Array.isArray(input.imageIds) ? input.imageIds : undefined;
      let selected: ImageRecord[];
      if (ids) {
        selected = [];
        for (const id of ids) {
          const found = resolveImageId(all, id);
          if (!('image' in found)) throw imageNotFound(id, repository.name, account);
          if (!selected.includes(found.image)) selected.push(found.image);
        }
      } else {
        const status = input.filter?.tagStatus ?? 'ANY';
        selected = all.filter(
          (i) => status === 'ANY' || (status === 'TAGGED') === i.tags.length > 0,
        );
      }
      const details = selected.map((i) => imageDetail(account, regional, repository, i, ctx.now()));
      return ids ? { imageDetails: details } : page(details, input, 'imageDetails');
    },

    BatchGetImage: async (input, ctx) => {
      const regional = core.regional(ctx);
      const repository = regional.table.get(input.repositoryName);
      if (!Array.isArray(input.imageIds) || input.imageIds.length === 0) {
        throw invalidParameter(
          "Invalid parameter at 'imageIds' failed to satisfy constraint: 'Member must have length greater than or equal to 1'",
        );
      }
      const found: unknown[] = [];
      const failures: unknown[] = [];
      const backing = regional.backingName(repository.name);
      for (const id of input.imageIds as ImageId[]) {
        const result = core.store
          ? await lookUpImage(core.store, backing, id)
          : resolveImageId([], id);
        if ('image' in result) {
          found.push({
            registryId: account,
            repositoryName: repository.name,
            imageId: {
              imageDigest: result.image.digest,
              ...(id.imageTag ? { imageTag: id.imageTag } : {}),
            },
            imageManifest: result.image.manifest,
            imageManifestMediaType: result.image.mediaType,
          });
        } else {
          failures.push({ imageId: id, ...result });
        }
      }
      return { images: found, failures };
    },

    PutImage: putImageHandler(core),

    GetDownloadUrlForLayer: async (input, ctx) => {
      const regional = core.regional(ctx);
      const repository = regional.table.get(input.repositoryName);
      const digest = String(input.layerDigest ?? '');
      const backing = regional.backingName(repository.name);
      if (!core.store || !(await core.store.hasBlob(backing, digest))) {
        throw new AwsError(
          'LayersNotFoundException',
          `The layer with digest '${digest}' does not exist within the repository with name '${repository.name}' in the registry with id '${account}'`,
        );
      }
      const path = `/v2/${repository.name}/blobs/${digest}`;
      const expires = new Date(ctx.now().getTime() + 60 * 60 * 1000);
      const endpoint = await core.endpoints.url({ registryId: account, region: regional.region });
      return { downloadUrl: `${endpoint}${core.signer.sign(path, expires)}`, layerDigest: digest };
    },

    StartImageScan: async (input, ctx) => {
      const regional = core.regional(ctx);
      const repository = regional.table.get(input.repositoryName);
      const image = await core.findImage(regional, repository, input.imageId ?? {});
      core.scan(regional, repository.name, image.digest, ctx.now());
      return {
        registryId: account,
        repositoryName: repository.name,
        imageId: {
          imageDigest: image.digest,
          ...(input.imageId?.imageTag ? { imageTag: input.imageId.imageTag } : {}),
        },
        imageScanStatus: { status: 'IN_PROGRESS' },
      };
    },

    DescribeImageScanFindings: async (input, ctx) => {
      const regional = core.regional(ctx);
      const repository = regional.table.get(input.repositoryName);
      const id: ImageId = input.imageId ?? {};
      const image = await core.findImage(regional, repository, id);
      const result = regional.table.scans.get(`${repository.name}@${image.digest}`);
      if (!result) throw scanNotFound(id, repository.name, account);
      return {
        registryId: account,
        repositoryName: repository.name,
        imageId: { imageDigest: image.digest, ...(id.imageTag ? { imageTag: id.imageTag } : {}) },
        imageScanStatus: {
          status: 'COMPLETE',
          description: 'The scan was completed successfully.',
        },
        imageScanFindings: {
          imageScanCompletedAt: seconds(result.completedAt),
          vulnerabilitySourceUpdatedAt: seconds(result.completedAt),
          findings: result.findings.map((f) => ({ ...f, attributes: [] })),
          findingSeverityCounts: severityCounts(result.findings),
        },
      };
    },
  };
}
