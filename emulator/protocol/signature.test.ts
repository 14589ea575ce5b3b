import { describe, expect, it } from 'vitest';
import { signedRegion } from './signature.js';

describe('signedRegion', () => {
  it.each([
    [
      'AWS4-HMAC-SHA256 Credential=AKID/20261206/eu-west-1/ecr/aws4_request, SignedHeaders=host, Signature=ab',
      'eu-west-1',
    ],
    [
      'AWS4-HMAC-SHA256 Credential=test/20261206/us-east-1/ecs/aws4_request,SignedHeaders=a',
      'us-east-1',
    ],
    ['AWS4-HMAC-SHA256 Credential=AKID/2026/eu-west-1/ecr/aws4_request', undefined],
    ['Basic QVdTOnB3', undefined],
    [undefined, undefined],
  ])('%s -> %s', (header, region) => {
    expect(signedRegion(header)).toBe(region);
  });
});
