// The migration entry point (src/migrate.ts) as the one-off task runs it, against real PostgreSQL:
// idempotent, safe to run twice at once, and safe while the previous release serves.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseUrl, servicesAvailable } from '../../test/support/services.js';
import { openPostgres, type Database } from '../src/database.js';
import { migrate, MIGRATIONS } from '../src/migrations.js';

const APP = fileURLToPath(new URL('..', import.meta.url));
const postgresUp = await servicesAvailable('postgres');
const schema = `migrate_test_${randomBytes(4).toString('hex')}`;

/** The database URL confined to this file's schema (libpq `options`, as DATABASE_URL allows). */
function schemaUrl(): string {
  const url = new URL(databaseUrl());
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

interface Run {
  code: number | null;
  lines: Record<string, unknown>[];
}

/** `npm run migrate -w app`, as the task's `node migrate.mjs` runs from source. */
function runMigrate(env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/migrate.ts'], {
      cwd: APP,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += String(d)));
    child.once('error', reject);
    child.once('close', (code) =>
      resolve({
        code,
        lines: out
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as Record<string, unknown>),
      }),
    );
  });
}

describe.skipIf(!postgresUp)('the migration task on PostgreSQL', () => {
  let db: Database;
  beforeAll(async () => {
    await admin(`CREATE SCHEMA ${schema}`);
    db = openPostgres(
      { connectionString: databaseUrl(), options: `-c search_path=${schema}` },
      2,
      () => undefined,
    );
  });
  afterAll(async () => {
    await db?.close();
    await admin(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  });

  it('expands the schema under the previous release, which keeps writing; a rerun applies nothing', async () => {
    // The previous release: schema version 1, writing notes without served_by.
    expect(await migrate(db, MIGRATIONS.slice(0, 1))).toEqual([1]);
    await db.query(`INSERT INTO notes (text) VALUES ('written by the previous release')`);

    const first = await runMigrate({ DATABASE_URL: schemaUrl() });
    expect(first.code).toBe(0);
    expect(first.lines.at(-1)).toMatchObject({ msg: 'migrations applied', applied: '2' });
    // The previous release still serves: its INSERT (no served_by) works against the new schema.
    await db.query(`INSERT INTO notes (text) VALUES ('still the previous release')`);
    const rows = await db.query<{ text: string; served_by: string }>(
      'SELECT text, served_by FROM notes ORDER BY id',
    );
    expect(rows).toEqual([
      { text: 'written by the previous release', served_by: '' },
      { text: 'still the previous release', served_by: '' },
    ]);

    const again = await runMigrate({ DATABASE_URL: schemaUrl() });
    expect(again.code).toBe(0);
    expect(again.lines.at(-1)).toMatchObject({ applied: 'none', latest: 2 });
  });

  it('two runs at once (a retried task beside a slow one) apply each migration once', async () => {
    await admin(`DROP SCHEMA ${schema} CASCADE; CREATE SCHEMA ${schema}`);
    const runs = await Promise.all([
      runMigrate({ DATABASE_URL: schemaUrl() }),
      runMigrate({ DATABASE_URL: schemaUrl() }),
    ]);
    expect(runs.map((r) => r.code)).toEqual([0, 0]);
    const applied = runs.map((r) => String(r.lines.at(-1)!.applied)).sort();
    expect(applied).toEqual(['1,2', 'none']);
    const versions = await db.query<{ version: number }>(
      'SELECT version FROM schema_migrations ORDER BY version',
    );
    expect(versions.map((v) => Number(v.version))).toEqual([1, 2]);
  });

  it('a database it cannot reach exits 1 with one JSON line saying so', async () => {
    const run = await runMigrate({ DATABASE_URL: 'postgres://app:secret@127.0.0.1:1/app' });
    expect(run.code).toBe(1);
    expect(run.lines).toHaveLength(1);
    expect(run.lines[0]).toMatchObject({ level: 'error', msg: 'migration failed' });
    expect(JSON.stringify(run.lines)).not.toContain('secret');
  });
});
