/**
 * build-push versus the seeds' buildspec (`docker build --tag $URI . && docker push $URI`), each
 * an incremental rebuild and push after a one-line source change, measured in the same run:
 * - fresh runner: the engine's images and build cache emptied before each build, so only the
 *   registry holds a cache (a CI job on a new machine);
 * - warm machine: the previous build's local cache still there. Warm builds are short, so each
 *   run takes WARM_PER_RUN of each, the two contenders in turn, so a neighbour's load on this
 *   shared machine falls on both.
 * The fixture has a genuinely slow layer: a CPU-bound dependency "install" (pbkdf2 and hashing,
 * about as long as a small `npm ci`) writing 8 MiB. Bytes uploaded are counted by a TCP proxy in
 * front of each registry (client to registry). RUNS runs (fresh: one build of each; warm:
 * WARM_PER_RUN of each), medians. Needs Docker and the local registry.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { start } from '../emulator/index.js';
import { runAction } from '../test/support/run-action.js';
import { registryAddress, servicesAvailable } from '../test/support/services.js';
import { countingProxy, type CountingProxy } from './support/counting-proxy.js';
import { benchDocker, freshRunner, type BenchDocker } from './support/docker-client.js';

const sh = promisify(execFile);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const WARM_PER_RUN = 3;
const BASE_IMAGE = 'org/node-base:20';
const prefix = `bench-${Date.now().toString(36)}`;

/** The dependency step: CPU-bound work (pbkdf2, then 8 MiB of chained sha256) into one layer. */
const INSTALL = `const { createHash, pbkdf2Sync } = require('node:crypto');
const fs = require('node:fs');
let key = pbkdf2Sync(fs.readFileSync('deps.lock'), 'deps', 6000000, 32, 'sha512');
const out = Buffer.alloc(8 << 20);
for (let i = 0; i < out.length; i += 32) {
  key = createHash('sha256').update(key).digest();
  key.copy(out, i);
}
fs.mkdirSync('node_modules', { recursive: true });
fs.writeFileSync('node_modules/modules.bin', out);
`;

/** A build context: a lock file and its slow install (unchanged), then a one-line source file. */
function context(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `bench-${name}-`));
  writeFileSync(join(dir, 'deps.lock'), 'left-pad@1.3.0\nexpress@4.21.2\n');
  writeFileSync(join(dir, 'install.js'), INSTALL);
  writeFileSync(join(dir, 'version.txt'), '1.0.0\n');
  writeFileSync(
    join(dir, 'Dockerfile'),
    [
      `ARG BASE_IMAGE=${BASE_IMAGE}`,
      'FROM ${BASE_IMAGE}',
      'WORKDIR /srv',
      'COPY deps.lock install.js ./',
      'RUN ["node", "install.js"]',
      'COPY version.txt ./',
      'CMD ["node", "-e", "console.log(require(\'fs\').readFileSync(\'version.txt\', \'utf8\'))"]',
      '',
    ].join('\n'),
  );
  return dir;
}

interface Sample {
  seconds: number;
  bytes: number;
  /** build-push only: seconds per phase of its log (start and checks, then each group). */
  phases?: Map<string, number>;
}

async function measured(
  proxy: CountingProxy,
  body: (phases: PhaseClock) => Promise<void>,
): Promise<Sample> {
  const before = proxy.sent();
  const clock = phaseClock();
  await body(clock);
  return { seconds: clock.now(), bytes: proxy.sent() - before, phases: clock.phases() };
}

interface PhaseClock {
  now(): number;
  /** A log line: `::group::<title>` starts a phase, `::endgroup::` ends it. */
  line(text: string): void;
  phases(): Map<string, number>;
}

/** Where build-push's time goes, from its own log groups. */
function phaseClock(): PhaseClock {
  const started = process.hrtime.bigint();
  const now = () => Number(process.hrtime.bigint() - started) / 1e9;
  const phases = new Map<string, number>();
  let current = 'start, inputs and checks';
  let since = 0;
  const close = (next: string) => {
    const t = now();
    phases.set(current, (phases.get(current) ?? 0) + t - since);
    [current, since] = [next, t];
  };
  return {
    now,
    line(text) {
      const group =
        /^::group::(Log in|Build and push|Build|Verify|Wait for the ECR scan|Create)/.exec(
          text,
        )?.[1];
      if (group) close(group);
      else if (text.startsWith('::endgroup::')) close('outside the groups');
    },
    phases() {
      close(current);
      return phases;
    },
  };
}

/** One side of the comparison: a build and push of its own context, and a way to change it. */
interface Contender {
  name: string;
  dir: string;
  /** `<prefix>/<name>`: the images of this contender only (a fresh runner removes just these). */
  repository: string;
  build(): Promise<Sample>;
}

function naive(docker: BenchDocker, direct: CountingProxy): Contender {
  const dir = context('naive');
  const uri = `${direct.host}/${prefix}/naive:latest`;
  return {
    name: 'naive (docker build && docker push)',
    dir,
    repository: `${prefix}/naive`,
    build: () =>
      measured(direct, async () => {
        await docker.run(['build', '--tag', uri, dir], { DOCKER_BUILDKIT: '0' });
        await docker.run(['push', uri]);
      }),
  };
}

function buildPush(
  docker: BenchDocker,
  front: CountingProxy,
  env: Record<string, string>,
): Contender {
  const dir = context('action');
  const dockerConfig = mkdtempSync(join(tmpdir(), 'bench-docker-config-'));
  let commit = 0;
  return {
    name: 'build-push',
    dir,
    repository: `${prefix}/app`,
    build: () =>
      measured(front, async (clock) => {
        const sha = (++commit).toString(16).padStart(40, 'a');
        const result = await runAction('build-push', {
          onLine: (line) => clock.line(line),
          env: {
            ...env,
            PATH: docker.path,
            DOCKER_CONFIG: dockerConfig,
            GITHUB_SHA: sha,
            GITHUB_REF: 'refs/heads/main',
            GITHUB_REPOSITORY: 'org/actions',
          },
          inputs: { repository: `${prefix}/app`, context: dir, registry: front.host },
        });
        if (result.code !== 0)
          throw new Error(`build-push failed:\n${result.stdout}\n${result.stderr}`);
      }),
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mib = (b: number) => `${(b / 1024 / 1024).toFixed(2)} MiB`;
const ratio = (a: number, b: number) => (b === 0 ? 'n/a' : `${(a / b).toFixed(2)}x`);

function report(name: string, samples: Sample[]): Sample {
  const m = {
    seconds: median(samples.map((s) => s.seconds)),
    bytes: median(samples.map((s) => s.bytes)),
  };
  const each = samples.map((s) => s.seconds.toFixed(2)).join(', ');
  console.log(
    `${name.padEnd(50)} ${m.seconds.toFixed(2).padStart(6)} s ${mib(m.bytes).padStart(10)}   (runs: ${each} s)`,
  );
  return m;
}

async function main(): Promise<void> {
  if (!(await servicesAvailable('docker', 'registry'))) {
    console.log('build-push bench skipped: docker or the registry is not running');
    return;
  }
  const docker = await benchDocker();
  await sh('bash', ['app/scripts/base-image.sh', BASE_IMAGE]);
  const emulator = await start({
    port: 0,
    registry: registryAddress(),
    seed: { repositories: [{ name: `${prefix}/app` }] },
  });
  const front = await countingProxy(emulator.url.replace('http://', ''));
  const direct = await countingProxy(registryAddress());
  try {
    const contenders = [naive(docker, direct), buildPush(docker, front, emulator.env())];
    // Seed the registry (and the cache in it) with a first build of each.
    for (const c of contenders) await c.build();
    const fresh: Sample[][] = [[], []];
    const warm: Sample[][] = [[], []];
    let version = 0;
    const change = (c: Contender) =>
      writeFileSync(join(c.dir, 'version.txt'), `1.0.${++version}\n`);
    for (let run = 0; run < RUNS; run++) {
      // Fresh: none of its images and no build cache left in the engine. The naive side's
      // classic builder caches in its images only, so the other side's fresh start (the build
      // cache pruned) leaves it warm.
      for (const [i, c] of contenders.entries()) {
        await freshRunner(docker, c.repository);
        change(c);
        fresh[i]!.push(await c.build());
      }
      // Warm: right after, its own builds are there.
      for (let w = 0; w < WARM_PER_RUN; w++) {
        for (const [i, c] of contenders.entries()) {
          change(c);
          warm[i]!.push(await c.build());
        }
      }
    }
    console.log(`path measured: ${docker.measuredPath}`);
    console.log(
      `incremental rebuild + push after a one-line change, medians of ${RUNS} fresh and ${RUNS * WARM_PER_RUN} warm builds:`,
    );
    const [fn, fa] = contenders.map((c, i) => report(`fresh runner, ${c.name}`, fresh[i]!));
    const [wn, wa] = contenders.map((c, i) => report(`warm machine, ${c.name}`, warm[i]!));
    console.log(
      `ratio fresh-runner incremental build-push/naive: time ${ratio(fa!.seconds, fn!.seconds)}, bytes ${ratio(fa!.bytes, fn!.bytes)}`,
    );
    for (const [name, samples] of [
      ['fresh runner', fresh[1]!],
      ['warm machine', warm[1]!],
    ] as const) {
      const names = [...(samples[0]!.phases?.keys() ?? [])];
      const medians = names.map(
        (n) => `${n} ${median(samples.map((s) => s.phases?.get(n) ?? 0)).toFixed(2)} s`,
      );
      console.log(`where build-push's time goes (${name}, medians): ${medians.join('; ')}`);
    }
    console.log(
      `ratio warm incremental build-push/naive: time ${ratio(wa!.seconds, wn!.seconds)}, bytes ${ratio(wa!.bytes, wn!.bytes)}`,
    );
  } finally {
    await freshRunner(docker, prefix).catch(() => undefined);
    front.close();
    direct.close();
    await emulator.stop();
  }
}

await main();
