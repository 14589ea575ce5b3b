import { describe, expect, it } from 'vitest';
import { ecrPlacement } from './verify-images.js';

describe('ecrPlacement', () => {
  const own = (host?: string) => async () => host;
  it.each([
    ['123456789012.dkr.ecr.us-east-1.amazonaws.com', undefined, 'here'],
    [
      '123456789012.dkr.ecr.eu-west-1.amazonaws.com',
      undefined,
      'in ECR region eu-west-1, not us-east-1',
    ],
    [undefined, undefined, 'not an ECR image'],
    ['public.ecr.aws', undefined, 'not an ECR image'],
    // The host ECR hands out as proxyEndpoint (a private endpoint, or the local emulator).
    ['127.0.0.1:4566', '127.0.0.1:4566', 'here'],
    ['registry.example.com', '127.0.0.1:4566', 'not an ECR image'],
  ])('%s (own registry %s) -> %s', async (registry, ownHost, expected) => {
    expect(await ecrPlacement(registry, 'us-east-1', own(ownHost))).toBe(expected);
  });

  it('asks ECR for its own host only when the image host is not a standard ECR host', async () => {
    let asked = 0;
    const ask = async () => {
      asked++;
      return undefined;
    };
    await ecrPlacement('123456789012.dkr.ecr.us-east-1.amazonaws.com', 'us-east-1', ask);
    expect(asked).toBe(0);
    await ecrPlacement('ghcr.io', 'us-east-1', ask);
    expect(asked).toBe(1);
  });
});
