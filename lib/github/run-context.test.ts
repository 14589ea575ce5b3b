import { describe, expect, it } from 'vitest';
import { commitUrl, runContext, runUrl, runnerOf } from './run-context.js';

const env = {
  GITHUB_SERVER_URL: 'https://github.example',
  GITHUB_REPOSITORY: 'org/api',
  GITHUB_SHA: 'merge0000',
  GITHUB_REF: 'refs/pull/4/merge',
  GITHUB_REF_NAME: '4/merge',
  GITHUB_RUN_ID: '7',
  GITHUB_RUN_ATTEMPT: '2',
  GITHUB_ACTOR: 'octocat',
  GITHUB_WORKSPACE: '/w',
};

describe('runContext', () => {
  it('reads the run from the default variables; a pull request names its head commit', () => {
    const run = runContext(env, {
      pull_request: { head: { sha: 'head1111' }, title: 'Fix it\nbody', user: { login: 'hubot' } },
    });
    expect(run).toEqual({
      serverUrl: 'https://github.example',
      repository: 'org/api',
      sha: 'merge0000',
      ref: 'refs/pull/4/merge',
      refName: '4/merge',
      runId: '7',
      runAttempt: '2',
      actor: 'octocat',
      workspace: '/w',
      authored: { commit: 'head1111', message: 'Fix it', author: 'hubot' },
    });
    expect(runUrl(run)).toBe('https://github.example/org/api/actions/runs/7/attempts/2');
    expect(commitUrl(run, 'head1111')).toBe('https://github.example/org/api/commit/head1111');
  });

  it('outside Actions: no links, the actor unknown, github.com as the server', () => {
    const run = runContext({});
    expect(run.serverUrl).toBe('https://github.com');
    expect(runUrl(run)).toBeUndefined();
    expect(commitUrl(run, 'abc')).toBeUndefined();
    expect(run.authored).toEqual({ commit: undefined, message: undefined, author: undefined });
  });

  it('the runner: RUNNER_TEMP as the temp folder, the environment passed on as is', () => {
    const runner = runnerOf({ ...env, RUNNER_TEMP: '/runner/tmp', GITHUB_EVENT_PATH: '/no/such' });
    expect(runner.tempDir).toBe('/runner/tmp');
    expect(runner.env.GITHUB_ACTOR).toBe('octocat');
    expect(runner.run.authored.commit).toBe('merge0000');
  });
});
