import { describe, expect, it } from 'vitest';
import { HttpError } from './respond.js';
import { Router } from './router.js';

const noop = () => undefined;
const router = new Router().on('GET', '/a', noop).on('POST', '/a', noop).on('GET', '/a/:id', noop);

function failure(method: string, path: string): HttpError {
  try {
    router.resolve(method, path);
  } catch (error) {
    if (error instanceof HttpError) return error;
  }
  throw new Error('expected an HttpError');
}

describe('Router', () => {
  it('matches parameters, decoded', () => {
    expect(router.resolve('GET', '/a/x%20y').params).toEqual({ id: 'x y' });
    expect(router.resolve('GET', '/a/').params).toEqual({});
  });

  it('serves HEAD with the GET route', () => {
    expect(router.resolve('HEAD', '/a/1').params).toEqual({ id: '1' });
  });

  it('answers 405 with the allowed methods, and 404 for unknown paths', () => {
    expect(failure('DELETE', '/a')).toMatchObject({ status: 405, headers: { Allow: 'GET, POST' } });
    expect(failure('GET', '/a/1/2')).toMatchObject({ status: 404 });
    expect(failure('GET', '/a/%E0%A4%A')).toMatchObject({ status: 404 });
  });
});
