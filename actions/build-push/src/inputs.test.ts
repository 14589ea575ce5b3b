import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RecordingToolkit } from '../../../lib/github/testing/recording-toolkit.js';
import { chooseBuilder } from './builder-choice.js';
import { inputReader } from '../../../lib/github/index.js';
import { readInputs as readFrom } from './inputs.js';
import { buildSummary } from './summary.js';
import { declaredInputs, inputsRead } from '../../../test/support/action-inputs.js';

const APP = 'test/fixtures/images/app';

/** As main.ts reads them: through a reader over the toolkit, which masks secrets. */
const readInputs = (toolkit: RecordingToolkit) => readFrom(inputReader(toolkit));

function taskFile(runtimePlatform: object): string {
  const path = join(mkdtempSync(join(tmpdir(), 'bp-inputs-')), 'task.json');
  writeFileSync(path, JSON.stringify({ taskDefinition: { family: 'api', runtimePlatform } }));
  return path;
}

describe('readInputs', () => {
  it('reads a URI, defaults, and masks every secret value', () => {
    const toolkit = new RecordingToolkit({
      repository: '123456789012.dkr.ecr.us-east-1.amazonaws.com/team/api',
      context: APP,
      secrets: 'npm=s3cr3t\nGIT_TOKEN=abc=def',
    });
    const inputs = readInputs(toolkit);
    expect(inputs).toMatchObject({
      repository: 'team/api',
      repositoryHost: '123456789012.dkr.ecr.us-east-1.amazonaws.com',
      file: `${APP}/Dockerfile`,
      platforms: ['linux/amd64'],
      cache: 'registry',
      provenance: true,
      sbom: true,
      push: true,
      scanTimeoutMs: 600_000,
    });
    expect(toolkit.secrets).toEqual(['s3cr3t', 'abc=def']);
  });

  it("takes platforms from the task definition's runtimePlatform", () => {
    const path = taskFile({ cpuArchitecture: 'ARM64', operatingSystemFamily: 'LINUX' });
    const inputs = readInputs(
      new RecordingToolkit({ repository: 'api', context: APP, 'task-definition': path }),
    );
    expect(inputs.platforms).toEqual(['linux/arm64']);
    expect(inputs.platformSource).toBe(`runtimePlatform of ${path}`);
  });

  it('reports every bad input at once, naming each', () => {
    const toolkit = new RecordingToolkit({
      repository: 'API:v1',
      context: 'no/such/dir',
      platforms: 'linux/amd64, amd64',
      cache: 's3',
      push: 'yes',
      scan: 'SEVERE',
    });
    expect(() => readInputs(toolkit)).toThrow(
      expect.objectContaining({
        problems: [
          expect.stringMatching(
            /^Input "repository" is "API:v1": repository name "API" is not valid/,
          ),
          'Input "context" is "no/such/dir", which does not exist; write the folder to build (default .).',
          'Input "platforms" has "amd64"; write os/arch such as linux/amd64 or linux/arm64.',
          'Input "cache" is "s3"; write one of: registry, gha, none.',
          'Input "push" is "yes"; write true or false.',
          'Input "scan" is "SEVERE"; write one of: CRITICAL, HIGH, MEDIUM, LOW, INFORMATIONAL, UNDEFINED.',
        ],
      }),
    );
  });
});

describe('chooseBuilder', () => {
  const base = () => readInputs(new RecordingToolkit({ repository: 'api', context: APP }));

  it.each([
    [
      'buildx available',
      { buildx: true, driver: 'docker-container' },
      {},
      { builder: 'buildx', problems: 0, warning: false },
    ],
    [
      'classic, native platform',
      { buildx: false },
      {},
      { builder: 'classic', problems: 0, warning: true },
    ],
    [
      'classic, two platforms',
      { buildx: false },
      { platforms: ['linux/amd64', 'linux/arm64'] },
      { builder: 'classic', problems: 1, warning: true },
    ],
    [
      'classic, foreign platform',
      { buildx: false },
      { platforms: ['linux/arm64'] },
      { builder: 'classic', problems: 1, warning: true },
    ],
    [
      'classic, secrets',
      { buildx: false },
      { secrets: [{ key: 'npm', value: 'x' }] },
      { builder: 'classic', problems: 1, warning: true },
    ],
    [
      'engine BuildKit (client without buildx that has it)',
      { buildx: false, engineBuildKit: true },
      {},
      { builder: 'buildkit', problems: 0, warning: true },
    ],
    [
      'engine BuildKit takes secrets',
      { buildx: false, engineBuildKit: true },
      { secrets: [{ key: 'npm', value: 'x' }] },
      { builder: 'buildkit', problems: 0, warning: true },
    ],
    [
      'engine BuildKit, two platforms',
      { buildx: false, engineBuildKit: true },
      { platforms: ['linux/amd64', 'linux/arm64'] },
      { builder: 'buildkit', problems: 1, warning: true },
    ],
  ])('%s', (_name, info, change, expected) => {
    const choice = chooseBuilder(
      { ...base(), ...change },
      { nativePlatform: 'linux/amd64', ...info },
    );
    expect(choice.builder).toBe(expected.builder);
    expect(choice.problems).toHaveLength(expected.problems);
    expect(Boolean(choice.warning)).toBe(expected.warning);
    if (choice.warning)
      expect(choice.warning).toMatch(
        expected.builder === 'buildkit'
          ? /engine's BuildKit .* one platform, caches inline/
          : /multi-platform builds, cache export/,
      );
  });
});

describe('buildSummary', () => {
  it('shows image, digest, size, platforms, tags and cache', () => {
    const text = buildSummary({
      image: 'r/api@sha256:1',
      imageTagged: 'r/api:sha-abc1234',
      digest: 'sha256:1',
      size: 5 * 1024 * 1024,
      platforms: ['linux/amd64'],
      tags: ['main', 'sha-abc1234'],
      cache: 'registry cache r/api:buildcache',
      builder: 'classic',
    });
    expect(text).toContain('| Image | `r/api@sha256:1` |');
    expect(text).toContain('| Size | 5.0 MiB |');
    expect(text).toContain('| Tags | `main` `sha-abc1234` |');
    expect(text).toContain('| Cache | registry cache r/api:buildcache |');
    expect(text).not.toContain('Reused');
  });

  it('says plainly when an existing image was reused, and why', () => {
    const text = buildSummary({
      image: 'r/api@sha256:1',
      imageTagged: 'r/api:sha-abc1234',
      digest: 'sha256:1',
      platforms: ['linux/amd64'],
      tags: ['sha-abc1234'],
      cache: 'not used (existing image reused)',
      builder: 'none (existing image reused)',
      reused: '"sha-abc1234" is immutable and every requested tag already names this image',
    });
    expect(text).toContain(
      '| Reused | yes: "sha-abc1234" is immutable and every requested tag already names this image |',
    );
  });
});

describe('inputs', () => {
  it('reads exactly the inputs action.yml declares', () => {
    expect(inputsRead('build-push', readFrom, { repository: 'api', context: APP })).toEqual(
      declaredInputs('build-push'),
    );
  });
});
