// One small interface over the two databases the service runs on: PostgreSQL through a pg pool
// (RDS in AWS) and embedded PGlite (a fresh machine with nothing installed).
import pg from 'pg';
import type { DatabaseConfig, PostgresConnection } from './config.js';

export interface Queryable {
  query<Row>(sql: string, params?: unknown[]): Promise<Row[]>;
}

export interface Database extends Queryable {
  readonly kind: 'postgres' | 'embedded';
  /** Runs work in one transaction on one connection; rolls back if it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export async function openDatabase(
  config: DatabaseConfig,
  onPoolError: (error: Error) => void,
): Promise<Database> {
  return config.kind === 'postgres'
    ? openPostgres(config.connection, config.poolMax, onPoolError)
    : openEmbedded(config.dataDir);
}

export function openPostgres(
  connection: PostgresConnection & { options?: string },
  poolMax: number,
  onPoolError: (error: Error) => void,
): Database {
  const pool = new pg.Pool({
    ...connection,
    max: poolMax,
    application_name: 'sample-app',
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client that loses its connection (failover, restart) emits here; unhandled it
  // would crash the process, and the pool replaces the client on the next checkout anyway.
  pool.on('error', onPoolError);
  return {
    kind: 'postgres',
    async query<Row>(sql: string, params?: unknown[]) {
      return (await pool.query(sql, params)).rows as Row[];
    },
    async transaction<T>(work: (tx: Queryable) => Promise<T>) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work({
          query: async <Row>(sql: string, params?: unknown[]) =>
            (await client.query(sql, params)).rows as Row[],
        });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

export async function openEmbedded(dataDir?: string): Promise<Database> {
  // Loaded on demand: a service on PostgreSQL never pays for the WASM build.
  const { PGlite } = await import('@electric-sql/pglite');
  const db = await PGlite.create(dataDir);
  return {
    kind: 'embedded',
    async query<Row>(sql: string, params?: unknown[]) {
      return (await db.query<Row>(sql, params)).rows;
    },
    transaction: <T>(work: (tx: Queryable) => Promise<T>) =>
      db.transaction((tx) =>
        work({
          query: async <Row>(sql: string, params?: unknown[]) =>
            (await tx.query<Row>(sql, params)).rows,
        }),
      ),
    close: () => db.close(),
  };
}
