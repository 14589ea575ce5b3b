import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Agent, request, type IncomingMessage, type ServerResponse } from 'node:http';
import { immutableTagText, registryNameUnknownText } from './messages.js';
import type { RegistryStore } from './registry.js';
import type { EcrRegions, RegionalRegistry, RegistryScope } from './regions.js';
import { tagIsImmutable } from './repositories.js';
import { readBody } from '../protocol/read-body.js';

/** Passwords handed out by GetAuthorizationToken, valid until their expiry. */
export class TokenBook {
  private readonly passwords = new Map<string, Date>();

  issue(expiresAt: Date): string {
    const password = randomBytes(24).toString('base64url');
    this.passwords.set(password, expiresAt);
    return password;
  }

  valid(password: string, now: Date): boolean {
    const expiresAt = this.passwords.get(password);
    return expiresAt !== undefined && expiresAt > now;
  }
}

/** Pre-signed blob URLs, as GetDownloadUrlForLayer hands out (S3 URLs on AWS). */
export class BlobSigner {
  private readonly secret = randomBytes(32);

  sign(path: string, expiresAt: Date): string {
    const expires = Math.floor(expiresAt.getTime() / 1000);
    return `${path}?X-Amz-Expires=${expires}&X-Amz-Signature=${this.mac(path, expires)}`;
  }

  verify(path: string, query: URLSearchParams, now: Date): boolean {
    const expires = Number(query.get('X-Amz-Expires'));
    const signature = Buffer.from(query.get('X-Amz-Signature') ?? '');
    const expected = Buffer.from(this.mac(path, expires));
    return (
      expires * 1000 > now.getTime() &&
      signature.length === expected.length &&
      timingSafeEqual(signature, expected)
    );
  }

  private mac(path: string, expires: number): string {
    return createHmac('sha256', this.secret).update(`${path}\n${expires}`).digest('hex');
  }
}

export interface FrontOptions {
  store: RegistryStore;
  regions: EcrRegions;
  tokens: TokenBook;
  signer: BlobSigner;
  now(): Date;
  /** The home front's own address as clients reach it (`http://127.0.0.1:4566`), learned from Host. */
  seen(endpoint: string): void;
  pushed(regional: RegionalRegistry, repository: string, digest: string): void;
}

const ROUTE = /^\/v2\/(.+?)\/(manifests|blobs|tags)\/(.*)$/;

/**
 * The registry side of the emulated ECR: `/v2/*` reverse-proxied to the real registry, behind
 * ECR's rules: basic auth `AWS:<password from GetAuthorizationToken>`, repositories must exist,
 * immutable tags never move. Bodies stream through; the client's Host goes upstream, so the
 * registry's Location headers point back at this front. One front serves every registry: `scope`
 * says which one a request reached (by the port it came in on), and a repository's images sit
 * under its region's backing name upstream.
 */
export function registryFront(options: FrontOptions) {
  const upstream = new URL(options.store.base);
  const agent = new Agent({ keepAlive: true });

  return async function handleRegistry(
    scope: RegistryScope,
    req: IncomingMessage,
    res: ServerResponse,
    home = false,
  ): Promise<boolean> {
    const url = new URL(req.url ?? '/', 'http://front');
    if (url.pathname !== '/v2' && !url.pathname.startsWith('/v2/')) return false;
    if (home && req.headers.host) options.seen(`http://${req.headers.host}`);

    const route = ROUTE.exec(url.pathname);
    const presigned =
      route?.[2] === 'blobs' &&
      (req.method === 'GET' || req.method === 'HEAD') &&
      options.signer.verify(url.pathname, url.searchParams, options.now());
    if (!presigned && !authorized(req, options)) {
      res.writeHead(401, {
        'Content-Type': 'application/json',
        'Docker-Distribution-API-Version': 'registry/2.0',
        'WWW-Authenticate': `Basic realm="${req.headers.host ?? 'ecr'}",service="ecr.amazonaws.com"`,
      });
      res.end(registryError('UNAUTHORIZED', 'authentication required'));
      return true;
    }
    if (!route) {
      forward(req, res, upstream, agent, url.pathname + url.search);
      return true;
    }
    const [, name = '', kind, reference = ''] = route;
    const regional = options.regions.find(scope);
    const repository = regional?.table.find(name);
    if (!regional || !repository) {
      res.writeHead(404, { 'Content-Type': 'application/json' });
      res.end(registryError('NAME_UNKNOWN', registryNameUnknownText(name, scope.registryId)));
      return true;
    }
    const backing = regional.backingName(name);
    const upstreamPath = (path: string) => `/v2/${backing}${path.slice(`/v2/${name}`.length)}`;
    const names = { front: name, backing };
    if (kind === 'manifests' && req.method === 'PUT') {
      const body = await readBody(req);
      const digest = `sha256:${createHash('sha256').update(body).digest('hex')}`;
      if (!reference.startsWith('sha256:') && tagIsImmutable(repository, reference)) {
        const existing = await options.store.manifest(backing, reference);
        if (existing && existing.digest !== digest) {
          res.writeHead(400, { 'Content-Type': 'application/json' });
          res.end(registryError('TAG_INVALID', immutableTagText(reference, name)));
          return true;
        }
      }
      const path = upstreamPath(url.pathname) + url.search;
      const status = await forward(req, res, upstream, agent, path, body, names);
      if (status === 201) options.pushed(regional, name, digest);
      return true;
    }
    // Pre-signed URLs carry their own query; the registry must not see it.
    const path = upstreamPath(url.pathname) + (presigned ? '' : url.search);
    forward(req, res, upstream, agent, path, undefined, names);
    return true;
  };
}

function authorized(req: IncomingMessage, options: FrontOptions): boolean {
  const header = req.headers.authorization ?? '';
  if (!header.startsWith('Basic ')) return false;
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0 || decoded.slice(0, colon) !== 'AWS') return false;
  return options.tokens.valid(decoded.slice(colon + 1), options.now());
}

function registryError(code: string, message: string): string {
  return JSON.stringify({ errors: [{ code, message, detail: null }] });
}

/** Streams one request to the registry and its answer back; resolves with the status. */
function forward(
  req: IncomingMessage,
  res: ServerResponse,
  upstream: URL,
  agent: Agent,
  path: string,
  body?: Buffer,
  names?: { front: string; backing: string },
): Promise<number> {
  const headers = { ...req.headers };
  delete headers.authorization;
  if (body) {
    delete headers['transfer-encoding'];
    headers['content-length'] = String(body.length);
  }
  return new Promise((resolve) => {
    const proxied = request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path, headers, agent },
      (answer) => {
        const headers = { ...answer.headers };
        // Upload locations name the backing repository; clients must come back to the front's name.
        if (names && names.front !== names.backing && typeof headers.location === 'string') {
          headers.location = headers.location.replace(
            `/v2/${names.backing}/`,
            `/v2/${names.front}/`,
          );
        }
        res.writeHead(answer.statusCode ?? 502, headers);
        answer.pipe(res);
        answer.on('end', () => resolve(answer.statusCode ?? 502));
      },
    );
    proxied.on('error', (error) => {
      if (!res.headersSent) res.writeHead(502, { 'Content-Type': 'application/json' });
      res.end(registryError('UNAVAILABLE', `registry unreachable: ${error.message}`));
      resolve(502);
    });
    if (body) proxied.end(body);
    else req.pipe(proxied);
  });
}
