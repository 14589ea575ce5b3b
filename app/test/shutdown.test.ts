// SIGTERM while the service is under load, as when ECS replaces a task: every request it
// accepted gets its answer, later connections are refused, and the process exits in time.
import { createConnection } from 'node:net';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../test/support/eventually.js';
import { databaseUrl, servicesAvailable } from '../../test/support/services.js';
import { hammer, type Outcome } from './load.js';
import { startService, type ServiceProcess } from './process.js';

const STOP_TIMEOUT_S = 3;
let service: ServiceProcess | undefined;

afterEach(() => {
  if (service?.child.exitCode === null) service.child.kill('SIGKILL');
});

/** SIGTERM after 300 answers under a 16-way write/read load; every accepted request is answered. */
async function drainUnderLoad(env: Record<string, string> = {}): Promise<void> {
  service = await startService({ STOP_TIMEOUT: String(STOP_TIMEOUT_S), ...env });
  const { child, port, logs, exited } = service;
  let sigtermAt = Infinity;
  let answered = 0;
  const load = hammer({
    port,
    concurrency: 16,
    call: (n) =>
      n % 2 === 0
        ? { method: 'POST', path: '/api/notes', body: JSON.stringify({ text: `note ${n}` }) }
        : { method: 'GET', path: '/api/notes?limit=5' },
    keepGoing: (outcome: Outcome) => {
      if (outcome.status !== undefined && ++answered === 300) {
        sigtermAt = performance.now();
        child.kill('SIGTERM');
      }
      // Each worker stops at its first refused (or failed) request.
      return outcome.error === undefined;
    },
  });
  const outcomes = await load;
  const code = await exited;
  const exitedAfterMs = performance.now() - sigtermAt;

  const failures = outcomes.filter((o) => o.status !== undefined && o.status >= 300);
  const errors = outcomes.flatMap((o) => (o.error ? [o.error] : []));
  expect(failures).toEqual([]);
  // Only connection attempts after the listener closed fail; no request is cut short.
  expect(errors).toEqual(Array(16).fill('ECONNREFUSED'));
  expect(outcomes.filter((o) => o.status !== undefined && o.at > sigtermAt).length).toBeGreaterThan(
    0,
  );
  expect(code).toBe(0);
  expect(exitedAfterMs).toBeLessThan(STOP_TIMEOUT_S * 1000);
  expect(logs.at(-1)).toMatchObject({ msg: 'stopped', forced: false });
}

describe('graceful shutdown', () => {
  it('finishes every in-flight request under load, then exits 0', async () => {
    await drainUnderLoad();
  });

  it('gives up on a request that never finishes and exits 1 within the stop timeout', async () => {
    service = await startService({ STOP_TIMEOUT: '1' });
    const { child, port, logs, exited } = service;
    // A client that promised a body and never sends it: its request stays in flight. Its
    // `Expect: 100-continue` makes the server answer "100 Continue" as it takes the request:
    // the event that says the request is in flight, so SIGTERM comes after it.
    const stuck = createConnection(port, '127.0.0.1');
    await new Promise((resolve) => stuck.once('connect', resolve));
    const accepted = new Promise((resolve) => stuck.once('data', resolve));
    stuck.write(
      'POST /api/notes HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\nExpect: 100-continue\r\n\r\n{"te',
    );
    expect(String(await accepted)).toMatch(/^HTTP\/1\.1 100 Continue/);
    child.kill('SIGTERM');
    const code = await exited;
    stuck.destroy();
    expect(code).toBe(1);
    expect(logs.at(-1)).toMatchObject({ msg: 'stopped', forced: true });
  });
});

const postgresUp = await servicesAvailable('postgres');

describe.skipIf(!postgresUp)('graceful shutdown on PostgreSQL', () => {
  // A database of its own, so the server statistics below count this service's sessions only.
  const database = `shutdown_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: databaseUrl() });

  beforeAll(async () => {
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
  });
  afterAll(async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  });

  it('drains under load, then closes its pool: no session left, none dropped without a goodbye', async () => {
    const url = new URL(databaseUrl());
    url.pathname = `/${database}`;
    await drainUnderLoad({ DATABASE_URL: url.toString() });

    const stats = await eventually(
      async () => {
        const open = await admin.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1',
          [database],
        );
        const db = await admin.query<{ sessions: number; abandoned: number }>(
          `SELECT sessions::int, sessions_abandoned::int AS abandoned
             FROM pg_stat_database WHERE datname = $1`,
          [database],
        );
        return { open: open.rows[0]!.n, ...db.rows[0]! };
      },
      (s) => s.open === 0 && s.sessions > 0,
    );
    // The pool's connections really served the load (16 concurrent clients need several)...
    expect(stats.sessions).toBeGreaterThan(1);
    // ...and each one ended with the protocol's Terminate (pool.end()), not with the socket
    // dropping when the process exited: PostgreSQL counts the latter as abandoned sessions.
    expect(stats.abandoned).toBe(0);
  });
});
