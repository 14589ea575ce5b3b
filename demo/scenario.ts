/**
 * The whole demo: an emulated production account whose tasks really run, v1 serving steady
 * traffic, then three releases through the real actions: v2 (canary + test-listener gate), a
 * broken v3 stopped by the gate, and the same broken v3 without the gate, caught by a 5xx alarm
 * during the canary (the baseline). Every phase is checked; problems are collected, not thrown.
 *
 * With `containers` the whole pipeline runs: build-push builds the app image once into the
 * emulated ECR, v1's tasks start from it, every release deploys that same digest (the version is
 * the task definition's environment), and the tasks are Docker containers.
 */
import { UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { start, type Emulator } from '../emulator/index.js';
import { awsClients } from '../lib/aws/clients.js';
import { registryAddress } from '../test/support/services.js';
import { alive, waitFor } from '../test/support/wait-for.js';
import { FiveXxAlarm } from './alarm.js';
import { buildOnce, containerProblems, type ContainerReport } from './artifact.js';
import { EMULATOR_LABEL, labelledContainers, removeLocalImages } from './containers.js';
import { demoDatabaseUrl } from './database.js';
import {
  COMMIT_TAG,
  release,
  type ReleaseContext,
  type ReleaseResult,
  type ReleaseSpec,
} from './release.js';
import { ACCOUNT, ALARM, DATABASE_SECRET, demoSeed, REGION, type DemoEngine } from './seed.js';
import { readable, SlackSink } from './slack-sink.js';
import { failed, TrafficGenerator, versionShares, type Answer } from './traffic.js';

export interface DemoOptions {
  /** Virtual ms per real ms: 20 makes the 5-minute canary last 15 s. */
  speed?: number;
  print: (line: string) => void;
  /** Build the image with build-push and run the tasks as Docker containers of it. */
  containers?: boolean;
  /** Who runs the blue/green deployments (default codedeploy). */
  engine?: DemoEngine;
}

export interface PhaseResult {
  name: string;
  ms: number;
  requests: number;
  byVersion: Record<string, number>;
  failed: number;
  problems: string[];
}

export interface DemoReport {
  engine: DemoEngine;
  database: string;
  phases: PhaseResult[];
  problems: string[];
  slackMessages: number;
  processesStarted: number;
  leftBehind: number[];
  totalMs: number;
  containers?: ContainerReport;
}

export const GOOD = 'release v2 (canary + gate)';
export const GATED = 'release broken v3 (gate on)';
export const BASELINE = 'baseline: broken v3, gate off, alarm rollback';
export const MIGRATION = 'release v4, failing migration (no traffic)';
/**
 * A schema step that fails as a conflicting migration does: a log line, an error, exit 3. Both on
 * stderr: Docker copies a container's stdout and stderr separately, so only one stream keeps the
 * error last in the task's log.
 */
const FAILING_MIGRATION = JSON.stringify([
  'node',
  '-e',
  'console.error("migrating notes"); console.error("ERROR: column \\"served_by\\" of relation \\"notes\\" already exists"); process.exit(3)',
]);
export const BUILD = 'build-push: the app image, once';

export async function runDemo(options: DemoOptions): Promise<DemoReport> {
  const began = Date.now();
  const speed = options.speed ?? 20;
  const stamp = () => `[${((Date.now() - began) / 1000).toFixed(1).padStart(5)}s]`;
  const say = (line: string) => options.print(`${stamp()} ${line}`);
  const pids = new Set<number>();
  const phases: PhaseResult[] = [];
  const problems: string[] = [];

  const containers = options.containers === true;
  const engine = options.engine ?? 'codedeploy';
  // A container on Docker's bridge network cannot reach the host's loopback PostgreSQL.
  const databaseUrl = containers ? undefined : await demoDatabaseUrl();
  const database = databaseUrl
    ? 'PostgreSQL (schema actions_demo)'
    : containers
      ? 'embedded PGlite in each container (the host PostgreSQL is not reachable from one)'
      : 'embedded PGlite (no PostgreSQL answered: tasks start slower)';
  say(`database for the tasks: ${database}`);
  const emulator = await start({
    // With containers nothing runs until build-push has pushed v1's image.
    seed: demoSeed({
      engine,
      database: !!databaseUrl,
      ...(containers
        ? {
            v1Image: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/web:${COMMIT_TAG}`,
            desiredCount: 0,
          }
        : {}),
    }),
    speed,
    ...(containers ? { registry: registryAddress() } : {}),
    dataplane: {
      ...(containers ? { runtime: 'container' as const } : {}),
      ...(databaseUrl ? { secrets: { [DATABASE_SECRET]: databaseUrl } } : {}),
      startTimeoutMs: databaseUrl ? 30_000 : 120_000,
    },
  });
  const dataplane = emulator.dataplane!;
  const prod = dataplane.listener('production-web:80');
  const test = dataplane.listener('production-web:8443');
  say(
    `emulator ${emulator.url} (speed ${speed}x: one virtual minute = ${(60 / speed).toFixed(1)}s)`,
  );
  say(`production listener :80 → ${prod.url}   test listener :8443 → ${test.url}`);
  say(engineLine(engine));
  if (containers)
    say(
      `tasks run as Docker containers labelled ${EMULATOR_LABEL}=${dataplane.instanceId}, images from the registry at ${registryAddress()}`,
    );

  const sink = new SlackSink((m) => {
    for (const line of readable(m).slice(0, 8)) say(`slack  │ ${line}`);
  });
  const webhookUrl = await sink.start();
  const traffic = new TrafficGenerator(prod.url);
  // As a CloudWatch alarm on the 5xx rate: one-minute periods (virtual), 2 % of requests.
  const alarm = new FiveXxAlarm(
    emulator.url,
    traffic,
    { name: ALARM, periodMs: 60_000 / speed, threshold: 0.02, minFailures: 1 },
    (state, detail) => say(`alarm  │ ${ALARM} → ${state}: ${detail}`),
  );
  // No traffic flows while the image builds: nothing to show then.
  const ticker = setInterval(() => {
    if (traffic.phase !== BUILD) say(trafficLine(traffic, emulator));
  }, 2000);
  const started = { containers: new Set<string>(), images: new Set<string>() };
  const watchTargets = () => {
    for (const t of dataplane.targetList()) {
      if (t.pid) pids.add(t.pid);
      if (t.containerId) started.containers.add(t.containerId);
      if (t.image) started.images.add(t.image);
    }
  };
  const watchPids = setInterval(watchTargets, 100);
  const localImages: string[] = [];
  let builtImage: string | undefined;

  const context: ReleaseContext = {
    awsEnv: emulator.env(),
    engine,
    webhookUrl,
    onLine: (action: string, line: string) => say(`${action.padEnd(16)} │ ${line}`),
    onPid: (pid: number) => pids.add(pid),
  };

  /** Runs one phase; true when it found no problem. */
  async function phase(name: string, work: () => Promise<string[]>): Promise<boolean> {
    say(`━━ ${name}`);
    traffic.phase = name;
    const t0 = Date.now();
    let found: string[];
    try {
      found = await work();
    } catch (error) {
      found = [`${name}: ${error instanceof Error ? error.message : String(error)}`];
    }
    const answers = traffic.answers.filter((a) => a.phase === name);
    const result: PhaseResult = {
      name,
      ms: Date.now() - t0,
      requests: answers.length,
      byVersion: countVersions(answers),
      failed: answers.filter(failed).length,
      problems: found,
    };
    phases.push(result);
    problems.push(...found);
    for (const p of found) say(`PROBLEM │ ${p}`);
    say(
      `━━ ${name}: ${(result.ms / 1000).toFixed(1)}s, ${result.failed} failed production requests`,
    );
    return found.length === 0;
  }

  try {
    if (containers) {
      const built = await phase(BUILD, async () => {
        const build = await buildOnce(context, say);
        localImages.push(...build.localImages);
        if (build.problem) return [build.problem];
        builtImage = build.built;
        context.image = build.deployed;
        say(`image  │ ${build.built} (${build.deployed} in the task definitions)`);
        return [];
      });
      if (!built) throw new Stop();
    }

    await phase('v1 up and serving', async () => {
      if (containers) {
        // v1 is already registered (web:1, the commit's tag): its first tasks start now.
        Object.assign(process.env, emulator.env());
        await awsClients({ action: 'demo' }).ecs.send(
          new UpdateServiceCommand({ cluster: 'production', service: 'web', desiredCount: 2 }),
        );
        say('v1     │ production/web scaled to 2 tasks (web:1, its image now in ECR)');
      }
      await waitFor(
        'two healthy v1 targets behind the production listener',
        async () => {
          const rotation = productionForward(emulator)[0]?.targetsInRotation;
          return rotation === 2 && (await versionAt(prod.url)) === 'v1';
        },
        90_000,
        200,
      );
      traffic.start();
      alarm.start();
      await sleep(1500);
      return [];
    });

    const ship = (spec: ReleaseSpec) => release(spec, context);

    await phase(GOOD, async () => {
      const r = await ship({ version: 'v2', color: 'green', broken: false, gateUrl: test.url });
      const found = expectRelease(r, 'succeeded');
      found.push(...(await expectServing(prod.url, 'v2')));
      return found;
    });

    await phase(GATED, async () => {
      const r = await ship({ version: 'v3', color: 'red', broken: true, gateUrl: test.url });
      const found = expectRelease(r, 'rolled-back');
      const v3 = traffic.answers.filter((a) => a.phase === GATED && a.version === 'v3').length;
      if (v3 > 0) found.push(`${GATED}: ${v3} production requests reached v3 past the gate`);
      found.push(...(await expectServing(prod.url, 'v2')));
      return found;
    });

    await phase(MIGRATION, async () => {
      const r = await ship({
        version: 'v4',
        color: 'purple',
        broken: false,
        gateUrl: test.url,
        migration: FAILING_MIGRATION,
      });
      const found = expectStoppedBeforeTraffic(r);
      const v4 = traffic.answers.filter((a) => a.phase === MIGRATION && a.version === 'v4').length;
      if (v4 > 0) found.push(`${MIGRATION}: ${v4} production requests reached v4`);
      found.push(...(await expectServing(prod.url, 'v2')));
      return found;
    });

    await phase(BASELINE, async () => {
      if (engine === 'ecs') await removeGateHook(emulator, say);
      const r = await ship({ version: 'v3', color: 'red', broken: true });
      const found = expectRelease(r, 'rolled-back');
      if (alarm.state !== 'ALARM')
        found.push(`${BASELINE}: the 5xx alarm never fired, so the rollback had another cause`);
      await alarm.set('OK', 'release over');
      found.push(...(await expectServing(prod.url, 'v2')));
      return found;
    });
    for (const p of phases.filter((p) => p.name !== BASELINE && p.failed > 0))
      problems.push(`${p.name}: ${p.failed} production requests failed (expected 0)`);
  } catch (error) {
    if (!(error instanceof Stop)) throw error;
  } finally {
    clearInterval(ticker);
    clearInterval(watchPids);
    alarm.stop();
    await traffic.stop();
    watchTargets();
    await emulator.stop();
    await sink.stop();
  }
  await sleep(200);
  const leftBehind = [...pids].filter(alive);
  if (leftBehind.length) problems.push(`processes left behind: ${leftBehind.join(', ')}`);
  let containerReport: ContainerReport | undefined;
  if (containers) {
    containerReport = {
      ...(context.image ? { deployed: context.image } : {}),
      ...(builtImage ? { built: builtImage } : {}),
      started: started.containers.size,
      images: [...started.images],
      leftBehind: (await labelledContainers(dataplane.instanceId)).length,
    };
    // Two v1 tasks, then two green tasks per release that ran.
    const releases = phases.filter((p) => [GOOD, GATED, BASELINE].includes(p.name)).length;
    problems.push(...containerProblems(containerReport, 2 + 2 * releases));
    await removeLocalImages([...localImages, ...started.images]);
  }
  return {
    engine,
    database,
    phases,
    problems,
    slackMessages: sink.messages.length,
    processesStarted: pids.size,
    leftBehind,
    totalMs: Date.now() - began,
    ...(containerReport ? { containers: containerReport } : {}),
  };
}

/**
 * A release whose migration fails: bluegreen-deploy fails with the task's exit code and log tail,
 * and no deployment was started (no deployment-id), so no traffic ever reached the new revision.
 */
function expectStoppedBeforeTraffic(r: ReleaseResult): string[] {
  if (r.render.code !== 0) return [`render-taskdef failed: ${r.render.annotations.join('; ')}`];
  const deploy = r.deploy!;
  const said = deploy.annotations.join('; ');
  const found: string[] = [];
  if (deploy.code === 0) found.push('bluegreen-deploy should have failed on the migration');
  if (deploy.outputs['deployment-id'])
    found.push(
      `a deployment was started despite the failed migration: ${deploy.outputs['deployment-id']}`,
    );
  if (!/exited with code 3/.test(said) || !/nothing was deployed/.test(said))
    found.push(`bluegreen-deploy did not name the migration's exit code: ${said}`);
  if (!/already exists/.test(said))
    found.push(`bluegreen-deploy did not show the migration's last log lines: ${said}`);
  if (r.notify?.code !== 0 || r.notify.outputs.sent !== 'true')
    found.push(`notify-slack did not deliver: ${r.notify?.annotations.join('; ')}`);
  return found;
}

/** Thrown to skip the releases when there is nothing to release (build-push failed). */
class Stop extends Error {}

/**
 * `rolled-back`: bluegreen-deploy fails and reports the rollback; the workflow's notify step
 * (`status: auto`, job failed, `rolled-back: true`) then reports `rolled-back`.
 */
function expectRelease(r: ReleaseResult, outcome: 'succeeded' | 'rolled-back'): string[] {
  const found: string[] = [];
  if (r.render.code !== 0) return [`render-taskdef failed: ${r.render.annotations.join('; ')}`];
  const deploy = r.deploy!;
  const rolledBack = deploy.outputs['rolled-back'] === 'true';
  if (outcome === 'succeeded' && (deploy.code !== 0 || rolledBack))
    found.push(
      `bluegreen-deploy should have succeeded: exit ${deploy.code}, status ${deploy.outputs.status}, ${deploy.annotations.join('; ')}`,
    );
  if (outcome === 'rolled-back' && (deploy.code === 0 || !rolledBack))
    found.push(
      `bluegreen-deploy should have failed with a rollback: exit ${deploy.code}, rolled-back ${deploy.outputs['rolled-back']}`,
    );
  if (r.notify?.code !== 0 || r.notify.outputs.sent !== 'true')
    found.push(`notify-slack did not deliver: ${r.notify?.annotations.join('; ')}`);
  else if (r.notify.outputs.status !== outcome)
    found.push(`notify-slack reported ${r.notify.outputs.status} for a release that ${outcome}`);
  return found;
}

/** After a release: 40 requests on the production listener, every one answered by `version`. */
async function expectServing(url: string, version: string): Promise<string[]> {
  const seen: Record<string, number> = {};
  for (let i = 0; i < 40; i++) {
    const v = (await versionAt(url)) ?? 'error';
    seen[v] = (seen[v] ?? 0) + 1;
  }
  return seen[version] === 40
    ? []
    : [`production should serve ${version} only, served ${JSON.stringify(seen)}`];
}

async function versionAt(url: string): Promise<string | undefined> {
  try {
    const res = await fetch(`${url}/version`, { signal: AbortSignal.timeout(3000) });
    if (res.status !== 200) return `HTTP ${res.status}`;
    return ((await res.json()) as { version?: string }).version;
  } catch {
    return undefined;
  }
}

function countVersions(answers: Answer[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const a of answers) {
    const key = a.version ?? (a.status === 'network-error' ? 'no answer' : `HTTP ${a.status}`);
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

function trafficLine(traffic: TrafficGenerator, emulator: Emulator): string {
  const recent = traffic.since(Date.now() - 2000);
  const shares = Object.entries(versionShares(recent))
    .map(([v, pct]) => `${v} ${pct}%`)
    .join(' · ');
  const weights = productionForward(emulator)
    .map((f) => `${f.targetGroupName.replace('production-', '')} ${f.weight}`)
    .join(' / ');
  return `traffic │ ${recent.length} req/2s  ${shares || '-'}  failed ${recent.filter(failed).length}  │ target groups ${weights}`;
}

function engineLine(engine: DemoEngine): string {
  return engine === 'ecs'
    ? 'engine │ ECS-native: production/web is CANARY 10 % for 5 min, held at POST_TEST_TRAFFIC_SHIFT by a PAUSE hook for the gate, alarm rollback on'
    : 'engine │ CodeDeploy: DgpECS-production-web, ECSCanary10Percent5Minutes, held in Ready for the gate, alarm rollback on';
}

/**
 * What the production listener forwards to: its first rule (the default rule CodeDeploy shifts,
 * or the rule ECS rewrites, which comes before it).
 */
function productionForward(emulator: Emulator) {
  return emulator.dataplane!.listener('production-web:80').rules[0]?.forward ?? [];
}

/**
 * Gate off on ECS: the hold is the service's PAUSE hook, so infrastructure takes it off (as the
 * baseline's deployment group would have no gate to wait for). Nothing else changes.
 */
async function removeGateHook(emulator: Emulator, say: (line: string) => void): Promise<void> {
  // The SDK reads its endpoint (AWS_ENDPOINT_URL_ECS) from the environment, as a user's would.
  Object.assign(process.env, emulator.env());
  await awsClients({ action: 'demo' }).ecs.send(
    new UpdateServiceCommand({
      cluster: 'production',
      service: 'web',
      deploymentConfiguration: { lifecycleHooks: [] },
    }),
  );
  say('ecs    │ production/web: the PAUSE hook at POST_TEST_TRAFFIC_SHIFT removed (gate off)');
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
