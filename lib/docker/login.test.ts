import { describe, expect, it } from 'vitest';
import { ActionError } from '../errors/action-error.js';
import type { DockerCli, DockerResult, DockerRunOptions } from './cli.js';
import { dockerLogin } from './login.js';

/** A docker CLI that answers each call with the next scripted result and remembers the calls. */
function scriptedDocker(results: DockerResult[]) {
  const calls: { args: readonly string[]; options?: DockerRunOptions }[] = [];
  const docker: Pick<DockerCli, 'run'> = {
    run(args, options) {
      calls.push({ args, options });
      const next = results.shift();
      if (!next) throw new Error(`unexpected docker call ${args.join(' ')}`);
      return Promise.resolve(next);
    },
  };
  return { docker, calls };
}

const unreachable: DockerResult = {
  code: 1,
  output:
    'Error response from daemon: Get "https://r.example/v2/": dial tcp 10.0.0.1:443: connect: connection refused\n',
};
const refused: DockerResult = {
  code: 1,
  output:
    'Error response from daemon: login attempt to https://r.example/v2/ failed with status: 401 Unauthorized\n',
};
const ok: DockerResult = { code: 0, output: 'Login Succeeded\n' };

function options() {
  const waits: number[] = [];
  const retries: string[] = [];
  return {
    waits,
    retries,
    login: {
      registry: 'r.example',
      username: 'AWS',
      password: 's3cret-token',
      delayMs: 100,
      sleep: (ms: number) => {
        waits.push(ms);
        return Promise.resolve();
      },
      onRetry: (m: string) => retries.push(m),
    },
  };
}

describe('dockerLogin', () => {
  it('retries a transient failure with backoff, then succeeds', async () => {
    const { docker, calls } = scriptedDocker([unreachable, unreachable, ok]);
    const { login, waits, retries } = options();

    await dockerLogin(docker, login);

    expect(calls).toHaveLength(3);
    expect(waits).toEqual([100, 200]);
    expect(retries).toEqual([
      expect.stringMatching(/connection refused\. Trying again \(attempt 2 of 3\)\.$/),
      expect.stringMatching(/Trying again \(attempt 3 of 3\)\.$/),
    ]);
    for (const call of calls) {
      // The password goes through stdin only, never on the command line.
      expect(call.args).toEqual(['login', '--username', 'AWS', '--password-stdin', 'r.example']);
      expect(call.options?.input).toBe('s3cret-token');
    }
  });

  it('fails at once, without retrying, when the registry refuses the token', async () => {
    const { docker, calls } = scriptedDocker([refused, ok]);
    const { login, waits, retries } = options();

    const error = await dockerLogin(docker, login).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ActionError);
    expect((error as ActionError).message).toMatch(
      /^docker login to r\.example failed: the registry refused the ECR token \(.*401 Unauthorized\)\.$/,
    );
    expect(calls).toHaveLength(1);
    expect(waits).toEqual([]);
    expect(retries).toEqual([]);
  });

  it('gives up after the last attempt and says how many were made', async () => {
    const { docker, calls } = scriptedDocker([unreachable, unreachable, unreachable, ok]);
    const { login, waits } = options();

    const error = await dockerLogin(docker, { ...login, attempts: 3 }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ActionError);
    expect((error as ActionError).line).toBe(
      'docker login to r.example failed: Error response from daemon: Get "https://r.example/v2/": dial tcp 10.0.0.1:443: connect: connection refused. Gave up after 3 attempts. The registry was not reachable; check the network or the `registry` input.',
    );
    expect(calls).toHaveLength(3);
    expect(waits).toEqual([100, 200]);
  });
});
