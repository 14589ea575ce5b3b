import { describe, expect, it } from 'vitest';
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
  it.each<[string, Partial<CacheContext>, { from: string[]; to: string[]; warning?: RegExp }]>([
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
  ])('%s', (_name, change, expected) => {
    const plan = planCache({ ...base, ...change });
    expect(plan.from).toEqual(expected.from);
    expect(plan.to).toEqual(expected.to);
    if (expected.warning) expect(plan.warning).toMatch(expected.warning);
    else expect(plan.warning).toBeUndefined();
  });
});
