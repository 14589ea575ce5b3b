import { describe, expect, it } from 'vitest';
import { checkFailure, parseTestChecks } from './test-checks.js';

describe('parseTestChecks', () => {
  it('reads method, path, status, body and header expectations', () => {
    const { checks, problems } = parseTestChecks(
      '# smoke\nGET /version 200 contains=v2 header=X-Version:v2\nHEAD /healthz 2xx\nGET "/q?a=b c"',
    );
    expect(problems).toEqual([]);
    expect(checks.map(({ source: _s, ...c }) => c)).toEqual([
      {
        method: 'GET',
        path: '/version',
        status: '200',
        contains: 'v2',
        header: { name: 'x-version', value: 'v2' },
      },
      { method: 'HEAD', path: '/healthz', status: '2xx' },
      { method: 'GET', path: '/q?a=b c', status: '2xx' },
    ]);
  });

  it.each([
    ['/version 200', /starts with "\/version"; write a method/],
    ['GET version', /path "version"; write a path starting with \//],
    ['GET / 99', /has "99"; write a status/],
  ])('reports %s', (line, problem) => {
    expect(parseTestChecks(line).problems[0]).toMatch(problem);
  });
});

describe('checkFailure', () => {
  const check = {
    method: 'GET',
    path: '/v',
    status: '200',
    contains: 'v2',
    header: { name: 'x-version', value: 'v2' },
    source: '',
  };
  it.each<
    [string, { status: number; body: string; headers: Record<string, string> }, string | undefined]
  >([
    ['pass', { status: 200, body: '{"version":"v2"}', headers: { 'x-version': 'v2' } }, undefined],
    [
      'wrong status',
      { status: 503, body: 'down', headers: {} },
      'status 503, expected 200; body: down',
    ],
    ['old body', { status: 200, body: 'v1', headers: {} }, 'body does not contain "v2"; body: v1'],
    ['header missing', { status: 200, body: 'v2', headers: {} }, 'header x-version is missing'],
    [
      'header wrong',
      { status: 200, body: 'v2', headers: { 'x-version': 'v1' } },
      'header x-version is "v1", expected "v2"',
    ],
  ])('%s', (_n, response, expected) => expect(checkFailure(check, response)).toBe(expected));

  it('matches status classes', () => {
    expect(
      checkFailure(
        { method: 'GET', path: '/', status: '2xx', source: '' },
        { status: 204, body: '', headers: {} },
      ),
    ).toBeUndefined();
    expect(
      checkFailure(
        { method: 'GET', path: '/', status: '2xx', source: '' },
        { status: 302, body: '', headers: {} },
      ),
    ).toMatch(/status 302/);
  });
});
