import {
  ContinueServiceDeploymentCommand,
  DescribeServicesCommand,
  StopServiceDeploymentCommand,
  type ECSClient,
} from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import { followDeployment, type FollowRequest, type GateVerdict } from '../deploy/follow.js';
import {
  DEPLOYMENT_ARN,
  FakeServiceDeployment,
  type Frame,
} from './testing/fake-ecs-deployments.js';
import { NativeEngine } from './native-engine.js';

/** The shared watch loop driving the ECS-native adapter against a scripted service deployment. */

const upToHold: Frame[] = [
  { stage: 'SCALE_UP' },
  { stage: 'POST_SCALE_UP' },
  { stage: 'TEST_TRAFFIC_SHIFT', test: 100 },
  { stage: 'POST_TEST_TRAFFIC_SHIFT', test: 100, paused: 'ecs-pause-1' },
];
const afterHold: Frame[] = [
  { stage: 'PRODUCTION_TRAFFIC_SHIFT', test: 100, production: 100 },
  { stage: 'BAKE_TIME', test: 100, production: 100 },
  { stage: 'CLEAN_UP', test: 100, production: 100 },
  { status: 'SUCCESSFUL', stage: 'CLEAN_UP', test: 100, production: 100 },
];

function run(fake: FakeServiceDeployment, over: Partial<FollowRequest> = {}, signal?: AbortSignal) {
  const lines: string[] = [];
  const adapter = new NativeEngine({
    ecs: fake.ecs as unknown as ECSClient,
    cluster: 'prod',
    service: 'web',
    region: 'us-east-1',
    clock: fake.clock,
    signal,
  });
  const outcome = followDeployment(
    { adapter, clock: fake.clock, log: (l) => lines.push(l), signal },
    {
      deploymentId: DEPLOYMENT_ARN,
      waitUntil: 'complete',
      timeoutMs: 30 * 60_000,
      rollbackExpected: true,
      autoContinue: false,
      ...over,
    },
  );
  return { outcome, lines };
}

const passing = async (): Promise<GateVerdict> => ({ passed: true, lines: ['PASS GET / 200'] });
const failing = async (): Promise<GateVerdict> => ({
  passed: false,
  lines: ['FAIL GET / 500 (expected 2xx)'],
});

describe('followDeployment on ECS-native', () => {
  it('a passing gate at the hold, CONTINUE, then SUCCESSFUL', async () => {
    const fake = new FakeServiceDeployment(upToHold);
    fake.afterContinue = afterHold;
    const { outcome, lines } = run(fake, { gate: passing });
    await expect(outcome).resolves.toMatchObject({
      ok: true,
      outcome: 'succeeded',
      status: 'SUCCESSFUL',
      reason: 'the deployment succeeded',
      rolledBack: false,
    });
    expect(
      fake.ecs.commandCalls(ContinueServiceDeploymentCommand).map((c) => c.args[0].input),
    ).toEqual([
      { serviceDeploymentArn: DEPLOYMENT_ARN, hookId: 'ecs-pause-1', action: 'CONTINUE' },
    ]);
    expect(lines).toContain('  Traffic production: new 100% / old 0% · test: new 100% / old 0%');
    expect(lines).toContain('Gate passed');
  });

  it('a failing gate rolls back through the hook: a failure, rolled back', async () => {
    const fake = new FakeServiceDeployment(upToHold);
    const result = await run(fake, { gate: failing }).outcome;
    expect(result).toMatchObject({
      ok: false,
      outcome: 'rolled-back',
      rolledBack: true,
      status: 'ROLLBACK_SUCCESSFUL',
      reason: `the gate failed: FAIL GET / 500 (expected 2xx); rolled back (ROLLBACK_SUCCESSFUL)`,
    });
    expect(fake.ecs.commandCalls(ContinueServiceDeploymentCommand)[0]!.args[0].input.action).toBe(
      'ROLLBACK',
    );
    expect(result.evidence).toContain('FAIL GET / 500 (expected 2xx)');
  });

  it('wait-until ready without a gate: ends held, outcome ready, nothing continued', async () => {
    const fake = new FakeServiceDeployment(upToHold);
    await expect(run(fake, { waitUntil: 'ready' }).outcome).resolves.toMatchObject({
      ok: true,
      outcome: 'ready',
      reason: 'the replacement is ready and waits for promotion',
    });
    expect(fake.ecs.commandCalls(ContinueServiceDeploymentCommand)).toHaveLength(0);
  });

  it('traffic-shifted: done at 100% production, outcome in-progress', async () => {
    const fake = new FakeServiceDeployment([{ stage: 'SCALE_UP' }, ...afterHold]);
    await expect(run(fake, { waitUntil: 'traffic-shifted' }).outcome).resolves.toMatchObject({
      ok: true,
      outcome: 'in-progress',
      status: 'IN_PROGRESS',
    });
  });

  it('a circuit-breaker rollback is a failure naming the reason, with the events counted', async () => {
    const failed = '(service web) (deployment ecs-svc/2) deployment failed: tasks failed to start.';
    const reason =
      'Service deployment rolled back because the circuit breaker threshold was exceeded.';
    const fake = new FakeServiceDeployment([
      { stage: 'SCALE_UP' },
      { stage: 'SCALE_UP', breaker: { status: 'MONITORING', failureCount: 1 }, events: [failed] },
      { stage: 'SCALE_UP', breaker: { status: 'MONITORING', failureCount: 2 }, events: [failed] },
      {
        status: 'ROLLBACK_IN_PROGRESS',
        stage: 'SCALE_UP',
        breaker: { status: 'TRIGGERED', failureCount: 3 },
        statusReason: reason,
        events: [failed],
      },
      {
        status: 'ROLLBACK_SUCCESSFUL',
        stage: 'CLEAN_UP',
        breaker: { status: 'TRIGGERED', failureCount: 3 },
        statusReason: reason,
      },
    ]);
    const { outcome, lines } = run(fake);
    const result = await outcome;
    expect(result).toMatchObject({
      ok: false,
      outcome: 'rolled-back',
      rolledBack: true,
      reason: `deployment ${DEPLOYMENT_ARN} ROLLBACK_IN_PROGRESS: ${reason}; rolled back (ROLLBACK_SUCCESSFUL)`,
    });
    expect(lines).toContain('  circuit breaker TRIGGERED: 3 failed tasks, threshold 3');
    expect(result.evidence.some((l) => l.startsWith(`ECS: ${failed}`))).toBe(true);
    expect(fake.ecs.commandCalls(StopServiceDeploymentCommand)).toHaveLength(0);
  });

  it('the timeout stops with rollback and waits for it', async () => {
    const fake = new FakeServiceDeployment([{ stage: 'SCALE_UP' }]);
    const result = await run(fake, { timeoutMs: 60_000 }).outcome;
    expect(result).toMatchObject({ ok: false, rolledBack: true, outcome: 'rolled-back' });
    expect(result.reason).toMatch(/^timed out after 1m; last state: IN_PROGRESS SCALE_UP/);
    expect(fake.ecs.commandCalls(StopServiceDeploymentCommand)[0]!.args[0].input).toEqual({
      serviceDeploymentArn: DEPLOYMENT_ARN,
      stopType: 'ROLLBACK',
    });
  });

  it('a pause nobody asked for is waited on, not continued, until the timeout rolls it back', async () => {
    const fake = new FakeServiceDeployment(upToHold);
    const result = await run(fake, { timeoutMs: 5 * 60_000 }).outcome;
    expect(result).toMatchObject({ ok: false, rolledBack: true });
    const calls = fake.ecs
      .commandCalls(ContinueServiceDeploymentCommand)
      .map((c) => c.args[0].input.action);
    expect(calls).toEqual(['ROLLBACK']);
  });

  it('cancellation stops with rollback and ends the step without waiting for it', async () => {
    const fake = new FakeServiceDeployment([{ stage: 'SCALE_UP' }]);
    const controller = new AbortController();
    controller.abort();
    const result = await run(fake, {}, controller.signal).outcome;
    expect(result).toMatchObject({
      ok: false,
      rolledBack: false,
      outcome: 'failed',
      reason: 'the workflow run was cancelled; rollback OLM8zqSkPUsjz_-lRIUeE started',
    });
    expect(fake.ecs.commandCalls(StopServiceDeploymentCommand)).toHaveLength(1);
  });

  it('rollback command: stop first, then follow to ROLLBACK_SUCCESSFUL', async () => {
    const fake = new FakeServiceDeployment([{ stage: 'BAKE_TIME', production: 100, test: 100 }]);
    const result = await run(fake, { stopReason: 'rollback requested' }).outcome;
    expect(result).toMatchObject({
      ok: false,
      rolledBack: true,
      reason: `rollback requested; rolled back (ROLLBACK_SUCCESSFUL)`,
    });
  });

  it('reads service events only now and then while all is well', async () => {
    const fake = new FakeServiceDeployment([
      ...Array.from({ length: 20 }, (): Frame => ({ stage: 'SCALE_UP' })),
      { status: 'SUCCESSFUL', stage: 'CLEAN_UP', production: 100 },
    ]);
    await run(fake).outcome;
    expect(fake.ecs.commandCalls(DescribeServicesCommand).length).toBeLessThan(5);
  });
});
