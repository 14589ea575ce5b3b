// Detection lag and API calls per deployment: the bundled bluegreen-deploy (wait-until: complete)
// against the AWS SDK's waitUntilDeploymentSuccessful with the settings of the official
// aws-actions/amazon-ecs-deploy-task-definition (minDelay 15 s, maxDelay 120 s). Same emulator,
// same run, same group and deployment config (ECSAllAtOnce, 5-minute blue termination wait),
// taking turns. Detection lag = the moment the emulator turned the deployment Succeeded (real
// time, seen from this process, which hosts the emulator) → the action's process exit / the
// waiter's return. The virtual clock runs at BENCH_SPEED (default 15: a deployment lasts ~20 s of
// wall time, long enough for the waiter's back-off to matter, short enough for ~2 minutes total).
import { readFileSync } from 'node:fs';
import {
  CodeDeployClient,
  CreateDeploymentCommand,
  waitUntilDeploymentSuccessful,
} from '@aws-sdk/client-codedeploy';
import { ECSClient, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { start } from '../emulator/index.js';
import { renderAppSpec, withTaskDefinition, appSpecRevision } from '../lib/codedeploy/appspec.js';
import { renderFiles, SEED } from '../test/e2e/bluegreen-deploy-support.js';
import { runAction } from '../test/support/run-action.js';
import { controlClient } from '../emulator/control/client.js';

const SPEED = Number(process.env.BENCH_SPEED ?? 15);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const CONFIG = 'CodeDeployDefault.ECSAllAtOnce';
const GROUP = { applicationName: 'AppECS-staging-web', deploymentGroupName: 'DgpECS-staging-web' };

interface Sample {
  lagMs: number;
  calls: number;
  pollCalls: number;
  durationMs: number;
}

const files = await renderFiles();
const emulator = await start({ port: 0, seed: SEED, speed: SPEED });
Object.assign(process.env, emulator.env());
const codedeploy = new CodeDeployClient({});
const ecs = new ECSClient({});

// Real time at which each deployment was first seen terminal (the scheduler ticks every 20 ms).
const endedAt = new Map<string, number>();
const sampler = setInterval(() => {
  for (const d of emulator.state.codedeploy.deployments.values())
    if (['Succeeded', 'Failed', 'Stopped'].includes(d.status) && !endedAt.has(d.deploymentId))
      endedAt.set(d.deploymentId, performance.now());
}, 2);

interface CallLog {
  total: number;
  byOperation: Record<string, number>;
}

function control(method: string, path: string): Promise<CallLog> {
  return controlClient(emulator.url)<CallLog>(method, path);
}

/** Calls since the last reset: all of them, and those made while following the deployment. */
async function countCalls(): Promise<{ calls: number; pollCalls: number }> {
  const { total, byOperation } = await control('GET', 'calls');
  const setup = [
    'ecs.DescribeServices',
    'ecs.RegisterTaskDefinition',
    'codedeploy.GetDeploymentGroup',
    'codedeploy.ListDeployments',
    'codedeploy.GetDeploymentConfig',
    'codedeploy.CreateDeployment',
  ].reduce((n, op) => n + (byOperation[op] ?? 0), 0);
  // The action's DescribeServices after creation are ECS evidence polls: count the first as setup.
  const evidence = Math.max(0, (byOperation['ecs.DescribeServices'] ?? 0) - 1);
  return { calls: total, pollCalls: total - setup + evidence };
}

async function actionRound(): Promise<Sample> {
  await control('DELETE', 'calls');
  const began = performance.now();
  const run = await runAction('bluegreen-deploy', {
    inputs: {
      cluster: 'staging',
      service: 'web',
      'task-definition': files.taskDefinition,
      appspec: files.appspec,
      'deployment-config': CONFIG,
      'wait-until': 'complete',
    },
    env: emulator.env(),
  });
  const exited = performance.now();
  const id = run.outputs['deployment-id'];
  if (run.code !== 0 || !id || run.outputs.status !== 'Succeeded')
    throw new Error(`bluegreen-deploy failed:\n${run.stdout}${run.stderr}`);
  const ended = endedAt.get(id)!;
  return { lagMs: exited - ended, durationMs: exited - began, ...(await countCalls()) };
}

async function waiterRound(): Promise<Sample> {
  await control('DELETE', 'calls');
  const began = performance.now();
  const td = JSON.parse(readFileSync(files.taskDefinition, 'utf8'));
  const registered = await ecs.send(new RegisterTaskDefinitionCommand(td));
  const arn = registered.taskDefinition!.taskDefinitionArn!;
  const appSpec = withTaskDefinition(
    renderAppSpec({ containerName: 'web', containerPort: 8080 }),
    arn,
  );
  const created = await codedeploy.send(
    new CreateDeploymentCommand({
      ...GROUP,
      deploymentConfigName: CONFIG,
      revision: { revisionType: 'AppSpecContent', appSpecContent: appSpecRevision(appSpec) },
    }),
  );
  const id = created.deploymentId!;
  const result = await waitUntilDeploymentSuccessful(
    { client: codedeploy, minDelay: 15, maxDelay: 120, maxWaitTime: 30 * 60 },
    { deploymentId: id },
  );
  const returned = performance.now();
  if (result.state !== 'SUCCESS') throw new Error(`waiter ended ${result.state}`);
  return {
    lagMs: returned - endedAt.get(id)!,
    durationMs: returned - began,
    ...(await countCalls()),
  };
}

const ours: Sample[] = [];
const baseline: Sample[] = [];
for (let round = 1; round <= ROUNDS; round++) {
  ours.push(await actionRound());
  baseline.push(await waiterRound());
  const [a, b] = [ours.at(-1)!, baseline.at(-1)!];
  console.log(
    `round ${round}: bluegreen-deploy lag ${secs(a.lagMs)}, ${a.calls} calls (${a.pollCalls} following) | waitUntilDeploymentSuccessful lag ${secs(b.lagMs)}, ${b.calls} calls (${b.pollCalls} following)`,
  );
}
clearInterval(sampler);
codedeploy.destroy();
ecs.destroy();
await emulator.stop();

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const lag = { ours: mean(ours.map((s) => s.lagMs)), base: mean(baseline.map((s) => s.lagMs)) };
const calls = { ours: mean(ours.map((s) => s.calls)), base: mean(baseline.map((s) => s.calls)) };
const poll = {
  ours: mean(ours.map((s) => s.pollCalls)),
  base: mean(baseline.map((s) => s.pollCalls)),
};
console.log(
  `\nspeed ${SPEED}x virtual, ${ROUNDS} rounds each, ${CONFIG}, deployment ≈ ${secs(mean(ours.map((s) => s.durationMs)))} wall`,
);
console.log(
  `detection lag (Succeeded → exit): bluegreen-deploy ${secs(lag.ours)}, waiter ${secs(lag.base)} → ${(lag.base / lag.ours).toFixed(1)}x faster`,
);
console.log(
  `API calls per deployment: bluegreen-deploy ${calls.ours.toFixed(1)} (${poll.ours.toFixed(1)} while following, incl. GetDeploymentTarget and ECS events), waiter ${calls.base.toFixed(1)} (${poll.base.toFixed(1)} GetDeployment) → ${(calls.ours / calls.base).toFixed(1)}x the calls`,
);

function secs(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}
