import type { ECRClient, Repository } from '@aws-sdk/client-ecr';
import { CACHE_TAG } from '../../../lib/docker/cache.js';
import { createRepository } from '../../../lib/ecr/repository.js';
import type { Toolkit } from '../../../lib/github/index.js';

/** The first state change of a run, and only when `create-repository: true` asked for it. */
export async function createMissingRepository(
  toolkit: Toolkit,
  ecr: ECRClient,
  name: string,
): Promise<Repository> {
  const repository = await createRepository(ecr, name, CACHE_TAG);
  toolkit.info(
    `Created ${repository.repositoryUri} (scan on push, immutable tags except ${CACHE_TAG}).`,
  );
  return repository;
}
