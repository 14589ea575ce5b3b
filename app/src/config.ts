// Everything the service reads from its environment, parsed once and validated as a whole:
// a bad value is reported with every other bad value, naming the variable and what to write.

export interface Release {
  version: string;
  commit: string;
  buildTime: string;
  color: string;
}

export type DatabaseConfig =
  | { kind: 'postgres'; connection: PostgresConnection; poolMax: number }
  | { kind: 'embedded'; dataDir: string | undefined };

export interface PostgresConnection {
  connectionString?: string;
  host?: string;
  port?: number;
  user?: string;
  password?: string;
  database?: string;
  ssl?: false | { rejectUnauthorized: boolean };
}

export interface Config {
  port: number;
  /** Interface to bind; all of them when unset (a container must accept the ALB's traffic). */
  host: string | undefined;
  stopTimeoutMs: number;
  release: Release;
  /** Demo failure mode: /version and the page answer 500 while /healthz stays 200. */
  broken: boolean;
  database: DatabaseConfig;
}

export type Env = Record<string, string | undefined>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

const DEFAULT_PORT = 8080;
// Below ECS's default stopTimeout (30 s) so we exit on our own before the SIGKILL.
const DEFAULT_STOP_TIMEOUT_SECONDS = 20;
const SSL_MODES = ['off', 'require', 'verify-full'] as const;

export function readConfig(env: Env): Config {
  const problems: string[] = [];
  const value = (name: string): string | undefined => {
    const raw = env[name]?.trim();
    return raw === '' ? undefined : raw;
  };
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = value(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!/^\d+$/.test(raw) || n < min || n > max) {
      problems.push(
        `${name}="${raw}" is not a whole number from ${min} to ${max}; e.g. ${name}=${fallback}`,
      );
      return fallback;
    }
    return n;
  };

  const stopTimeout = value('STOP_TIMEOUT');
  let stopTimeoutMs = DEFAULT_STOP_TIMEOUT_SECONDS * 1000;
  if (stopTimeout !== undefined) {
    const seconds = Number(stopTimeout);
    if (!/^\d+(\.\d+)?$/.test(stopTimeout) || seconds <= 0 || seconds > 120) {
      problems.push(
        `STOP_TIMEOUT="${stopTimeout}" is not a number of seconds above 0 and at most 120; e.g. STOP_TIMEOUT=${DEFAULT_STOP_TIMEOUT_SECONDS} (keep it below the ECS stopTimeout)`,
      );
    } else stopTimeoutMs = Math.round(seconds * 1000);
  }

  const color = value('APP_COLOR') ?? 'blue';
  // The colour ends up in a style attribute: accept only a CSS name or a hex colour.
  if (!/^([a-z]{3,20}|#[0-9a-f]{3}|#[0-9a-f]{6})$/i.test(color)) {
    problems.push(
      `APP_COLOR="${color}" is not a CSS colour name or #rgb/#rrggbb; e.g. APP_COLOR=green`,
    );
  }

  const brokenRaw = value('APP_BROKEN') ?? 'false';
  if (!['true', 'false'].includes(brokenRaw)) {
    problems.push(`APP_BROKEN="${brokenRaw}" must be true or false`);
  }

  const config: Config = {
    port: integer('PORT', DEFAULT_PORT, 0, 65535),
    host: value('HOST'),
    stopTimeoutMs,
    release: {
      version: value('APP_VERSION') ?? 'dev',
      commit: value('APP_COMMIT') ?? 'unknown',
      buildTime: value('APP_BUILD_TIME') ?? 'unknown',
      color,
    },
    broken: brokenRaw === 'true',
    database: readDatabase(value, integer, problems),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

function readDatabase(
  value: (name: string) => string | undefined,
  integer: (name: string, fallback: number, min: number, max: number) => number,
  problems: string[],
): DatabaseConfig {
  const url = value('DATABASE_URL');
  const host = value('DB_HOST');
  const poolMax = integer('DB_POOL_MAX', 10, 1, 100);
  if (url !== undefined && host !== undefined) {
    problems.push('DATABASE_URL and DB_HOST are both set; set only one of them');
  }
  if (url !== undefined) {
    if (!/^postgres(ql)?:\/\//.test(url)) {
      // Never echo the value: it normally carries the password.
      problems.push('DATABASE_URL must start with postgres:// or postgresql://');
    }
    return { kind: 'postgres', connection: { connectionString: url }, poolMax };
  }
  if (host !== undefined) {
    const user = value('DB_USER');
    if (user === undefined) problems.push('DB_USER is required when DB_HOST is set');
    const sslRaw = value('DB_SSL') ?? 'off';
    if (!(SSL_MODES as readonly string[]).includes(sslRaw)) {
      problems.push(`DB_SSL="${sslRaw}" must be one of ${SSL_MODES.join(', ')}`);
    }
    return {
      kind: 'postgres',
      connection: {
        host,
        port: integer('DB_PORT', 5432, 1, 65535),
        user,
        password: value('DB_PASSWORD'),
        database: value('DB_NAME') ?? user,
        // verify-full trusts Node's CAs plus NODE_EXTRA_CA_CERTS (e.g. the RDS bundle).
        ssl: sslRaw === 'off' ? false : { rejectUnauthorized: sslRaw === 'verify-full' },
      },
      poolMax,
    };
  }
  for (const orphan of ['DB_PORT', 'DB_USER', 'DB_PASSWORD', 'DB_NAME']) {
    if (value(orphan) !== undefined)
      problems.push(`${orphan} is set but DB_HOST is not; set DB_HOST too`);
  }
  return { kind: 'embedded', dataDir: value('PGLITE_DATA_DIR') };
}

/** Where the database is, for logs: never the password. */
export function describeDatabase(database: DatabaseConfig): string {
  if (database.kind === 'embedded') {
    return database.dataDir
      ? `embedded PGlite in ${database.dataDir}`
      : 'embedded PGlite in memory';
  }
  const c = database.connection;
  if (c.connectionString !== undefined) {
    try {
      const url = new URL(c.connectionString);
      return `postgres ${url.username}@${url.hostname}:${url.port || 5432}${url.pathname}`;
    } catch {
      return 'postgres (DATABASE_URL)';
    }
  }
  return `postgres ${c.user}@${c.host}:${c.port}/${c.database}${c.ssl ? ' (tls)' : ''}`;
}
