// Start: read the configuration, open the database and migrate it, serve. Stop (SIGTERM from
// ECS, or Ctrl-C): drain the listener, close the database, exit before the stop timeout.
import { createApp } from './app.js';
import { ConfigError, describeDatabase, readConfig } from './config.js';
import { openDatabase } from './database.js';
import { errorFields, jsonLog } from './log.js';
import { migrate } from './migrations.js';
import { listen } from './server.js';

const log = jsonLog();

async function main(): Promise<void> {
  const config = readConfig(process.env);
  const where = describeDatabase(config.database);
  if (config.database.kind === 'embedded') {
    log('warn', 'no DATABASE_URL or DB_HOST: using embedded PGlite', { database: where });
  }
  const db = await openDatabase(config.database, (error) =>
    log('warn', 'idle database connection failed', errorFields(error)),
  );
  const applied = await migrate(db);
  log('info', 'database ready', {
    database: where,
    migrationsApplied: applied.join(',') || 'none',
  });

  let stopping = false;
  const app = createApp({
    release: config.release,
    broken: config.broken,
    db,
    log,
    draining: () => stopping,
  });
  const listener = await listen(app, config.port, config.host);
  log('info', 'listening', {
    port: listener.port,
    ...config.release,
    broken: config.broken,
  });
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log('info', 'draining', { signal, stopTimeoutMs: config.stopTimeoutMs });
    // The last resort: whatever hangs, exit before the orchestrator's SIGKILL.
    setTimeout(() => {
      log('error', 'stop timeout reached; exiting');
      process.exit(1);
    }, config.stopTimeoutMs).unref();
    const { forced } = await listener.drain(Math.max(0, config.stopTimeoutMs - 250));
    await db
      .close()
      .catch((error: unknown) => log('warn', 'closing the database failed', errorFields(error)));
    log(forced ? 'warn' : 'info', 'stopped', { forced });
    process.exit(forced ? 1 : 0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    for (const problem of error.problems) log('error', problem);
  } else {
    log('error', 'failed to start', errorFields(error));
  }
  process.exit(1);
});
