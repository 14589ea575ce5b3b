// Schema changes, applied in order at start. Append only: a released migration never changes.
import type { Database } from './database.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
  /**
   * Every migration expands the schema (migration-safety.ts checks it), so the previous release
   * keeps working beside it. A contraction, released once no running version needs what it
   * removes, says so here.
   */
  phase?: 'contract';
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'create notes',
    sql: `CREATE TABLE notes (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            text text NOT NULL,
            created_at timestamptz NOT NULL DEFAULT now()
          )`,
  },
  {
    version: 2,
    name: 'record which release wrote each note',
    // A default, so the previous release (still serving during blue/green) can insert without it.
    sql: `ALTER TABLE notes ADD COLUMN served_by text NOT NULL DEFAULT ''`,
  },
];

// Several tasks start at once during a deployment: one transaction-scoped advisory lock makes
// them take turns, and the later ones find nothing left to do.
const MIGRATION_LOCK = 7_240_531;

/** Applies the migrations not yet recorded in schema_migrations; returns the versions applied. */
export async function migrate(
  db: Database,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<number[]> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
                      version integer PRIMARY KEY,
                      name text NOT NULL,
                      applied_at timestamptz NOT NULL DEFAULT now()
                    )`);
    const rows = await tx.query<{ version: number }>('SELECT version FROM schema_migrations');
    const done = new Set(rows.map((r) => Number(r.version)));
    const applied: number[] = [];
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (done.has(migration.version)) continue;
      await tx.query(migration.sql);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ]);
      applied.push(migration.version);
    }
    return applied;
  });
}
