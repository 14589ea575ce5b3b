/** ECR's answer shapes, built from the emulator's records (timestamps as epoch seconds). */
import type { ImageRecord } from './images.js';
import { invalidParameter } from './messages.js';
import type { RegionalRegistry } from './regions.js';
import type { Repository, ScanFinding } from './repositories.js';

export function describeRepository(
  account: string,
  regional: RegionalRegistry,
  registryHost: string,
  r: Repository,
) {
  return {
    repositoryArn: `arn:aws:ecr:${regional.region}:${account}:repository/${r.name}`,
    registryId: account,
    repositoryName: r.name,
    repositoryUri: `${registryHost}/${r.name}`,
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
  };
}

export function imageDetail(
  account: string,
  regional: RegionalRegistry,
  r: Repository,
  image: ImageRecord,
  now: Date,
) {
  const key = `${r.name}@${image.digest}`;
  const result = regional.table.scans.get(key);
  return {
    registryId: account,
    repositoryName: r.name,
    imageDigest: image.digest,
    ...(image.tags.length ? { imageTags: image.tags } : {}),
    imageSizeInBytes: image.size,
    imagePushedAt: seconds(regional.table.pushedAt.get(key) ?? now),
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
}

export function seconds(date: Date): number {
  return date.getTime() / 1000;
}

export function severityCounts(findings: readonly ScanFinding[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const f of findings) counts[f.severity] = (counts[f.severity] ?? 0) + 1;
  return counts;
}

/** nextToken is an offset, as opaque to clients as AWS's. */
export function page<T>(items: T[], input: any, key: string): Record<string, unknown> {
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
