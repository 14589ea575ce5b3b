import { describe, expect, it } from 'vitest';
import { runUrl } from '../github/run-context.js';
import { deploymentDescription, MAX_DESCRIPTION } from './description.js';

const run = {
  repository: 'org/app',
  sha: '0123456789abcdef0123456789abcdef01234567',
  serverUrl: 'https://github.com',
  runId: '42',
  runAttempt: '1',
};

describe('deploymentDescription', () => {
  it.each<[string, string | undefined, typeof run | Record<string, never>, string]>([
    [
      'default text with commit and run',
      undefined,
      run,
      'Deployed by GitHub Actions · org/app@0123456 · https://github.com/org/app/actions/runs/42',
    ],
    [
      'user text',
      'release v2',
      run,
      'release v2 · org/app@0123456 · https://github.com/org/app/actions/runs/42',
    ],
    ['outside Actions', 'manual', {}, 'manual'],
  ])('%s', (_n, text, ctx, expected) => {
    expect(deploymentDescription(text, ctx)).toBe(expected);
  });

  it('cuts the user text, never the commit or the run link, to 256 characters', () => {
    const d = deploymentDescription('x'.repeat(400), run);
    expect(d).toHaveLength(MAX_DESCRIPTION);
    expect(d.endsWith('org/app@0123456 · https://github.com/org/app/actions/runs/42')).toBe(true);
  });

  it('links the attempt when it is a re-run', () => {
    expect(runUrl({ ...run, runAttempt: '3' })).toBe(
      'https://github.com/org/app/actions/runs/42/attempts/3',
    );
  });
});
