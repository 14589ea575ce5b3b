/**
 * `npm run emulator -- --port 4566 --seed emulator/seeds/default.yaml --speed 60 [--registry 127.0.0.1:5000]`
 * Prints the URL and the environment to export; stops cleanly on SIGINT/SIGTERM.
 */
import { parseArgs } from 'node:util';
import { start, SeedError, type RuntimeMode } from './index.js';

const RUNTIMES: readonly RuntimeMode[] = ['process', 'container', 'auto'];

const USAGE =
  'usage: npm run emulator -- [--port 4566] [--host 127.0.0.1] [--seed emulator/seeds/default.yaml] [--speed 60] [--jitter SEED] [--registry host:port] [--dataplane [--dataplane-runtime process|container|auto] [--secret ARN=value ...]]';

async function main(): Promise<void> {
  let values: Record<string, string | boolean | string[] | undefined>;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string', default: '4566' },
        host: { type: 'string', default: '127.0.0.1' },
        seed: { type: 'string' },
        speed: { type: 'string', default: '60' },
        jitter: { type: 'string' },
        registry: { type: 'string' },
        dataplane: { type: 'boolean' },
        'dataplane-runtime': { type: 'string' },
        secret: { type: 'string', multiple: true },
        help: { type: 'boolean' },
      },
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    process.exit(2);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const port = Number(values.port);
  const speed = Number(values.speed);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    fail(`--port must be 0-65535, got ${values.port}`);
  if (!Number.isFinite(speed) || speed < 0)
    fail(`--speed must be a number >= 0 (virtual ms per real ms), got ${values.speed}`);
  const jitter = values.jitter === undefined ? undefined : Number(values.jitter);
  if (jitter !== undefined && !Number.isInteger(jitter))
    fail(`--jitter must be an integer seed, got ${String(values.jitter)}`);
  const runtime = values['dataplane-runtime'];
  if (runtime !== undefined && !RUNTIMES.includes(runtime as RuntimeMode))
    fail(`--dataplane-runtime must be process, container or auto, got ${String(runtime)}`);
  const emulator = await start({
    port,
    host: String(values.host),
    speed,
    ...(jitter !== undefined ? { jitter } : {}),
    ...(values.seed ? { seed: String(values.seed) } : {}),
    ...(values.registry ? { registry: String(values.registry) } : {}),
    ...(values.dataplane || runtime
      ? {
          dataplane: {
            secrets: secretValues(values.secret),
            ...(runtime ? { runtime: runtime as RuntimeMode } : {}),
          },
        }
      : {}),
  });
  process.stdout.write(
    `AWS emulator listening on ${emulator.url} (speed ${speed}x)\n# export these to point AWS SDK v3 clients at it:\n`,
  );
  for (const [key, value] of Object.entries(emulator.env()))
    process.stdout.write(`export ${key}=${value}\n`);
  // The AWS CLI v1 reads only AWS_DEFAULT_REGION; the SDK v3 and the actions read AWS_REGION.
  process.stdout.write(
    `export AWS_DEFAULT_REGION=${emulator.env().AWS_REGION}  # for the AWS CLI v1\n`,
  );
  for (const l of emulator.dataplane?.listeners() ?? [])
    process.stdout.write(`# listener ${l.loadBalancerName}:${l.port} → ${l.url}\n`);
  const shutdown = () => {
    emulator.stop().then(
      () => {
        process.stdout.write('AWS emulator stopped\n');
        process.exit(0);
      },
      () => process.exit(1),
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

/** `--secret ARN=value`: what the tasks' `secrets` resolve to (the emulated Secrets Manager). */
function secretValues(pairs: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of (pairs as string[] | undefined) ?? []) {
    const eq = pair.indexOf('=');
    if (eq < 1) fail(`--secret must be ARN=value, got ${pair.slice(0, 40)}`);
    out[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return out;
}

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

main().catch((error: unknown) => {
  if (error instanceof SeedError) fail(error.message);
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
