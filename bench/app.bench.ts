// The sample service's HTTP cost: requests/second and p99 latency on /healthz and on a database
// read (GET /api/notes/:id), each against a bare node:http server measured in the same run.
// Client and servers share this process (loopback, keep-alive, 16 concurrent), so the ratios,
// not the absolute numbers, are the result. The app logs every request, to /dev/null here.
import { randomBytes } from 'node:crypto';
import { openSync, writeSync } from 'node:fs';
import { createServer } from 'node:http';
import pg from 'pg';
import { createApp } from '../app/src/app.js';
import { openEmbedded, openPostgres, type Database } from '../app/src/database.js';
import { jsonLog } from '../app/src/log.js';
import { migrate } from '../app/src/migrations.js';
import { NoteStore } from '../app/src/notes.js';
import { listen } from '../app/src/server.js';
import { hammer, percentile, type Call } from '../app/test/load.js';
import { databaseUrl, servicesAvailable } from '../test/support/services.js';

// Seconds measured per target; the smoke test (app.bench.test.ts) runs it with a fraction of one.
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
if (!(SECONDS > 0))
  throw new Error(`BENCH_SECONDS must be a positive number, got "${process.env.BENCH_SECONDS}"`);
const CONCURRENCY = 16;

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

const bare = createServer((_req, res) => {
  const body = JSON.stringify({ status: 'ok' });
  res.writeHead(200, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
});
bare.keepAliveTimeout = 65_000;
await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
const barePort = (bare.address() as { port: number }).port;

const { db, label, cleanup } = await openBenchDatabase();
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

const baseline = await measure(barePort, { method: 'GET', path: '/' });
const healthz = await measure(app.port, { method: 'GET', path: '/healthz' });
const read = await measure(app.port, { method: 'GET', path: `/api/notes/${note.id}` });

const row = (name: string, r: Result) =>
  `${name.padEnd(36)} ${r.rps.toFixed(0).padStart(8)} req/s   p99 ${r.p99.toFixed(2).padStart(7)} ms`;
console.log(
  `node ${process.version}, ${CONCURRENCY} keep-alive connections, ${SECONDS} s each, database: ${label}`,
);
console.log(row('bare node:http (baseline)', baseline));
console.log(row('app GET /healthz', healthz));
console.log(row(`app GET /api/notes/:id (${label})`, read));
console.log(
  `ratio /healthz vs bare: ${(healthz.rps / baseline.rps).toFixed(2)}x throughput, ${(healthz.p99 / baseline.p99).toFixed(2)}x p99`,
);
console.log(
  `ratio DB read vs bare:  ${(read.rps / baseline.rps).toFixed(2)}x throughput, ${(read.p99 / baseline.p99).toFixed(2)}x p99`,
);

await app.drain(1000);
await db.close();
await cleanup();
bare.close();
