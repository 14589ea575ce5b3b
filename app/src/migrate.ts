// The migration entry point, run as a one-off ECS task before a release's traffic moves
// (bluegreen-deploy's migration-command): `node migrate.mjs` in the image, `npm run migrate -w app`
// from source. Applies the pending migrations and exits 0; any failure exits 1 with one JSON line
// saying why. Idempotent (a second run applies nothing) and safe while the previous release still
// serves: the migrations are expand-only (migration-safety.ts), and the advisory lock in migrate()
// lets it run beside tasks that migrate at start.
import { ConfigError, describeDatabase, readConfig } from './config.js';
import { openDatabase } from './database.js';
import { errorFields, jsonLog } from './log.js';
import { migrate, MIGRATIONS } from './migrations.js';

const log = jsonLog();

async function main(): Promise<void> {
  const { database } = readConfig(process.env);
  const where = describeDatabase(database);
  if (database.kind === 'embedded')
    log('warn', 'no DATABASE_URL or DB_HOST: migrating an embedded PGlite database', {
      database: where,
    });
  const db = await openDatabase(database, (error) =>
    log('warn', 'idle database connection failed', errorFields(error)),
  );
  try {
    const applied = await migrate(db);
    log('info', 'migrations applied', {
      database: where,
      applied: applied.join(',') || 'none',
      latest: Math.max(...MIGRATIONS.map((m) => m.version)),
    });
  } finally {
    await db.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    if (error instanceof ConfigError) {
      for (const problem of error.problems) log('error', problem);
    } else {
      log('error', 'migration failed', errorFields(error));
    }
    process.exit(1);
  },
);
