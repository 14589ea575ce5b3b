import { describe, expect, it } from 'vitest';
import { ActionError } from '../errors/action-error.js';
import { detectBuilder, DockerCli, hasEngineBuildKit, type DockerResult } from './cli.js';

const answering = (...results: DockerResult[]): Pick<DockerCli, 'run'> => ({
  run: () => Promise.resolve(results.shift() ?? { code: 1, output: 'unexpected call' }),
});

describe('detectBuilder', () => {
  it('reads the engine platform and the buildx driver', async () => {
    const docker = answering(
      { code: 0, output: 'linux/amd64\n' },
      { code: 0, output: 'github.com/docker/buildx v0.12.1\n' },
      { code: 0, output: 'Name: default\nDriver: docker\n' },
    );
    expect(await detectBuilder(docker)).toEqual({
      buildx: true,
      driver: 'docker',
      nativePlatform: 'linux/amd64',
    });
  });

  it('an unreachable engine is an expected failure: one line with the fix, no stack', async () => {
    const docker = answering({
      code: 1,
      output:
        'Client: Docker Engine\nCannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n',
    });
    const error = await detectBuilder(docker).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ActionError);
    expect((error as ActionError).line).toBe(
      'docker engine is not reachable: Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running? Start the Docker daemon on the runner (`docker version` must show a Server), or run the job on a runner with Docker.',
    );
  });

  it('a runner without the docker CLI is an expected failure too', async () => {
    const error = await detectBuilder(new DockerCli({}, '/no/such/docker')).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ActionError);
    expect((error as ActionError).line).toMatch(
      /^The docker CLI is not installed on this runner \(spawn docker: ENOENT\)\. Run the job on a runner with Docker/,
    );
  });
});

describe('hasEngineBuildKit', () => {
  it.each<[string, string, boolean]>([
    ['20.10.24+dfsg1', '20.10.24+dfsg1', true],
    ['18.09.1', '18.09.1', true],
    ['22.06.0-beta.0', '24.0.7', true],
    ['23.0.0', '20.10.24', false],
    ['28.2.2', '20.10.24+dfsg1', false],
    ['18.06.3-ce', '20.10.5', false],
    ['20.10.5', '18.06.1-ce', false],
    ['', '', false],
  ])('client %j, engine %j: %s', (client, engine, expected) => {
    expect(hasEngineBuildKit(client, engine)).toBe(expected);
  });
});
