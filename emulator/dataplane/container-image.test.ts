import { describe, expect, it } from 'vitest';
import { chooseRuntime, ecrImage } from './container-image.js';

const DIGEST = `sha256:${'a'.repeat(64)}`;
const FRONT = '127.0.0.1:4566';

describe('ecrImage', () => {
  it('maps the repository URI the emulator hands out and the AWS form', () => {
    expect(ecrImage(`${FRONT}/team/web:v1`, [FRONT])).toEqual({
      repository: 'team/web',
      reference: 'v1',
    });
    expect(ecrImage(`localhost:4566/web@${DIGEST}`, [FRONT])).toEqual({
      repository: 'web',
      reference: DIGEST,
    });
    expect(ecrImage('123456789012.dkr.ecr.eu-west-1.amazonaws.com/web', [])).toEqual({
      repository: 'web',
      reference: 'latest',
    });
  });

  it('leaves other registries and bare names alone', () => {
    expect(ecrImage('127.0.0.1:9999/web:v1', [FRONT])).toBeUndefined();
    expect(ecrImage('public.ecr.aws/nginx/nginx:1', [FRONT])).toBeUndefined();
    expect(ecrImage('org/sample-app:dev', [FRONT])).toBeUndefined();
    expect(ecrImage('not an image', [FRONT])).toBeUndefined();
  });
});

describe('chooseRuntime', () => {
  const ecr = { repository: 'web', reference: 'v1' };
  const stored = { dockerUp: true, ecr, registry: '127.0.0.1:5000', digest: DIGEST };

  it('process mode never asks for a container', () => {
    expect(chooseRuntime('process', 'x', stored)).toEqual({ runtime: 'process' });
  });

  it('auto: a container pinned to the digest when Docker answers and the registry has it', () => {
    expect(chooseRuntime('auto', `${FRONT}/web:v1`, stored)).toEqual({
      runtime: 'container',
      image: `127.0.0.1:5000/web@${DIGEST}`,
      pull: true,
    });
    expect(chooseRuntime('auto', 'x', { ...stored, dockerUp: false })).toEqual({
      runtime: 'process',
    });
    expect(chooseRuntime('auto', 'x', { dockerUp: true, ecr })).toEqual({ runtime: 'process' });
    expect(chooseRuntime('auto', 'org/web:dev', { dockerUp: true })).toEqual({
      runtime: 'process',
    });
  });

  it('container: an ECR image the registry lacks fails as CannotPullContainerError', () => {
    const choice = chooseRuntime('container', `${FRONT}/web:v9`, { dockerUp: true, ecr });
    expect(choice).toEqual({
      runtime: 'failed',
      reason: `CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref ${FRONT}/web:v9: not found`,
    });
  });

  it('container: any other image runs as written, never pulled', () => {
    expect(chooseRuntime('container', 'org/web:dev', { dockerUp: true })).toEqual({
      runtime: 'container',
      image: 'org/web:dev',
      pull: false,
    });
  });
});
