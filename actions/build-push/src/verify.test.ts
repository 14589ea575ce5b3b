import { describe, expect, it } from 'vitest';
import { imageMismatch } from './verify.js';

const A = `sha256:${'a'.repeat(64)}`;
const B = `sha256:${'b'.repeat(64)}`;
const asked = { platforms: ['linux/arm64'], platformSource: 'input platforms' };

describe('imageMismatch', () => {
  it('accepts the digest pushed when it runs on every requested platform', () => {
    expect(
      imageMismatch(
        { digest: A, tag: 'sha-abc1234' },
        { digest: A, platforms: ['linux/arm64/v8'] },
        asked,
      ),
    ).toBeUndefined();
  });

  it.each([
    {
      name: 'ECR serves another digest',
      image: { digest: A, tag: 'sha-abc1234' },
      found: { digest: B, platforms: ['linux/arm64'] },
      line: `ECR has ${B} where docker pushed ${A}. Run again; if it repeats, check for a registry mirror or proxy in between.`,
    },
    {
      name: 'the pushed image lacks a platform',
      image: { digest: A, tag: 'sha-abc1234' },
      found: { digest: A, platforms: ['linux/amd64'] },
      line: `The pushed image ${A} runs on linux/amd64, not on linux/arm64 as asked (input platforms). Set \`platforms\` to match the task definition's runtimePlatform, and use buildx with QEMU for other architectures.`,
    },
    {
      name: 'the reused image lacks a platform: it cannot be rebuilt under its tags',
      image: { digest: A, tag: 'sha-abc1234', reused: 'tags are immutable' },
      found: { digest: A, platforms: ['linux/amd64'] },
      line: `The existing image ${A} (tag "sha-abc1234") runs on linux/amd64, not on linux/arm64 as asked (input platforms); its tags are immutable, so it cannot be rebuilt under them. Build from a new commit or under new \`tags\`, or set \`platforms\` to the task definition's runtimePlatform.`,
    },
  ])('$name', ({ image, found, line }) => {
    expect(imageMismatch(image, found, asked)?.line).toBe(line);
  });
});
