// A very small router: exact segments and `:name` parameters, 404 and 405 (with Allow) built in.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError } from './respond.js';

export type Params = Record<string, string>;
export type Handler = (
  req: IncomingMessage,
  res: ServerResponse,
  params: Params,
  url: URL,
) => Promise<void> | void;

interface Route {
  method: string;
  segments: string[];
  handler: Handler;
}

export class Router {
  private readonly routes: Route[] = [];

  on(method: string, pattern: string, handler: Handler): this {
    this.routes.push({ method, segments: split(pattern), handler });
    return this;
  }

  /** The handler for a request; throws HttpError 404/405 when there is none. */
  resolve(method: string, pathname: string): { handler: Handler; params: Params } {
    const path = split(pathname);
    const allowed = new Set<string>();
    for (const route of this.routes) {
      const params = match(route.segments, path);
      if (!params) continue;
      // HEAD is GET without a body (node:http drops the body for HEAD).
      if (route.method === method || (method === 'HEAD' && route.method === 'GET')) {
        return { handler: route.handler, params };
      }
      allowed.add(route.method);
    }
    if (allowed.size > 0) {
      const allow = [...allowed].join(', ');
      throw new HttpError(405, `${method} is not allowed here; use ${allow}`, { Allow: allow });
    }
    throw new HttpError(404, `no route for ${pathname}`);
  }
}

function split(path: string): string[] {
  return path.split('/').filter((s) => s !== '');
}

function match(pattern: string[], path: string[]): Params | undefined {
  if (pattern.length !== path.length) return undefined;
  const params: Params = {};
  for (const [i, segment] of pattern.entries()) {
    const actual = path[i]!;
    if (segment.startsWith(':')) {
      try {
        params[segment.slice(1)] = decodeURIComponent(actual);
      } catch {
        return undefined;
      }
    } else if (segment !== actual) return undefined;
  }
  return params;
}
