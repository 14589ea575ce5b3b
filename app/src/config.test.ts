import { describe, expect, it } from 'vitest';
import { ConfigError, describeDatabase, readConfig, type Env } from './config.js';

function problems(env: Env): string[] {
  try {
    readConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe('readConfig', () => {
  it('defaults to port 8080, a 20 s stop timeout, embedded PGlite and a dev release', () => {
    expect(readConfig({})).toEqual({
      port: 8080,
      host: undefined,
      stopTimeoutMs: 20_000,
      release: { version: 'dev', commit: 'unknown', buildTime: 'unknown', color: 'blue' },
      broken: false,
      database: { kind: 'embedded', dataDir: undefined },
    });
  });

  it.each([
    [
      { DATABASE_URL: 'postgres://u:p@db:5432/app' },
      { connectionString: 'postgres://u:p@db:5432/app' },
    ],
    [
      { DB_HOST: 'db.rds', DB_USER: 'app', DB_PASSWORD: 's3cret', DB_NAME: 'notes' },
      {
        host: 'db.rds',
        port: 5432,
        user: 'app',
        password: 's3cret',
        database: 'notes',
        ssl: false,
      },
    ],
    [
      { DB_HOST: 'db.rds', DB_PORT: '6432', DB_USER: 'app', DB_SSL: 'verify-full' },
      {
        host: 'db.rds',
        port: 6432,
        user: 'app',
        password: undefined,
        database: 'app',
        ssl: { rejectUnauthorized: true },
      },
    ],
    [
      { DB_HOST: 'db.rds', DB_USER: 'app', DB_SSL: 'require' },
      {
        host: 'db.rds',
        port: 5432,
        user: 'app',
        password: undefined,
        database: 'app',
        ssl: { rejectUnauthorized: false },
      },
    ],
  ])('reads PostgreSQL settings from %o', (env, connection) => {
    expect(readConfig(env).database).toEqual({ kind: 'postgres', connection, poolMax: 10 });
  });

  it('reads the release, the broken switch, the port and the stop timeout', () => {
    const config = readConfig({
      APP_VERSION: '3.0.0',
      APP_COMMIT: 'abc123',
      APP_BUILD_TIME: '2024-05-01T10:00:00Z',
      APP_COLOR: 'green',
      APP_BROKEN: 'true',
      PORT: '0',
      STOP_TIMEOUT: '2.5',
      PGLITE_DATA_DIR: '/tmp/db',
    });
    expect(config.release).toEqual({
      version: '3.0.0',
      commit: 'abc123',
      buildTime: '2024-05-01T10:00:00Z',
      color: 'green',
    });
    expect(config).toMatchObject({
      broken: true,
      port: 0,
      stopTimeoutMs: 2500,
      database: { dataDir: '/tmp/db' },
    });
  });

  it.each([
    [{ PORT: 'http' }, 'PORT="http" is not a whole number from 0 to 65535; e.g. PORT=8080'],
    [{ PORT: '70000' }, 'PORT="70000" is not a whole number from 0 to 65535; e.g. PORT=8080'],
    [{ STOP_TIMEOUT: '30s' }, 'STOP_TIMEOUT="30s" is not a number of seconds'],
    [{ STOP_TIMEOUT: '0' }, 'STOP_TIMEOUT="0" is not a number of seconds'],
    [
      { APP_COLOR: 'red;background:url(x)' },
      'APP_COLOR="red;background:url(x)" is not a CSS colour',
    ],
    [{ APP_BROKEN: 'yes' }, 'APP_BROKEN="yes" must be true or false'],
    [
      { DATABASE_URL: 'mysql://u:pw@h/db' },
      'DATABASE_URL must start with postgres:// or postgresql://',
    ],
    [
      { DATABASE_URL: 'postgres://h/db', DB_HOST: 'h' },
      'DATABASE_URL and DB_HOST are both set; set only one of them',
    ],
    [{ DB_HOST: 'h' }, 'DB_USER is required when DB_HOST is set'],
    [
      { DB_HOST: 'h', DB_USER: 'u', DB_SSL: 'on' },
      'DB_SSL="on" must be one of off, require, verify-full',
    ],
    [{ DB_PASSWORD: 'pw' }, 'DB_PASSWORD is set but DB_HOST is not; set DB_HOST too'],
    [
      { DB_POOL_MAX: '0' },
      'DB_POOL_MAX="0" is not a whole number from 1 to 100; e.g. DB_POOL_MAX=10',
    ],
  ])('rejects %o', (env, message) => {
    expect(problems(env)).toEqual([expect.stringContaining(message)]);
  });

  it('reports every problem at once', () => {
    expect(problems({ PORT: 'x', APP_BROKEN: 'maybe', DB_HOST: 'h' })).toHaveLength(3);
  });

  it('never echoes a DATABASE_URL, which carries the password', () => {
    expect(problems({ DATABASE_URL: 'mysql://u:hunter2@h/db' }).join()).not.toContain('hunter2');
  });
});

describe('describeDatabase', () => {
  it.each([
    [
      { DATABASE_URL: 'postgres://app:hunter2@db.internal:5433/notes' },
      'postgres app@db.internal:5433/notes',
    ],
    [
      { DB_HOST: 'db', DB_USER: 'app', DB_PASSWORD: 'hunter2', DB_SSL: 'require' },
      'postgres app@db:5432/app (tls)',
    ],
    [{}, 'embedded PGlite in memory'],
  ])('names where %o points without the password', (env, description) => {
    expect(describeDatabase(readConfig(env).database)).toBe(description);
  });
});
