import { describe, expect, it } from 'vitest';
import { buildFailure, loginFailure, pushFailure } from './failures.js';

describe('buildFailure', () => {
  it.each([
    [
      'classic builder',
      [
        'Step 1/4 : ARG BASE_IMAGE=org/fixture-base:1',
        'Step 3/4 : COPY no-such-file.txt /srv/',
        'DEPRECATED: The legacy builder is deprecated and will be removed in a future release.',
        'COPY failed: file not found in build context or excluded by .dockerignore: stat no-such-file.txt: file does not exist',
      ],
      'Docker build failed at app/Dockerfile step 3/4 `COPY no-such-file.txt /srv/`: COPY failed: file not found in build context or excluded by .dockerignore: stat no-such-file.txt: file does not exist. Fix that step (or the build context it reads) and run again.',
    ],
    [
      'BuildKit',
      [
        '#7 [runtime 2/3] RUN npm ci',
        '#7 ERROR: process "/bin/sh -c npm ci" did not complete successfully: exit code: 1',
        '------',
        ' > [runtime 2/3] RUN npm ci:',
        '------',
        'ERROR: failed to build: failed to solve: process "/bin/sh -c npm ci" did not complete successfully: exit code: 1',
      ],
      'Docker build failed at app/Dockerfile step [runtime 2/3] `RUN npm ci`: failed to solve: process "/bin/sh -c npm ci" did not complete successfully: exit code: 1. Fix that step (or the build context it reads) and run again.',
    ],
  ])('%s: names the failing step', (_name, lines, expected) => {
    expect(buildFailure(lines.join('\n'), 'app/Dockerfile').line).toBe(expected);
  });
});

describe('pushFailure', () => {
  it.each([
    [
      "tag invalid: The image tag 'v1' already exists in the 'api' repository and cannot be overwritten because the repository is immutable.",
      /^Push of r\/api:v1 refused: The image tag 'v1' already exists .* immutable\. Tags in an immutable repository never move/,
    ],
    [
      "name unknown: The repository with name 'api' does not exist in the registry with id '123456789012'",
      /^Push of r\/api:v1 refused: The repository with name 'api' does not exist .*'123456789012'\. Create the repository/,
    ],
    [
      'unauthorized: authentication required',
      /^Push of r\/api:v1 was not authorized: .*ecr:PutImage\.$/,
    ],
    [
      'connection reset by peer',
      /^Push of r\/api:v1 failed: connection reset by peer\. See the push log above\.$/,
    ],
  ])('%s', (output, expected) => {
    expect(
      pushFailure(`The push refers to repository [r/api]\n${output}\n`, 'r/api:v1').line,
    ).toMatch(expected);
  });
});

describe('loginFailure', () => {
  it.each([
    [
      'Error response from daemon: login attempt to http://r/v2/ failed with status: 401 Unauthorized',
      false,
    ],
    ['Error response from daemon: Get "https://r/v2/": net/http: TLS handshake timeout', true],
    [
      'Error response from daemon: Get "http://r/v2/": dial tcp r: connect: connection refused',
      true,
    ],
  ])('%s → transient %s', (output, transient) => {
    const failure = loginFailure(output, 'r');
    expect(failure.transient).toBe(transient);
    expect(failure.error.line).toMatch(/^docker login to r failed: /);
  });
});
