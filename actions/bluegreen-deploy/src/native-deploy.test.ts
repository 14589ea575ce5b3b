import { describe, expect, it } from 'vitest';
import { DEFAULT_CHECKS } from '../../../lib/gate/test-checks.js';
import { gateAsks, nativeOnlyProblems } from './native-deploy.js';

const CANARY = { engine: 'native', strategy: 'CANARY' } as const;

describe('gateAsks', () => {
  it('names the gate inputs given and wait-until: ready', () => {
    expect(
      gateAsks({ 'test-url': 'http://x', 'test-command': 'npm test' }, { waitUntil: 'ready' }),
    ).toEqual(['test-url', 'test-command', 'wait-until: ready']);
  });

  it('asks nothing of empty inputs and other wait-until values', () => {
    expect(gateAsks({ 'test-url': '', 'test-checks': ' ' }, { waitUntil: 'complete' })).toEqual([]);
  });
});

describe('nativeOnlyProblems', () => {
  it('accepts test-checks with a test-url', () => {
    expect(nativeOnlyProblems({ testChecks: DEFAULT_CHECKS, testUrl: 'http://x' }, CANARY)).toEqual(
      [],
    );
  });

  it('refuses test-checks without a test-url, naming the input and the fix', () => {
    const problems = nativeOnlyProblems({ testChecks: DEFAULT_CHECKS, testUrl: undefined }, CANARY);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('ECS-native CANARY');
    expect(problems[0]).toContain('write test-url');
  });
});
