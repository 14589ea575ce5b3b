import { describe, expect, it } from 'vitest';
import { buildArguments, type BuildPlan, type Builder } from './build-plan.js';
import { planCache, type CacheContext } from './cache.js';

const R = '1.dkr.ecr.us-east-1.amazonaws.com/api';
const base: CacheContext = {
  mode: 'registry',
  builder: 'buildx',
  driver: 'docker-container',
  repository: R,
  cacheTagImmutable: false,
  ghaAvailable: false,
};

describe('planCache', () => {
  it.each<
    [
      string,
      Partial<CacheContext>,
      { from: string[]; to: string[]; inline?: string; warning?: RegExp },
    ]
  >([
    [
      'registry cache in ECR, OCI image manifest',
      {},
      {
        from: [`type=registry,ref=${R}:buildcache`],
        to: [`type=registry,ref=${R}:buildcache,mode=max,image-manifest=true,oci-mediatypes=true`],
      },
    ],
    [
      'gha when the cache service is there',
      { mode: 'gha', ghaAvailable: true },
      { from: ['type=gha'], to: ['type=gha,mode=max'] },
    ],
    [
      'gha without the service falls back to the registry',
      { mode: 'gha' },
      {
        from: [`type=registry,ref=${R}:buildcache`],
        to: [`type=registry,ref=${R}:buildcache,mode=max,image-manifest=true,oci-mediatypes=true`],
        warning: /no Actions cache service/,
      },
    ],
    [
      'docker driver reads only',
      { driver: 'docker' },
      { from: [`type=registry,ref=${R}:buildcache`], to: [], warning: /docker driver/ },
    ],
    [
      'immutable cache tag reads only',
      { cacheTagImmutable: true },
      { from: [`type=registry,ref=${R}:buildcache`], to: [], warning: /IMMUTABLE_WITH_EXCLUSION/ },
    ],
    ['classic builder has no cache export', { builder: 'classic' }, { from: [], to: [] }],
    ['none', { mode: 'none' }, { from: [], to: [] }],
    [
      'engine BuildKit: inline cache read from and pushed to buildcache',
      { builder: 'buildkit', driver: undefined },
      { from: [`${R}:buildcache`], to: [], inline: `${R}:buildcache` },
    ],
    [
      'engine BuildKit, gha falls back to the inline registry cache',
      { builder: 'buildkit', mode: 'gha', ghaAvailable: true },
      {
        from: [`${R}:buildcache`],
        to: [],
        inline: `${R}:buildcache`,
        warning: /needs docker buildx/,
      },
    ],
    [
      'engine BuildKit, immutable cache tag reads only',
      { builder: 'buildkit', cacheTagImmutable: true },
      { from: [`${R}:buildcache`], to: [], warning: /IMMUTABLE_WITH_EXCLUSION/ },
    ],
    ['engine BuildKit, none', { builder: 'buildkit', mode: 'none' }, { from: [], to: [] }],
  ])('%s', (_name, change, expected) => {
    const plan = planCache({ ...base, ...change });
    expect(plan.from).toEqual(expected.from);
    expect(plan.to).toEqual(expected.to);
    expect(plan.inlineRef).toBe(expected.inline);
    if (expected.warning) expect(plan.warning).toMatch(expected.warning);
    else expect(plan.warning).toBeUndefined();
  });
});

describe('the cache plan on the docker command line', () => {
  const plan: Omit<BuildPlan, 'builder'> = {
    context: '.',
    buildArgs: [],
    secrets: [],
    platforms: ['linux/amd64'],
    tags: [`${R}:sha-abc1234`],
    labels: [],
    cacheFrom: [],
    cacheTo: [],
    provenance: false,
    sbom: false,
    push: true,
  };
  it.each<[Builder, string[]]>([
    [
      'buildx',
      [
        'buildx',
        'build',
        '--progress=plain',
        '--tag',
        `${R}:sha-abc1234`,
        '--platform',
        'linux/amd64',
        '--cache-from',
        `type=registry,ref=${R}:buildcache`,
        '--cache-to',
        `type=registry,ref=${R}:buildcache,mode=max,image-manifest=true,oci-mediatypes=true`,
        '--provenance=false',
        '--sbom=false',
        '--push',
        '.',
      ],
    ],
    [
      'buildkit',
      [
        'build',
        '--progress=plain',
        '--tag',
        `${R}:sha-abc1234`,
        '--tag',
        `${R}:buildcache`,
        '--build-arg',
        'BUILDKIT_INLINE_CACHE=1',
        '--cache-from',
        `${R}:buildcache`,
        '.',
      ],
    ],
    ['classic', ['build', '--tag', `${R}:sha-abc1234`, '.']],
  ])('%s', (builder, expected) => {
    const cache = planCache({ ...base, builder });
    expect(
      buildArguments({
        ...plan,
        builder,
        cacheFrom: cache.from,
        cacheTo: cache.to,
        inlineCacheRef: cache.inlineRef,
      }),
    ).toEqual(expected);
  });
});
