// The sample service's HTTP cost: requests/second and p99 latency on /healthz and on a database
// read (GET /api/notes/:id), each against a bare node:http server measured in the same run: one
// that answers without a query, and one that runs the app's query (NOTE_BY_ID) on the same pool
// and writes the row as JSON, the database read path's own limit. The two database reads are
// measured in turn, ROUNDS times each (medians), so a neighbour's load on this shared machine
// falls on both. Client and servers share this process (loopback, keep-alive, 16 concurrent), so
// the ratios, not the absolute numbers, are the result. The app logs every request, to /dev/null.
import { randomBytes } from 'node:crypto';
import { openSync, writeSync } from 'node:fs';
import { createServer, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { createApp } from '../app/src/app.js';
import { openEmbedded, openPostgres, type Database } from '../app/src/database.js';
import { jsonLog } from '../app/src/log.js';
import { migrate } from '../app/src/migrations.js';
import { NOTE_BY_ID, NoteStore } from '../app/src/notes.js';
import { listen } from '../app/src/server.js';
import { hammer, percentile, type Call } from '../app/test/load.js';
import { databaseUrl, servicesAvailable } from '../test/support/services.js';

// Seconds measured per target; the smoke test (app.bench.test.ts) runs it with a fraction of one.
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
if (!(SECONDS > 0))
  throw new Error(`BENCH_SECONDS must be a positive number, got "${process.env.BENCH_SECONDS}"`);
const CONCURRENCY = 16;
const ROUNDS = 3;

interface Result {
  rps: number;
  p99: number;
}

async function measure(port: number, call: Call): Promise<Result> {
  const until = (end: number) => () => performance.now() < end;
  await hammer({
    port,
    concurrency: CONCURRENCY,
    call: () => call,
    keepGoing: until(performance.now() + 500),
  });
  const started = performance.now();
  const outcomes = await hammer({
    port,
    concurrency: CONCURRENCY,
    call: () => call,
    keepGoing: until(started + SECONDS * 1000),
  });
  const elapsed = (performance.now() - started) / 1000;
  const bad = outcomes.filter((o) => o.status !== 200);
  if (bad.length > 0)
    throw new Error(`${bad.length} failed requests to ${call.path}: ${JSON.stringify(bad[0])}`);
  return {
    rps: outcomes.length / elapsed,
    p99: percentile(
      outcomes.map((o) => o.ms),
      99,
    ),
  };
}

async function openBenchDatabase(): Promise<{
  db: Database;
  label: string;
  cleanup: () => Promise<void>;
}> {
  if (!(await servicesAvailable('postgres'))) {
    return { db: await openEmbedded(), label: 'embedded PGlite', cleanup: async () => undefined };
  }
  const schema = `app_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: databaseUrl() });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  const db = openPostgres(
    { connectionString: databaseUrl(), options: `-c search_path=${schema}` },
    10,
    () => undefined,
  );
  return {
    db,
    label: 'PostgreSQL',
    cleanup: async () => {
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    },
  };
}

function writeJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}

async function bareServer(listener: RequestListener): Promise<{ port: number; server: Server }> {
  const server = createServer(listener);
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, server };
}

/** The database read path's limit: the app's query on the same pool, the row as JSON, no more. */
function sameQuery(db: Database): RequestListener {
  return (req, res) => {
    const id = (req.url ?? '').slice('/api/notes/'.length);
    db.query(NOTE_BY_ID, [id]).then(
      (rows) => writeJson(res, rows[0] ? 200 : 404, rows[0] ?? { error: 'not found' }),
      (error: Error) => writeJson(res, 500, { error: error.message }),
    );
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Each target measured in turn, ROUNDS times; the median of each. */
async function inTurn(targets: Array<[number, Call]>): Promise<Result[]> {
  const runs: Result[][] = targets.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, [port, call]] of targets.entries()) runs[i]!.push(await measure(port, call));
  }
  return runs.map((rs) => ({
    rps: median(rs.map((r) => r.rps)),
    p99: median(rs.map((r) => r.p99)),
  }));
}

const bare = await bareServer((_req, res) => writeJson(res, 200, { status: 'ok' }));
const { db, label, cleanup } = await openBenchDatabase();
const bareQuery = await bareServer(sameQuery(db));
await migrate(db);
const note = await new NoteStore(db).create('bench', 'bench');
const devNull = openSync('/dev/null', 'w');
const release = { version: 'bench', commit: 'bench', buildTime: 'bench', color: 'blue' };
const app = await listen(
  createApp({
    release,
    broken: false,
    db,
    log: jsonLog((line) => writeSync(devNull, line)),
    draining: () => false,
  }),
  0,
  '127.0.0.1',
);

const baseline = await measure(bare.port, { method: 'GET', path: '/' });
const healthz = await measure(app.port, { method: 'GET', path: '/healthz' });
const notePath = { method: 'GET', path: `/api/notes/${note.id}` } as const;
const [bareRead, read] = await inTurn([
  [bareQuery.port, notePath],
  [app.port, notePath],
]);

const row = (name: string, r: Result) =>
  `${name.padEnd(40)} ${r.rps.toFixed(0).padStart(8)} req/s   p99 ${r.p99.toFixed(2).padStart(7)} ms`;
console.log(
  `node ${process.version}, ${CONCURRENCY} keep-alive connections, ${SECONDS} s each, database: ${label}`,
);
console.log(row('bare node:http (baseline)', baseline));
console.log(row('app GET /healthz', healthz));
console.log(row(`bare node:http same query (${label})`, bareRead!));
console.log(row(`app GET /api/notes/:id (${label})`, read!));
console.log(
  `ratio /healthz vs bare: ${(healthz.rps / baseline.rps).toFixed(2)}x throughput, ${(healthz.p99 / baseline.p99).toFixed(2)}x p99`,
);
console.log(
  `ratio DB read vs bare:  ${(read!.rps / baseline.rps).toFixed(2)}x throughput, ${(read!.p99 / baseline.p99).toFixed(2)}x p99`,
);
console.log(
  `ratio app db read/bare node:http same query: ${(read!.rps / bareRead!.rps).toFixed(2)}x (p99 ${(read!.p99 / bareRead!.p99).toFixed(2)}x, medians of ${ROUNDS} rounds)`,
);

await app.drain(1000);
await db.close();
await cleanup();
bare.server.close();
bareQuery.server.close();
