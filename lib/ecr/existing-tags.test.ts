import { describe, expect, it } from 'vitest';
import { decideOnExistingTags, immutableTagConflict } from './existing-tags.js';

const A = `sha256:${'a'.repeat(64)}`;
const B = `sha256:${'b'.repeat(64)}`;

describe('decideOnExistingTags', () => {
  it.each([
    {
      name: 'nothing exists yet: build',
      tags: ['sha-abc1234'],
      immutable: ['sha-abc1234'],
      existing: {},
      expected: { action: 'build' },
    },
    {
      name: 're-run of the same commit: every tag names one image, reuse it',
      tags: ['v1', 'sha-abc1234'],
      immutable: ['v1', 'sha-abc1234'],
      existing: { v1: A, 'sha-abc1234': A },
      expected: {
        action: 'reuse',
        digest: A,
        reason:
          '"v1", "sha-abc1234" are immutable and every requested tag already names this image',
      },
    },
    {
      name: 'a mutable tag already on the same image does not stop reuse',
      tags: ['latest', 'sha-abc1234'],
      immutable: ['sha-abc1234'],
      existing: { latest: A, 'sha-abc1234': A },
      expected: {
        action: 'reuse',
        digest: A,
        reason: '"sha-abc1234" is immutable and every requested tag already names this image',
      },
    },
    {
      name: 'only some tags exist (new commit, old version tag): refuse, naming the taken tag',
      tags: ['v1', 'sha-bbbbbbb'],
      immutable: ['v1', 'sha-bbbbbbb'],
      existing: { v1: A },
      expected: { action: 'refuse', tag: 'v1', digest: A },
    },
    {
      name: 'every tag exists but on two images: refuse',
      tags: ['sha-abc1234', 'v1'],
      immutable: ['sha-abc1234', 'v1'],
      existing: { 'sha-abc1234': A, v1: B },
      expected: { action: 'refuse', tag: 'sha-abc1234', digest: A },
    },
    {
      name: 'immutable tags on one image, but a mutable tag moved elsewhere: refuse',
      tags: ['latest', 'sha-abc1234'],
      immutable: ['sha-abc1234'],
      existing: { latest: B, 'sha-abc1234': A },
      expected: { action: 'refuse', tag: 'sha-abc1234', digest: A },
    },
    {
      name: 'immutable tag taken, a mutable one missing: refuse',
      tags: ['latest', 'sha-abc1234'],
      immutable: ['sha-abc1234'],
      existing: { 'sha-abc1234': A },
      expected: { action: 'refuse', tag: 'sha-abc1234', digest: A },
    },
    {
      name: 'mutable repository: existing tags just move, build',
      tags: ['main', 'sha-abc1234'],
      immutable: [],
      existing: { main: A, 'sha-abc1234': A },
      expected: { action: 'build' },
    },
    {
      name: 'push: false moves nothing, build',
      tags: ['sha-abc1234'],
      immutable: ['sha-abc1234'],
      existing: { 'sha-abc1234': A },
      push: false,
      expected: { action: 'build' },
    },
  ])('$name', ({ tags, immutable, existing, push, expected }) => {
    expect(
      decideOnExistingTags({
        tags,
        immutable: new Set(immutable),
        existing: new Map(Object.entries(existing)),
        push: push ?? true,
      }),
    ).toEqual(expected);
  });

  it('words the conflict as one line with the fix', () => {
    const error = immutableTagConflict('team/api', 'v1', A);
    expect(error.message).toBe(
      `Tag "v1" already exists in the immutable repository "team/api" (image ${A}) and cannot be overwritten.`,
    );
    expect(error.hint).toMatch(/^Leave `tags` empty/);
  });
});
