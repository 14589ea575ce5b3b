import { describe, expect, it } from 'vitest';
import { missingPlatforms, normalizePlatform, platformForRuntime } from './platforms.js';
import { indexPlatforms, parseManifest } from './manifest.js';

describe('platforms', () => {
  it.each([
    ['linux/amd64', 'linux/amd64'],
    ['linux/x86_64', 'linux/amd64'],
    ['linux/arm64/v8', 'linux/arm64'],
    ['linux/arm/v7', 'linux/arm/v7'],
  ])('normalizes %s', (raw, normal) => expect(normalizePlatform(raw)).toBe(normal));

  it('lists requested platforms the image lacks', () => {
    expect(missingPlatforms(['linux/amd64', 'linux/arm64'], ['linux/arm64/v8'])).toEqual([
      'linux/amd64',
    ]);
    expect(missingPlatforms(['linux/amd64'], ['linux/amd64', 'linux/arm64'])).toEqual([]);
  });

  it.each([
    [undefined, 'linux/amd64'],
    [{ cpuArchitecture: 'ARM64', operatingSystemFamily: 'LINUX' }, 'linux/arm64'],
    [{ cpuArchitecture: 'X86_64' }, 'linux/amd64'],
    [
      { operatingSystemFamily: 'WINDOWS_SERVER_2022_CORE' },
      {
        problem:
          'operatingSystemFamily WINDOWS_SERVER_2022_CORE is not supported (Linux images only)',
      },
    ],
  ])('maps runtimePlatform %j', (runtime, platform) =>
    expect(platformForRuntime(runtime)).toEqual(platform),
  );

  it('reads index platforms without attestation manifests', () => {
    const index = parseManifest(
      JSON.stringify({
        mediaType: 'application/vnd.oci.image.index.v1+json',
        manifests: [
          { digest: 'sha256:1', size: 1, platform: { os: 'linux', architecture: 'amd64' } },
          {
            digest: 'sha256:2',
            size: 1,
            platform: { os: 'linux', architecture: 'arm64', variant: 'v8' },
          },
          {
            digest: 'sha256:3',
            size: 1,
            platform: { os: 'unknown', architecture: 'unknown' },
            annotations: { 'vnd.docker.reference.type': 'attestation-manifest' },
          },
        ],
      }),
    );
    expect(index.kind === 'index' && indexPlatforms(index.manifests)).toEqual([
      'linux/amd64',
      'linux/arm64/v8',
    ]);
  });
});
