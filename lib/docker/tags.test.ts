import { describe, expect, it } from 'vitest';
import { ociLabels } from './labels.js';
import { imageTags, type TagRequest } from './tags.js';

const SHA = 'abc1234def5678abc1234def5678abc1234def56';

describe('imageTags', () => {
  it.each<
    [
      string,
      Partial<TagRequest> & { ref: string },
      { tags: string[]; primary: string; version: string },
    ]
  >([
    [
      'branch push',
      { ref: 'refs/heads/main' },
      { tags: ['main', 'sha-abc1234'], primary: 'sha-abc1234', version: 'main' },
    ],
    [
      'branch name sanitised',
      { ref: 'refs/heads/feature/Login_v2' },
      {
        tags: ['feature-Login_v2', 'sha-abc1234'],
        primary: 'sha-abc1234',
        version: 'feature-Login_v2',
      },
    ],
    [
      'pull request',
      { ref: 'refs/pull/42/merge' },
      { tags: ['pr-42', 'sha-abc1234'], primary: 'sha-abc1234', version: 'pr-42' },
    ],
    [
      'semver release',
      { ref: 'refs/tags/v1.2.3' },
      { tags: ['1.2.3', '1.2', '1', 'sha-abc1234'], primary: '1.2.3', version: '1.2.3' },
    ],
    [
      '0.x has no bare major',
      { ref: 'refs/tags/v0.4.1' },
      { tags: ['0.4.1', '0.4', 'sha-abc1234'], primary: '0.4.1', version: '0.4.1' },
    ],
    [
      'pre-release only the full version',
      { ref: 'refs/tags/v2.0.0-rc.1' },
      { tags: ['2.0.0-rc.1', 'sha-abc1234'], primary: '2.0.0-rc.1', version: '2.0.0-rc.1' },
    ],
    [
      'non-semver tag kept as is',
      { ref: 'refs/tags/release-7' },
      { tags: ['release-7', 'sha-abc1234'], primary: 'release-7', version: 'release-7' },
    ],
    [
      'immutable repository: no moving tags',
      { ref: 'refs/heads/main', immutable: true },
      { tags: ['sha-abc1234'], primary: 'sha-abc1234', version: 'main' },
    ],
    [
      'immutable release keeps the full version',
      { ref: 'refs/tags/v1.2.3', immutable: true },
      { tags: ['1.2.3', 'sha-abc1234'], primary: '1.2.3', version: '1.2.3' },
    ],
    [
      'latest never alone',
      { ref: 'refs/heads/main', requested: ['latest'] },
      { tags: ['latest', 'sha-abc1234'], primary: 'sha-abc1234', version: 'main' },
    ],
    [
      'listed tags replace the defaults',
      { ref: 'refs/tags/v1.0.0', requested: ['stable', 'sha-abc1234'] },
      { tags: ['stable', 'sha-abc1234'], primary: 'sha-abc1234', version: '1.0.0' },
    ],
  ])('%s', (_name, { ref, ...rest }, expected) => {
    const result = imageTags({ git: { sha: SHA, ref }, requested: [], immutable: false, ...rest });
    expect(result).toMatchObject(expected);
  });

  it('says which moving tags an immutable repository leaves out', () => {
    const result = imageTags({
      git: { sha: SHA, ref: 'refs/tags/v3.1.0' },
      requested: [],
      immutable: true,
    });
    expect('skipped' in result && result.skipped).toEqual([
      "3.1, 3 (they would move; the repository's tags are immutable)",
    ]);
  });

  it('refuses tags docker cannot use and a sha that is not one', () => {
    expect(
      imageTags({ git: { sha: SHA, ref: '' }, requested: ['ok', '-bad', 'a b'], immutable: false }),
    ).toEqual({
      problems: [expect.stringContaining('"-bad"'), expect.stringContaining('"a b"')],
    });
    expect(imageTags({ git: { sha: 'HEAD', ref: '' }, requested: [], immutable: false })).toEqual({
      problems: ['commit sha "HEAD" is not a git sha'],
    });
  });
});

describe('ociLabels', () => {
  it('fills source, revision, created, title and version; user labels win', () => {
    const labels = ociLabels(
      {
        serverUrl: 'https://github.com',
        repository: 'org/api',
        sha: SHA,
        version: '1.2.3',
        created: new Date('2026-01-02T03:04:05Z'),
      },
      [
        { key: 'org.opencontainers.image.title', value: 'API' },
        { key: 'team', value: 'payments' },
      ],
    );
    expect(Object.fromEntries(labels)).toEqual({
      'org.opencontainers.image.title': 'API',
      'org.opencontainers.image.source': 'https://github.com/org/api',
      'org.opencontainers.image.url': 'https://github.com/org/api',
      'org.opencontainers.image.revision': SHA,
      'org.opencontainers.image.version': '1.2.3',
      'org.opencontainers.image.created': '2026-01-02T03:04:05.000Z',
      team: 'payments',
    });
  });
});
