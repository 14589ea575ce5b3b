/**
 * The tasks' database: PostgreSQL when one answers (DATABASE_URL, else the local default), in a
 * schema of its own; otherwise the service falls back to embedded PGlite, which works but starts
 * in seconds rather than milliseconds and takes far more memory per task.
 */
import pg from 'pg';

export const DEMO_SCHEMA = 'actions_demo';

export async function demoDatabaseUrl(): Promise<string | undefined> {
  const base = process.env.DATABASE_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/postgres';
  const client = new pg.Client({ connectionString: base, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${DEMO_SCHEMA}`);
  } catch {
    return undefined;
  } finally {
    await client.end().catch(() => undefined);
  }
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${DEMO_SCHEMA}`);
  return url.toString();
}
