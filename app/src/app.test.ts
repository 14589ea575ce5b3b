// The service over real HTTP, once on embedded PGlite and once on the real PostgreSQL server
// (each run in its own schema, dropped afterwards).
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseUrl, servicesAvailable } from '../../test/support/services.js';
import { createApp } from './app.js';
import type { Release } from './config.js';
import { openEmbedded, openPostgres, type Database } from './database.js';
import { jsonLog } from './log.js';
import { migrate, MIGRATIONS } from './migrations.js';
import { listen, type Listener } from './server.js';
import { waitFor } from '../../test/support/wait-for.js';

const release: Release = {
  version: '2.0.0',
  commit: 'c0ffee',
  buildTime: '2024-05-01T00:00:00Z',
  color: 'green',
};
const postgresUp = await servicesAvailable('postgres');

interface Backend {
  open(): Promise<Database>;
  cleanup(): Promise<void>;
}

function embedded(): Backend {
  return { open: () => openEmbedded(), cleanup: async () => undefined };
}

/** A PostgreSQL backend confined to a fresh schema through search_path. */
function postgres(): Backend {
  const schema = `app_test_${randomBytes(4).toString('hex')}`;
  const admin = () => new pg.Client({ connectionString: databaseUrl() });
  return {
    async open() {
      const client = admin();
      await client.connect();
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      await client.end();
      return openPostgres(
        { connectionString: databaseUrl(), options: `-c search_path=${schema}` },
        5,
        () => undefined,
      );
    },
    async cleanup() {
      const client = admin();
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    },
  };
}

const backends: [string, () => Backend, boolean][] = [
  ['embedded PGlite', embedded, true],
  ['PostgreSQL', postgres, postgresUp],
];

describe.each(backends)('the service on %s', (_name, backend, available) => {
  describe.skipIf(!available)('', () => {
    const lines: string[] = [];
    const log = jsonLog((line) => lines.push(line));
    const store = backend();
    let db: Database;
    let healthy: Listener;
    let broken: Listener;
    let base: string;
    let brokenBase: string;

    beforeAll(async () => {
      db = await store.open();
      expect(await migrate(db)).toEqual(MIGRATIONS.map((m) => m.version));
      healthy = await listen(
        createApp({ release, broken: false, db, log, draining: () => false }),
        0,
        '127.0.0.1',
      );
      broken = await listen(
        createApp({ release, broken: true, db, log, draining: () => false }),
        0,
        '127.0.0.1',
      );
      base = `http://127.0.0.1:${healthy.port}`;
      brokenBase = `http://127.0.0.1:${broken.port}`;
    });

    afterAll(async () => {
      await healthy?.drain(1000);
      await broken?.drain(1000);
      await db?.close();
      await store.cleanup();
    });

    const post = (body: string, type = 'application/json') =>
      fetch(`${base}/api/notes`, { method: 'POST', headers: { 'content-type': type }, body });

    it('answers liveness, readiness and version', async () => {
      expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: 'ok' });
      const ready = await fetch(`${base}/readyz`);
      expect([ready.status, await ready.json()]).toEqual([
        200,
        { status: 'ready', database: db.kind },
      ]);
      const version = await fetch(`${base}/version`);
      expect(version.headers.get('cache-control')).toBe('no-store');
      expect(await version.json()).toEqual(release);
    });

    it('serves the page with the release that answered', async () => {
      const page = await fetch(`${base}/`);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await page.text()).toContain('Served by 2.0.0 (green)');
    });

    it('in broken mode fails /version and the page but stays live and ready', async () => {
      expect((await fetch(`${brokenBase}/version`)).status).toBe(500);
      const page = await fetch(`${brokenBase}/`);
      expect([page.status, await page.json()]).toEqual([
        500,
        { error: 'this release is broken on purpose (APP_BROKEN=true)' },
      ]);
      expect((await fetch(`${brokenBase}/healthz`)).status).toBe(200);
      expect((await fetch(`${brokenBase}/readyz`)).status).toBe(200);
    });

    it('creates, reads and lists notes, newest first, a page at a time', async () => {
      const created = [];
      for (const text of ['first', 'second', 'third']) {
        const res = await post(JSON.stringify({ text }));
        expect(res.status).toBe(201);
        const note = (await res.json()) as {
          id: string;
          text: string;
          servedBy: string;
          createdAt: string;
        };
        expect(res.headers.get('location')).toBe(`/api/notes/${note.id}`);
        expect(note).toMatchObject({ text, servedBy: '2.0.0 (green)' });
        expect(Date.parse(note.createdAt)).not.toBeNaN();
        created.push(note);
      }
      expect(await (await fetch(`${base}/api/notes/${created[1]!.id}`)).json()).toEqual(created[1]);

      const first = (await (await fetch(`${base}/api/notes?limit=2`)).json()) as {
        notes: unknown[];
        next: string;
      };
      expect(first.notes).toEqual([created[2], created[1]]);
      const second = (await (await fetch(`${base}${first.next}`)).json()) as {
        notes: unknown[];
        next: unknown;
      };
      expect(second.notes[0]).toEqual(created[0]);
    });

    it.each([
      ['not JSON', () => post('{'), 400, 'body is not valid JSON'],
      [
        'not JSON typed',
        () => post('{"text":"x"}', 'text/plain'),
        415,
        'send Content-Type: application/json',
      ],
      ['an empty note', () => post('{"text":" "}'), 400, '"text" must be a non-empty string'],
      [
        'a huge body',
        () => post(JSON.stringify({ text: 'x'.repeat(20_000) })),
        413,
        'body is larger than 16384 bytes',
      ],
      ['an unknown note', () => fetch(`${base}/api/notes/999999`), 404, 'no note 999999'],
      ['a malformed id', () => fetch(`${base}/api/notes/abc`), 404, 'no note abc'],
      [
        'a bad limit',
        () => fetch(`${base}/api/notes?limit=1000`),
        400,
        'limit must be a whole number from 1 to 100',
      ],
      ['an unknown path', () => fetch(`${base}/nope`), 404, 'no route for /nope'],
      [
        'a wrong method',
        () => fetch(`${base}/healthz`, { method: 'DELETE' }),
        405,
        'DELETE is not allowed here; use GET',
      ],
    ])('rejects %s', async (_case, request, status, error) => {
      const res = await request();
      expect([res.status, await res.json()]).toEqual([status, { error }]);
    });

    it('logs one JSON line per request, with neither headers nor query strings', async () => {
      lines.length = 0;
      await fetch(`${base}/version?token=hunter2`, {
        headers: {
          authorization: 'Bearer hunter2',
          cookie: 'session=hunter2',
          'x-request-id': 'req-42',
        },
      });
      await waitFor('the request log line', () => lines.length > 0);
      expect(lines).toHaveLength(1);
      expect(lines.join()).not.toContain('hunter2');
      expect(JSON.parse(lines[0]!)).toMatchObject({
        level: 'info',
        msg: 'request',
        method: 'GET',
        path: '/version',
        status: 200,
        requestId: 'req-42',
        completed: true,
      });
    });

    it('applies no migration twice', async () => {
      expect(await migrate(db)).toEqual([]);
    });
  });
});

describe.skipIf(!postgresUp)('on PostgreSQL', () => {
  it('migrates once when several tasks start together', async () => {
    const store = postgres();
    const dbs: Database[] = [];
    for (let task = 0; task < 3; task++) dbs.push(await store.open());
    try {
      const applied = await Promise.all(dbs.map((db) => migrate(db)));
      expect(applied.flat().sort()).toEqual(MIGRATIONS.map((m) => m.version));
    } finally {
      await Promise.all(dbs.map((db) => db.close()));
      await store.cleanup();
    }
  });

  it('is not ready while the database is unreachable, and says so without the password', async () => {
    const lines: string[] = [];
    const db = openPostgres(
      { host: '127.0.0.1', port: 1, user: 'app', password: 'hunter2', database: 'x' },
      1,
      () => undefined,
    );
    const listener = await listen(
      createApp({
        release,
        broken: false,
        db,
        log: jsonLog((l) => lines.push(l)),
        draining: () => false,
      }),
      0,
      '127.0.0.1',
    );
    try {
      const res = await fetch(`http://127.0.0.1:${listener.port}/readyz`);
      expect([res.status, await res.json()]).toEqual([
        503,
        { status: 'unavailable', database: 'postgres' },
      ]);
      expect(lines.join()).not.toContain('hunter2');
    } finally {
      await listener.drain(1000);
      await db.close();
    }
  });
});

describe('readiness while draining', () => {
  it('is 503 so the load balancer stops routing here', async () => {
    const db = { kind: 'embedded' } as Database;
    const app = createApp({
      release,
      broken: false,
      db,
      log: () => undefined,
      draining: () => true,
    });
    const listener = await listen(app, 0, '127.0.0.1');
    try {
      const res = await fetch(`http://127.0.0.1:${listener.port}/readyz`);
      expect([res.status, await res.json()]).toEqual([503, { status: 'draining' }]);
    } finally {
      await listener.drain(1000);
    }
  });
});
