import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { runAction } from '../support/run-action.js';

const ACTIONS = ['build-push', 'render-taskdef', 'bluegreen-deploy', 'notify-slack'];

describe.each(ACTIONS)('%s bundle with no inputs', (name) => {
  it('exits non-zero with one ::error:: line naming a missing required input, and no stack', async () => {
    const result = await runAction(name, { env: { AWS_REGION: 'us-east-1' } });
    expect(result.code).not.toBe(0);
    const errors = result.stdout.split('\n').filter((line) => line.startsWith('::error::'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/Input "[a-z-]+" is required/);
    expect(result.stdout + result.stderr).not.toMatch(/\n\s+at /);
  });

  it('declares runs.using node24 and a committed ESM bundle', () => {
    const action = parse(readFileSync(`actions/${name}/action.yml`, 'utf8'));
    expect(action.runs.using).toBe('node24');
    expect(action.runs.main).toBe('dist/index.js');
    expect(action.branding.icon).toBeTruthy();
    expect(JSON.parse(readFileSync(`actions/${name}/dist/package.json`, 'utf8')).type).toBe(
      'module',
    );
  });
});
