import {
  CreateRepositoryCommand,
  DescribeImagesCommand,
  DescribeRepositoriesCommand,
  ImageNotFoundException,
  RepositoryNotFoundException,
  type ECRClient,
  type Repository,
} from '@aws-sdk/client-ecr';

/** The repository, or undefined when ECR says it does not exist. */
export async function findRepository(
  ecr: ECRClient,
  name: string,
): Promise<Repository | undefined> {
  try {
    const out = await ecr.send(new DescribeRepositoriesCommand({ repositoryNames: [name] }));
    return out.repositories?.[0];
  } catch (error) {
    if (error instanceof RepositoryNotFoundException) return undefined;
    throw error;
  }
}

/**
 * A repository as this suite creates it: scan on push, and tags that never move except
 * `mutableTag` (build-push passes the build cache tag, which must move on every build to be
 * useful; ECR does not know about build caches, so the caller names it).
 */
export async function createRepository(
  ecr: ECRClient,
  name: string,
  mutableTag: string,
): Promise<Repository> {
  const out = await ecr.send(
    new CreateRepositoryCommand({
      repositoryName: name,
      imageScanningConfiguration: { scanOnPush: true },
      imageTagMutability: 'IMMUTABLE_WITH_EXCLUSION',
      imageTagMutabilityExclusionFilters: [{ filterType: 'WILDCARD', filter: mutableTag }],
      encryptionConfiguration: { encryptionType: 'AES256' },
    }),
  );
  if (!out.repository) throw new Error(`ECR CreateRepository returned no repository for ${name}`);
  return out.repository;
}

/** Whether pushing `tag` may not move it (mirrors ECR's mutability rules with exclusions). */
export function tagIsImmutable(repository: Repository, tag: string): boolean {
  const excluded = (repository.imageTagMutabilityExclusionFilters ?? []).some((f) =>
    new RegExp(
      `^${(f.filter ?? '').replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`,
    ).test(tag),
  );
  switch (repository.imageTagMutability) {
    case 'IMMUTABLE':
      return true;
    case 'IMMUTABLE_WITH_EXCLUSION':
      return !excluded;
    case 'MUTABLE_WITH_EXCLUSION':
      return excluded;
    default:
      return false;
  }
}

/** Tags among `tags` that already name an image in the repository, with that image's digest. */
export async function existingTags(
  ecr: ECRClient,
  repositoryName: string,
  tags: readonly string[],
): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  // DescribeImages throws for the whole batch when one id is missing, so ask one by one.
  for (const tag of tags) {
    try {
      const out = await ecr.send(
        new DescribeImagesCommand({ repositoryName, imageIds: [{ imageTag: tag }] }),
      );
      const digest = out.imageDetails?.[0]?.imageDigest;
      if (digest) found.set(tag, digest);
    } catch (error) {
      if (!(error instanceof ImageNotFoundException)) throw error;
    }
  }
  return found;
}
