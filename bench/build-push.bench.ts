/**
 * build-push versus the seeds' buildspec (`docker build --tag $URI . && docker push $URI`):
 * a cold build and push, then an incremental rebuild after a one-line source change, each in
 * seconds and bytes uploaded to the registry, measured in the same run. Bytes are counted by
 * a TCP proxy in front of each registry. Needs Docker and the local registry.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, connect, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { start } from '../emulator/index.js';
import { runAction } from '../test/support/run-action.js';
import { registryAddress, servicesAvailable } from '../test/support/services.js';

const sh = promisify(execFile);
const run = Date.now().toString(36);
const DEPS_BYTES = 8 * 1024 * 1024;

/** A TCP proxy that counts the bytes clients send upstream (the push payload). */
async function countingProxy(
  target: string,
): Promise<{ host: string; sent(): number; close(): void }> {
  const [host, port] = target.split(':');
  let sent = 0;
  const server: Server = createServer((client) => {
    const upstream = connect(Number(port), host!);
    client.on('data', (d) => (sent += d.length));
    client.pipe(upstream).pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end);
    upstream.on('error', end);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    host: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    sent: () => sent,
    close: () => server.close(),
  };
}

/** A build context: 8 MiB of dependencies (unchanged between builds) and a one-line source file. */
function context(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `bench-${name}-`));
  cpSync('test/fixtures/images/app/version.txt', join(dir, 'version.txt'));
  mkdirSync(join(dir, 'deps'));
  writeFileSync(join(dir, 'deps', 'modules.bin'), randomBytes(DEPS_BYTES));
  writeFileSync(
    join(dir, 'Dockerfile'),
    [
      'ARG BASE_IMAGE=org/fixture-base:1',
      'FROM ${BASE_IMAGE}',
      'COPY deps/ /srv/deps/',
      'COPY version.txt /srv/version.txt',
      'CMD ["/server"]',
      '',
    ].join('\n'),
  );
  return dir;
}

async function timed<T>(body: () => Promise<T>): Promise<[T, number]> {
  const started = process.hrtime.bigint();
  const result = await body();
  return [result, Number(process.hrtime.bigint() - started) / 1e9];
}

interface Sample {
  seconds: number;
  bytes: number;
}

async function main(): Promise<void> {
  if (!(await servicesAvailable('docker', 'registry'))) {
    console.log('build-push bench skipped: docker or the registry is not running');
    return;
  }
  await sh('bash', ['test/fixtures/images/base-image.sh']);
  const repo = `bench-${run}/app`;
  const emulator = await start({
    port: 0,
    registry: registryAddress(),
    seed: { repositories: [{ name: repo }] },
  });
  const front = await countingProxy(emulator.url.replace('http://', ''));
  const direct = await countingProxy(registryAddress());
  const dockerConfig = mkdtempSync(join(tmpdir(), 'bench-docker-'));
  try {
    // Baseline: the seeds' buildspec, straight to the registry.
    const baseDir = context('baseline');
    const baseUri = `${direct.host}/bench-${run}/baseline:latest`;
    const baseline = async (): Promise<Sample> => {
      const before = direct.sent();
      const [, seconds] = await timed(async () => {
        await sh('docker', ['build', '--tag', baseUri, baseDir], {
          env: { ...process.env, DOCKER_BUILDKIT: '0' },
        });
        await sh('docker', ['push', baseUri]);
      });
      return { seconds, bytes: direct.sent() - before };
    };

    // build-push: the bundle as the runner runs it, through the ECR front.
    const actionDir = context('action');
    let commit = 0;
    const action = async (): Promise<Sample> => {
      const before = front.sent();
      const sha = (++commit).toString(16).padStart(40, 'a');
      const [result, seconds] = await timed(() =>
        runAction('build-push', {
          env: {
            ...emulator.env(),
            DOCKER_CONFIG: dockerConfig,
            GITHUB_SHA: sha,
            GITHUB_REF: 'refs/heads/main',
            GITHUB_REPOSITORY: 'org/actions',
          },
          inputs: { repository: repo, context: actionDir, registry: front.host },
        }),
      );
      if (result.code !== 0)
        throw new Error(`build-push failed:\n${result.stdout}\n${result.stderr}`);
      return { seconds, bytes: front.sent() - before };
    };

    const coldBaseline = await baseline();
    const coldAction = await action();
    writeFileSync(join(baseDir, 'version.txt'), '1.0.1\n');
    writeFileSync(join(actionDir, 'version.txt'), '1.0.1\n');
    const incBaseline = await baseline();
    const incAction = await action();

    const mib = (b: number) => `${(b / 1024 / 1024).toFixed(2)} MiB`;
    const row = (name: string, s: Sample) =>
      `${name.padEnd(34)} ${s.seconds.toFixed(2).padStart(7)} s ${mib(s.bytes).padStart(11)}`;
    console.log(row('baseline cold (build && push)', coldBaseline));
    console.log(row('build-push cold', coldAction));
    console.log(row('baseline incremental', incBaseline));
    console.log(row('build-push incremental', incAction));
    const ratio = (a: number, b: number) => (b === 0 ? 'n/a' : `${(a / b).toFixed(2)}x`);
    console.log(
      `ratio build-push/baseline: cold time ${ratio(coldAction.seconds, coldBaseline.seconds)}, cold bytes ${ratio(coldAction.bytes, coldBaseline.bytes)}; ` +
        `incremental time ${ratio(incAction.seconds, incBaseline.seconds)}, incremental bytes ${ratio(incAction.bytes, incBaseline.bytes)}`,
    );
    console.log(
      `ratio incremental/cold: build-push time ${ratio(incAction.seconds, coldAction.seconds)}, bytes ${ratio(incAction.bytes, coldAction.bytes)}; ` +
        `baseline time ${ratio(incBaseline.seconds, coldBaseline.seconds)}, bytes ${ratio(incBaseline.bytes, coldBaseline.bytes)}`,
    );
  } finally {
    front.close();
    direct.close();
    await emulator.stop();
  }
}

await main();
