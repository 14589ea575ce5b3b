import { describe, expect, it } from 'vitest';
import {
  buildArguments,
  buildEnvironment,
  pushPlan,
  type BuildPlan,
  type Builder,
  type PushPlan,
} from './build-plan.js';

const R = '127.0.0.1:5001/api';
const base: BuildPlan = {
  builder: 'buildx',
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

describe('buildArguments', () => {
  it.each<[string, Partial<BuildPlan>, string[]]>([
    [
      'buildx single platform push',
      {},
      [
        'buildx',
        'build',
        '--progress=plain',
        '--tag',
        `${R}:sha-abc1234`,
        '--platform',
        'linux/amd64',
        '--provenance=false',
        '--sbom=false',
        '--push',
        '.',
      ],
    ],
    [
      'buildx multi-platform, cache, metadata file',
      {
        platforms: ['linux/amd64', 'linux/arm64'],
        cacheFrom: [`type=registry,ref=${R}:buildcache`],
        cacheTo: [
          `type=registry,ref=${R}:buildcache,mode=max,image-manifest=true,oci-mediatypes=true`,
        ],
        metadataFile: '/tmp/m.json',
      },
      [
        'buildx',
        'build',
        '--progress=plain',
        '--tag',
        `${R}:sha-abc1234`,
        '--platform',
        'linux/amd64,linux/arm64',
        '--cache-from',
        `type=registry,ref=${R}:buildcache`,
        '--cache-to',
        `type=registry,ref=${R}:buildcache,mode=max,image-manifest=true,oci-mediatypes=true`,
        '--provenance=false',
        '--sbom=false',
        '--metadata-file',
        '/tmp/m.json',
        '--push',
        '.',
      ],
    ],
    [
      'buildx file, target, args, labels, secrets, attestations on',
      {
        file: 'app/Dockerfile',
        target: 'runtime',
        buildArgs: [
          { key: 'NODE_ENV', value: 'production' },
          { key: 'A', value: 'x=y z' },
        ],
        labels: [['org.opencontainers.image.revision', 'abc']],
        secrets: [{ id: 'npm', src: '/tmp/s/npm' }],
        provenance: true,
        sbom: true,
        context: 'app',
      },
      [
        'buildx',
        'build',
        '--progress=plain',
        '--file',
        'app/Dockerfile',
        '--target',
        'runtime',
        '--build-arg',
        'NODE_ENV=production',
        '--build-arg',
        'A=x=y z',
        '--label',
        'org.opencontainers.image.revision=abc',
        '--tag',
        `${R}:sha-abc1234`,
        '--secret',
        'id=npm,src=/tmp/s/npm',
        '--platform',
        'linux/amd64',
        '--provenance=true',
        '--sbom=true',
        '--push',
        'app',
      ],
    ],
    [
      'buildx without push loads a single platform',
      { push: false },
      [
        'buildx',
        'build',
        '--progress=plain',
        '--tag',
        `${R}:sha-abc1234`,
        '--platform',
        'linux/amd64',
        '--provenance=false',
        '--sbom=false',
        '--load',
        '.',
      ],
    ],
    [
      'buildx without push cannot load several platforms',
      { push: false, platforms: ['linux/amd64', 'linux/arm64'] },
      [
        'buildx',
        'build',
        '--progress=plain',
        '--tag',
        `${R}:sha-abc1234`,
        '--platform',
        'linux/amd64,linux/arm64',
        '--provenance=false',
        '--sbom=false',
        '.',
      ],
    ],
    [
      'classic builder: no platform, cache, secrets or attestation flags',
      {
        builder: 'classic',
        file: 'Dockerfile',
        tags: [`${R}:sha-abc1234`, `${R}:main`],
        buildArgs: [{ key: 'K', value: 'V' }],
        cacheFrom: ['ignored'],
        metadataFile: '/tmp/ignored',
      },
      [
        'build',
        '--file',
        'Dockerfile',
        '--build-arg',
        'K=V',
        '--tag',
        `${R}:sha-abc1234`,
        '--tag',
        `${R}:main`,
        '.',
      ],
    ],
    [
      'engine BuildKit: secrets, inline cache pushed under buildcache, cache read from it',
      {
        builder: 'buildkit',
        file: 'Dockerfile',
        platforms: ['linux/amd64'],
        labels: [['org.opencontainers.image.revision', 'abc']],
        secrets: [{ id: 'npm', src: '/tmp/s/npm' }],
        cacheFrom: [`${R}:buildcache`],
        inlineCacheRef: `${R}:buildcache`,
        provenance: true,
        metadataFile: '/tmp/ignored',
      },
      [
        'build',
        '--progress=plain',
        '--file',
        'Dockerfile',
        '--label',
        'org.opencontainers.image.revision=abc',
        '--tag',
        `${R}:sha-abc1234`,
        '--secret',
        'id=npm,src=/tmp/s/npm',
        '--tag',
        `${R}:buildcache`,
        '--build-arg',
        'BUILDKIT_INLINE_CACHE=1',
        '--cache-from',
        `${R}:buildcache`,
        '.',
      ],
    ],
    [
      'engine BuildKit, cache read only (immutable buildcache tag)',
      { builder: 'buildkit', cacheFrom: [`${R}:buildcache`] },
      [
        'build',
        '--progress=plain',
        '--tag',
        `${R}:sha-abc1234`,
        '--cache-from',
        `${R}:buildcache`,
        '.',
      ],
    ],
    [
      'engine BuildKit, cache none',
      { builder: 'buildkit' },
      ['build', '--progress=plain', '--tag', `${R}:sha-abc1234`, '.'],
    ],
  ])('%s', (_name, change, expected) => {
    expect(buildArguments({ ...base, ...change })).toEqual(expected);
  });
});

describe('pushPlan', () => {
  it.each<[string, Partial<BuildPlan>, PushPlan]>([
    ['buildx pushes itself', {}, { alsoTag: [] }],
    [
      'classic pushes the first tag and tags the others in ECR',
      { builder: 'classic', tags: [`${R}:a`, `${R}:b`] },
      { push: ['push', `${R}:a`], alsoTag: [`${R}:b`] },
    ],
    ['classic without push', { builder: 'classic', push: false }, { alsoTag: [] }],
    [
      'engine BuildKit pushes the first tag, then tags the others and the inline cache',
      { builder: 'buildkit', tags: [`${R}:a`, `${R}:b`], inlineCacheRef: `${R}:buildcache` },
      { push: ['push', `${R}:a`], alsoTag: [`${R}:b`, `${R}:buildcache`] },
    ],
    [
      'engine BuildKit without push pushes no cache either',
      { builder: 'buildkit', push: false, inlineCacheRef: `${R}:buildcache` },
      { alsoTag: [] },
    ],
    [
      'classic ignores an inline cache reference',
      { builder: 'classic', inlineCacheRef: `${R}:buildcache` },
      { push: ['push', `${R}:sha-abc1234`], alsoTag: [] },
    ],
  ])('%s', (_name, change, expected) => {
    expect(pushPlan({ ...base, ...change })).toEqual(expected);
  });
});

describe('buildEnvironment', () => {
  it.each<[Builder, string]>([
    ['buildx', '1'],
    ['buildkit', '1'],
    ['classic', '0'],
  ])('%s: DOCKER_BUILDKIT=%s', (builder, value) => {
    expect(buildEnvironment(builder)).toEqual({ DOCKER_BUILDKIT: value });
  });
});
