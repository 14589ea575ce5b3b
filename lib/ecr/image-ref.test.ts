import { describe, expect, it } from 'vitest';
import { formatImageRef, parseImageRef, registryHost } from './image-ref.js';

const D = `sha256:${'a'.repeat(64)}`;

describe('parseImageRef', () => {
  it.each([
    ['api', { repository: 'api' }],
    ['api:v1', { repository: 'api', tag: 'v1' }],
    ['team/api@' + D, { repository: 'team/api', digest: D }],
    [
      '123456789012.dkr.ecr.us-east-1.amazonaws.com/api:sha-abc1234',
      {
        registry: '123456789012.dkr.ecr.us-east-1.amazonaws.com',
        repository: 'api',
        tag: 'sha-abc1234',
      },
    ],
    [
      '127.0.0.1:5000/a/b:t@' + D,
      { registry: '127.0.0.1:5000', repository: 'a/b', tag: 't', digest: D },
    ],
    ['http://127.0.0.1:4566/api', { registry: '127.0.0.1:4566', repository: 'api' }],
  ])('%s', (text, expected) => {
    expect(parseImageRef(text)).toEqual({
      registry: undefined,
      tag: undefined,
      digest: undefined,
      ...expected,
    });
  });

  it.each([
    ['API', /repository name "API" is not valid/],
    ['api@sha256:123', /digest "sha256:123" is not sha256:<64 hex>/],
    ['api:-bad', /tag "-bad" is not a valid tag/],
  ])('refuses %s', (text, problem) => {
    const result = parseImageRef(text);
    expect('problem' in result && result.problem).toMatch(problem);
  });

  it('formats back and strips URL schemes from proxy endpoints', () => {
    expect(formatImageRef({ registry: 'r:5', repository: 'a', digest: D })).toBe(`r:5/a@${D}`);
    expect(registryHost('https://1.dkr.ecr.eu-west-1.amazonaws.com/')).toBe(
      '1.dkr.ecr.eu-west-1.amazonaws.com',
    );
  });
});
