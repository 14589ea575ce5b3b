import type { Builder } from './build-plan.js';

/**
 * Where the build cache lives. Registry cache goes in the image's own ECR repository under the
 * `buildcache` tag, in the OCI image-manifest form ECR accepts (a plain cache manifest list is
 * refused by ECR). The GitHub cache needs the Actions cache service and a container builder.
 * Without buildx, the engine's BuildKit keeps the cache inline in the image and pushes that image
 * under the same `buildcache` tag (cache of the final stage's layers only: mode=min).
 */
export type CacheMode = 'registry' | 'gha' | 'none';

export interface CacheContext {
  mode: CacheMode;
  builder: Builder;
  /** buildx driver: `docker` (the engine's builder) cannot export cache; `docker-container` can. */
  driver?: string;
  /** `<registry>/<repository>` */
  repository: string;
  /** Whether the repository refuses to move the `buildcache` tag. */
  cacheTagImmutable: boolean;
  /** The Actions cache service is reachable (ACTIONS_CACHE_URL or ACTIONS_RESULTS_URL + token). */
  ghaAvailable: boolean;
}

export interface CachePlan {
  from: string[];
  to: string[];
  /** Engine BuildKit: push the image (with its inline cache) under this reference too. */
  inlineRef?: string;
  /** Said in the log and summary: what cache is used, and why not when it is not. */
  description: string;
  warning?: string;
}

export const CACHE_TAG = 'buildcache';

export function planCache(context: CacheContext): CachePlan {
  if (context.mode === 'none') return { from: [], to: [], description: 'off (cache: none)' };
  if (context.builder === 'classic') {
    return { from: [], to: [], description: 'local layer cache only (classic builder)' };
  }
  if (context.builder === 'buildkit') return planInlineCache(context);
  const canExport = context.driver !== 'docker';
  if (context.mode === 'gha' && context.ghaAvailable && canExport) {
    return { from: ['type=gha'], to: ['type=gha,mode=max'], description: 'GitHub Actions cache' };
  }
  const ref = `${context.repository}:${CACHE_TAG}`;
  const from = [`type=registry,ref=${ref}`];
  const fallback =
    context.mode === 'gha'
      ? `the GitHub cache is not available here (${context.ghaAvailable ? 'the docker driver cannot export it' : 'no Actions cache service'}); using the registry cache. `
      : '';
  if (!canExport) {
    return {
      from,
      to: [],
      description: `registry cache ${ref} (read only)`,
      warning: `${fallback}The buildx builder uses the docker driver, which cannot export a cache: add docker/setup-buildx-action before this step to cache in ${ref}.`,
    };
  }
  if (context.cacheTagImmutable) {
    return {
      from,
      to: [],
      description: `registry cache ${ref} (read only)`,
      warning: `${fallback}The repository's tags are immutable, so the ${CACHE_TAG} tag cannot be updated; exclude it (imageTagMutability IMMUTABLE_WITH_EXCLUSION with filter ${CACHE_TAG}) to export the cache.`,
    };
  }
  return {
    from,
    to: [`type=registry,ref=${ref},mode=max,image-manifest=true,oci-mediatypes=true`],
    description: `registry cache ${ref}`,
    warning: fallback ? fallback.trim() : undefined,
  };
}

/** The engine's BuildKit (no buildx): an inline cache in the `buildcache` image. */
function planInlineCache(context: CacheContext): CachePlan {
  const ref = `${context.repository}:${CACHE_TAG}`;
  const fallback =
    context.mode === 'gha'
      ? "the GitHub cache needs docker buildx (docker/setup-buildx-action); using the registry's inline cache. "
      : '';
  if (context.cacheTagImmutable) {
    return {
      from: [ref],
      to: [],
      description: `inline registry cache ${ref} (read only)`,
      warning: `${fallback}The repository's tags are immutable, so the ${CACHE_TAG} tag cannot be updated; exclude it (imageTagMutability IMMUTABLE_WITH_EXCLUSION with filter ${CACHE_TAG}) to export the cache.`,
    };
  }
  return {
    from: [ref],
    to: [],
    inlineRef: ref,
    description: `inline registry cache ${ref} (engine BuildKit, final stage only)`,
    warning: fallback ? fallback.trim() : undefined,
  };
}
