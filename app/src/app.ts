// The service's HTTP surface: routes, one log line per request, errors as JSON.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Release } from './config.js';
import type { Database } from './database.js';
import { HttpError, readJson, sendHtml, sendJson } from './http/respond.js';
import { Router } from './http/router.js';
import { errorFields, type Log } from './log.js';
import { MAX_PAGE, NoteStore, parseNewNote, parseNoteId } from './notes.js';
import { renderPage } from './page.js';

export interface AppDeps {
  release: Release;
  broken: boolean;
  db: Database;
  log: Log;
  /** True once shutdown began: readiness fails so nothing new is routed here. */
  draining: () => boolean;
}

const READY_TIMEOUT_MS = 2_000;

export function createApp(deps: AppDeps): RequestListener {
  const { release, db, log } = deps;
  const notes = new NoteStore(db);
  const servedBy = `${release.version} (${release.color})`;
  const brokenOnPurpose = () => {
    if (deps.broken)
      throw new HttpError(500, 'this release is broken on purpose (APP_BROKEN=true)');
  };

  const router = new Router()
    .on('GET', '/', (_req, res) => {
      brokenOnPurpose();
      sendHtml(res, 200, renderPage(release));
    })
    // Liveness: the process answers. Never touches the database, and stays 200 in broken mode.
    .on('GET', '/healthz', (_req, res) => sendJson(res, 200, { status: 'ok' }))
    .on('GET', '/readyz', async (_req, res) => {
      if (deps.draining()) return sendJson(res, 503, { status: 'draining' });
      try {
        await withTimeout(db.query('SELECT 1'), READY_TIMEOUT_MS);
        sendJson(res, 200, { status: 'ready', database: db.kind });
      } catch (error) {
        log('warn', 'database not reachable', errorFields(error));
        sendJson(res, 503, { status: 'unavailable', database: db.kind });
      }
    })
    .on('GET', '/version', (_req, res) => {
      brokenOnPurpose();
      sendJson(res, 200, release);
    })
    .on('GET', '/api/notes', async (_req, res, _params, url) => {
      const limit = url.searchParams.get('limit') ?? '20';
      const before = url.searchParams.get('before');
      if (!/^\d+$/.test(limit) || Number(limit) < 1 || Number(limit) > MAX_PAGE) {
        throw new HttpError(400, `limit must be a whole number from 1 to ${MAX_PAGE}`);
      }
      const beforeId = before === null ? undefined : parseNoteId(before);
      if (before !== null && beforeId === undefined)
        throw new HttpError(400, 'before must be a note id');
      const page = await notes.list(Number(limit), beforeId);
      const last = page.length === Number(limit) ? page.at(-1) : undefined;
      sendJson(res, 200, {
        notes: page,
        next: last ? `/api/notes?limit=${limit}&before=${last.id}` : null,
      });
    })
    .on('POST', '/api/notes', async (req, res) => {
      const parsed = parseNewNote(await readJson(req));
      if ('problem' in parsed) throw new HttpError(400, parsed.problem);
      const note = await notes.create(parsed.text, servedBy);
      res.setHeader('Location', `/api/notes/${note.id}`);
      sendJson(res, 201, note);
    })
    .on('GET', '/api/notes/:id', async (_req, res, params) => {
      const id = parseNoteId(params.id ?? '');
      const note = id === undefined ? undefined : await notes.get(id);
      if (!note) throw new HttpError(404, `no note ${params.id}`);
      sendJson(res, 200, note);
    });

  return (req, res) => {
    const started = process.hrtime.bigint();
    const requestId = headerValue(req, 'x-request-id') ?? randomUUID();
    res.setHeader('X-Request-Id', requestId);
    const url = new URL(req.url ?? '/', 'http://service.invalid');
    res.once('close', () => {
      // The path only: query strings and headers (Authorization, cookies) may carry secrets.
      log('info', 'request', {
        method: req.method,
        path: url.pathname,
        status: res.statusCode,
        durationMs: Number(process.hrtime.bigint() - started) / 1e6,
        bytes: Number(res.getHeader('Content-Length') ?? 0),
        requestId,
        completed: res.writableFinished,
      });
    });
    void handle(req, res, url);
  };

  async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    try {
      const { handler, params } = router.resolve(req.method ?? 'GET', url.pathname);
      await handler(req, res, params, url);
    } catch (error) {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (error instanceof HttpError) {
        for (const [name, value] of Object.entries(error.headers)) res.setHeader(name, value);
        sendJson(res, error.status, { error: error.message });
      } else {
        log('error', 'request failed', { path: url.pathname, ...errorFields(error) });
        sendJson(res, 500, { error: 'internal error' });
      }
    }
  }
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  // Echoed back and logged: accept only a plain token.
  return typeof value === 'string' && /^[\w.:-]{1,128}$/.test(value) ? value : undefined;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
