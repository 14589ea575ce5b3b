import type { IncomingMessage, ServerResponse } from 'node:http';
import { registryHost } from '../../lib/ecr/image-ref.js';
import type { Handler, JsonService } from '../protocol/json-service.js';
import { BlobSigner, TokenBook, registryFront } from './front.js';
import { listImages, resolveImageId, type ImageRecord } from './images.js';
import { imageNotFound, invalidParameter, scanNotFound, type ImageId } from './messages.js';
import { RegistryStore } from './registry.js';
import {
  RepositoryTable,
  type Repository,
  type ScanFinding,
  type TagMutability,
} from './repositories.js';
import { AwsError } from '../protocol/json-service.js';

export interface EcrOptions {
  account: string;
  region: string;
  /** Address of the real registry behind this ECR (`127.0.0.1:5000`); without it no images exist. */
  registry?: string;
  repositories?: Array<{ name: string; imageTagMutability?: TagMutability; scanOnPush?: boolean }>;
  /**
   * Where clients reach the registry front (`http://127.0.0.1:<emulator port>`): the
   * proxyEndpoint of GetAuthorizationToken. A function because the port is known after listen;
   * when absent, the Host of the first `/v2/` request is used, else the AWS-style URL.
   */
  endpoint?: string | (() => string | undefined);
}

export interface EcrControl {
  /** Findings that scans of `repository` report from now on (empty: clean). */
  setScanFindings(repository: string, findings: ScanFinding[]): void;
  setEndpoint(endpoint: string): void;
}

export interface EcrService {
  service: JsonService;
  handleRegistry?(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  control: EcrControl;
}

const TOKEN_LIFETIME_MS = 12 * 60 * 60 * 1000;
const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL', 'UNDEFINED'] as const;

/** ECR's API (awsJson1_1) over a real registry, plus that registry's authenticated front. */
export function createEcrService(options: EcrOptions): EcrService {
  const { account, region } = options;
  const table = new RepositoryTable(account);
  const store = options.registry ? new RegistryStore(options.registry) : undefined;
  const tokens = new TokenBook();
  const signer = new BlobSigner();
  let learned = typeof options.endpoint === 'string' ? options.endpoint : undefined;
  let clock: () => Date = () => new Date();

  const endpoint = (): string =>
    (typeof options.endpoint === 'function' ? options.endpoint() : undefined) ??
    learned ??
    `https://${account}.dkr.ecr.${region}.amazonaws.com`;

  for (const seed of options.repositories ?? []) {
    table.create({
      name: seed.name,
      createdAt: new Date(),
      imageTagMutability: seed.imageTagMutability ?? 'MUTABLE',
      scanOnPush: seed.scanOnPush ?? false,
    });
  }

  const images = async (repository: Repository): Promise<ImageRecord[]> => {
    if (!store) return [];
    const known = [...table.pushedAt.keys()]
      .filter((key) => key.startsWith(`${repository.name}@`))
      .map((key) => key.slice(repository.name.length + 1));
    return listImages(store, repository.name, known);
  };

  const scan = (repository: string, digest: string, at: Date) => {
    table.scans.set(`${repository}@${digest}`, {
      completedAt: at,
      findings: [...(table.injectedFindings.get(repository) ?? [])],
    });
  };

  const describeRepository = (r: Repository) => ({
    repositoryArn: `arn:aws:ecr:${region}:${account}:repository/${r.name}`,
    registryId: account,
    repositoryName: r.name,
    repositoryUri: `${registryHost(endpoint())}/${r.name}`,
    createdAt: seconds(r.createdAt),
    imageTagMutability: r.imageTagMutability,
    ...(r.exclusionFilters.length
      ? { imageTagMutabilityExclusionFilters: r.exclusionFilters }
      : {}),
    imageScanningConfiguration: { scanOnPush: r.scanOnPush },
    encryptionConfiguration: {
      encryptionType: r.encryptionType,
      ...(r.kmsKey ? { kmsKey: r.kmsKey } : {}),
    },
  });

  const imageDetail = (r: Repository, image: ImageRecord, now: Date) => {
    const key = `${r.name}@${image.digest}`;
    const result = table.scans.get(key);
    return {
      registryId: account,
      repositoryName: r.name,
      imageDigest: image.digest,
      ...(image.tags.length ? { imageTags: image.tags } : {}),
      imageSizeInBytes: image.size,
      imagePushedAt: seconds(table.pushedAt.get(key) ?? now),
      imageManifestMediaType: image.mediaType,
      imageStatus: 'ACTIVE',
      ...(result
        ? {
            imageScanStatus: {
              status: 'COMPLETE',
              description: 'The scan was completed successfully.',
            },
            imageScanFindingsSummary: {
              imageScanCompletedAt: seconds(result.completedAt),
              vulnerabilitySourceUpdatedAt: seconds(result.completedAt),
              findingSeverityCounts: severityCounts(result.findings),
            },
          }
        : {}),
    };
  };

  const findImage = async (r: Repository, id: ImageId): Promise<ImageRecord> => {
    const found = resolveImageId(await images(r), id);
    if ('image' in found) return found.image;
    throw imageNotFound(id, r.name, account);
  };

  const handlers: Record<string, Handler> = {
    CreateRepository: (input, ctx) => {
      clock = () => ctx.now();
      const repository = table.create({
        name: input.repositoryName,
        createdAt: ctx.now(),
        imageTagMutability: input.imageTagMutability,
        exclusionFilters: input.imageTagMutabilityExclusionFilters,
        scanOnPush: input.imageScanningConfiguration?.scanOnPush,
        encryptionType: input.encryptionConfiguration?.encryptionType,
        kmsKey: input.encryptionConfiguration?.kmsKey,
      });
      return { repository: describeRepository(repository) };
    },

    DescribeRepositories: (input) => {
      const names: unknown = input.repositoryNames;
      if (Array.isArray(names)) {
        if (input.nextToken || input.maxResults) {
          throw invalidParameter('nextToken and maxResults cannot be used with repositoryNames');
        }
        return { repositories: names.map((n) => describeRepository(table.get(n))) };
      }
      return page(table.all().map(describeRepository), input, 'repositories');
    },

    DeleteRepository: async (input) => {
      const repository = table.get(input.repositoryName);
      if (!input.force && (await images(repository)).length > 0) {
        throw new AwsError(
          'RepositoryNotEmptyException',
          `The repository with name '${repository.name}' in registry with id '${account}' cannot be deleted because it still contains images`,
        );
      }
      const described = describeRepository(repository);
      table.delete(repository.name);
      return { repository: described };
    },

    PutImageTagMutability: (input) => {
      const repository = table.get(input.repositoryName);
      table.setMutability(
        repository,
        input.imageTagMutability,
        input.imageTagMutabilityExclusionFilters,
      );
      return {
        registryId: account,
        repositoryName: repository.name,
        imageTagMutability: repository.imageTagMutability,
        ...(repository.exclusionFilters.length
          ? { imageTagMutabilityExclusionFilters: repository.exclusionFilters }
          : {}),
      };
    },

    PutImageScanningConfiguration: (input) => {
      const repository = table.get(input.repositoryName);
      repository.scanOnPush = input.imageScanningConfiguration?.scanOnPush === true;
      return {
        registryId: account,
        repositoryName: repository.name,
        imageScanningConfiguration: { scanOnPush: repository.scanOnPush },
      };
    },

    GetAuthorizationToken: (input, ctx) => {
      clock = () => ctx.now();
      const ids: unknown[] = Array.isArray(input.registryIds) ? input.registryIds : [account];
      if (ids.length < 1 || ids.length > 10) {
        throw invalidParameter('registryIds must contain between 1 and 10 registry ids');
      }
      const expiresAt = new Date(ctx.now().getTime() + TOKEN_LIFETIME_MS);
      return {
        authorizationData: ids.map(() => ({
          authorizationToken: Buffer.from(`AWS:${tokens.issue(expiresAt)}`).toString('base64'),
          expiresAt: seconds(expiresAt),
          proxyEndpoint: endpoint(),
        })),
      };
    },

    DescribeImages: async (input, ctx) => {
      const repository = table.get(input.repositoryName);
      const all = await images(repository);
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
      const details = selected.map((i) => imageDetail(repository, i, ctx.now()));
      return ids ? { imageDetails: details } : page(details, input, 'imageDetails');
    },

    BatchGetImage: async (input) => {
      const repository = table.get(input.repositoryName);
      if (!Array.isArray(input.imageIds) || input.imageIds.length === 0) {
        throw invalidParameter(
          "Invalid parameter at 'imageIds' failed to satisfy constraint: 'Member must have length greater than or equal to 1'",
        );
      }
      const all = await images(repository);
      const found: unknown[] = [];
      const failures: unknown[] = [];
      for (const id of input.imageIds as ImageId[]) {
        const result = resolveImageId(all, id);
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

    GetDownloadUrlForLayer: async (input, ctx) => {
      const repository = table.get(input.repositoryName);
      const digest = String(input.layerDigest ?? '');
      if (!store || !(await store.hasBlob(repository.name, digest))) {
        throw new AwsError(
          'LayersNotFoundException',
          `The layer with digest '${digest}' does not exist within the repository with name '${repository.name}' in the registry with id '${account}'`,
        );
      }
      const path = `/v2/${repository.name}/blobs/${digest}`;
      const expires = new Date(ctx.now().getTime() + 60 * 60 * 1000);
      return { downloadUrl: `${endpoint()}${signer.sign(path, expires)}`, layerDigest: digest };
    },

    StartImageScan: async (input, ctx) => {
      const repository = table.get(input.repositoryName);
      const image = await findImage(repository, input.imageId ?? {});
      scan(repository.name, image.digest, ctx.now());
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

    DescribeImageScanFindings: async (input) => {
      const repository = table.get(input.repositoryName);
      const id: ImageId = input.imageId ?? {};
      const image = await findImage(repository, id);
      const result = table.scans.get(`${repository.name}@${image.digest}`);
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

  const handleRegistry = store
    ? registryFront({
        store,
        repositories: table,
        tokens,
        signer,
        account,
        now: () => clock(),
        seen: (url) => (learned ??= url),
        pushed: (repository, digest) => {
          const key = `${repository}@${digest}`;
          if (!table.pushedAt.has(key)) table.pushedAt.set(key, clock());
          if (table.find(repository)?.scanOnPush) scan(repository, digest, clock());
        },
      })
    : undefined;

  return {
    service: { name: 'ecr', targetPrefix: 'AmazonEC2ContainerRegistry_V20150921', handlers },
    handleRegistry,
    control: {
      setScanFindings: (repository, findings) => {
        for (const f of findings) {
          if (!SEVERITIES.includes(f.severity)) throw new Error(`unknown severity ${f.severity}`);
        }
        table.injectedFindings.set(repository, findings);
      },
      setEndpoint: (url) => {
        learned = url;
      },
    },
  };
}

function seconds(date: Date): number {
  return date.getTime() / 1000;
}

function severityCounts(findings: readonly ScanFinding[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const f of findings) counts[f.severity] = (counts[f.severity] ?? 0) + 1;
  return counts;
}

/** nextToken is an offset, as opaque to clients as AWS's. */
function page<T>(items: T[], input: any, key: string): Record<string, unknown> {
  const max = Number(input.maxResults ?? 100);
  if (!Number.isInteger(max) || max < 1 || max > 1000) {
    throw invalidParameter(
      "Invalid parameter at 'maxResults' failed to satisfy constraint: 'Member must have value between 1 and 1000'",
    );
  }
  const start = input.nextToken
    ? Number(Buffer.from(String(input.nextToken), 'base64').toString())
    : 0;
  const slice = items.slice(start, start + max);
  const next =
    start + max < items.length ? Buffer.from(String(start + max)).toString('base64') : undefined;
  return { [key]: slice, ...(next ? { nextToken: next } : {}) };
}
