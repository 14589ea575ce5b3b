// Detection lag at real time and API calls per deployment, per engine (issue 20 goal 1): the
// bundled bluegreen-deploy against what the official aws-actions/amazon-ecs-deploy-task-definition
// v2.6.3 does (bench/support/official-style.ts), taking turns on one emulator running at speed 1
// (real time) with its seeded jitter on. Detection lag = the real moment the emulator ended the
// deployment (seen from this process, which hosts it) → the action's process exit / the baseline's
// last call. Fixed small scenario, 1-minute waits: CodeDeploy all-at-once with a 1-minute blue
// termination wait; ECS-native CANARY 10 % with a 1-minute canary bake (no bake time after it:
// the official-style waiter's back-off alone can add minutes per run); rolling, one task. About
// 25 minutes for all three engines. Not part of CI: `npm run bench -- lag` (after `npm run build`).
//   BENCH_LAG_ENGINES=native,rolling   engines to run (default codedeploy,native,rolling)
//   BENCH_LAG_RUNS=3                   deployments per engine and side
//   BENCH_LAG_TIMELINE=1               also print every call of every run, with its time
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { start, type Seed } from '../emulator/index.js';
import { renderFiles, SEED } from '../test/e2e/bluegreen-deploy-support.js';
import { LagRounds, type Sample } from './support/lag-rounds.js';
import type { LagEngine, Target } from './support/lag-terminal.js';

const RUNS = Number(process.env.BENCH_LAG_RUNS ?? 3);
const ENGINES = (process.env.BENCH_LAG_ENGINES ?? 'codedeploy,native,rolling').split(',');
const JITTER_SEED = 20;
const TIMELINE = process.env.BENCH_LAG_TIMELINE === '1';

const TARGETS: Record<LagEngine, Target> = {
  codedeploy: {
    engine: 'codedeploy',
    cluster: 'staging',
    service: 'web',
    group: 'DgpECS-staging-web',
  },
  native: { engine: 'native', cluster: 'staging', service: 'web-native' },
  rolling: { engine: 'rolling', cluster: 'staging', service: 'web-rolling' },
};

/** The default seed with the scenario's 1-minute waits and a rolling service beside the others. */
function scenarioSeed(): Seed {
  const seed = parseYaml(readFileSync(SEED, 'utf8')) as Seed;
  const staging = seed.clusters!.find((c) => c.name === 'staging')!;
  const native = staging.services!.find((s) => s.serviceName === 'web-native')!;
  native.strategy = 'CANARY';
  native.deploymentConfiguration = {
    bakeTimeInMinutes: 0,
    canaryConfiguration: { canaryPercent: 10, canaryBakeTimeInMinutes: 1 },
    deploymentCircuitBreaker: { enable: true, rollback: true },
  };
  staging.services!.push({
    serviceName: 'web-rolling',
    taskDefinition: 'web:1',
    desiredCount: 1,
    launchType: 'FARGATE',
    deploymentController: 'ECS',
    strategy: 'ROLLING',
    deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } },
  });
  const group = seed.applications![0]!.deploymentGroups![0]!;
  group.deploymentConfigName = 'CodeDeployDefault.ECSAllAtOnce';
  group.terminationWaitTimeInMinutes = 1;
  return seed;
}

const files = await renderFiles();
const emulator = await start({ port: 0, seed: scenarioSeed(), speed: 60, jitter: JITTER_SEED });
// The seeded services' first deployments settle in two virtual minutes; then real time.
await new Promise((resolve) => setTimeout(resolve, 2000));
emulator.clock.setSpeed(1);
Object.assign(process.env, emulator.env());
const rounds = new LagRounds(emulator, files);
try {
  for (const engine of ENGINES as LagEngine[]) {
    const target = TARGETS[engine];
    if (!target) throw new Error(`BENCH_LAG_ENGINES: unknown engine ${engine}`);
    const ours: Sample[] = [];
    const base: Sample[] = [];
    for (let run = 1; run <= RUNS; run++) {
      ours.push(await rounds.ours(target));
      base.push(await rounds.officialStyle(target));
      console.log(
        `${engine} run ${run}: bluegreen-deploy ${line(ours.at(-1)!)} | official-style ${line(base.at(-1)!)}`,
      );
      if (TIMELINE) {
        console.log(`  bluegreen-deploy: ${timeline(ours.at(-1)!)}`);
        console.log(`  official-style:   ${timeline(base.at(-1)!)}`);
      }
    }
    console.log(`\n${engine} (speed 1, jitter seed ${JITTER_SEED}, ${RUNS} runs, means)`);
    console.log(
      `detection lag at real time: bluegreen-deploy ${secs(mean(ours, 'lagMs'))} s, official-style ${secs(mean(base, 'lagMs'))} s`,
    );
    console.log(
      `API calls per deployment: bluegreen-deploy ${calls(mean(ours, 'calls'))}, official-style ${calls(mean(base, 'calls'))}\n`,
    );
  }
} finally {
  rounds.close();
  await emulator.stop();
}

function line(s: Sample): string {
  const ops = Object.entries(s.byOperation)
    .map(([op, n]) => `${op.replace(/^\w+\./, '')} ${n}`)
    .join(', ');
  return `lag ${secs(s.lagMs)} s, ${s.calls} calls (${ops})`;
}

/** Each call at its second since the round began, and the deployment's end among them. */
function timeline(s: Sample): string {
  const calls = s.timeline.map((c) => ({ at: c.atMs, text: c.operation.replace(/^\w+\./, '') }));
  calls.push({ at: s.endedAtMs, text: '[ENDED]' });
  return calls
    .sort((a, b) => a.at - b.at)
    .map((c) => `${secs(c.at)} ${c.text}`)
    .join(', ');
}

function mean(samples: Sample[], key: 'lagMs' | 'calls'): number {
  return samples.reduce((sum, s) => sum + s[key], 0) / samples.length;
}

function secs(ms: number): string {
  return (ms / 1000).toFixed(2);
}

function calls(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}
