/**
 * The ECS adapters and the shared watch loop against the emulator's ECS-native engine, through
 * the real SDK (AWS_ENDPOINT_URL_* as a user sets it). The emulator's clock is frozen; the
 * watch's clock advances it, so a 30-minute deployment runs in well under a second.
 */
import {
  DescribeServiceDeploymentsCommand,
  type DeploymentConfiguration,
  type ECSClient,
} from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../clock/clock.js';
import { engineOf } from '../deploy/engine.js';
import {
  followDeployment,
  type FollowOutcome,
  type FollowRequest,
  type GateVerdict,
} from '../deploy/follow.js';
import { startHarness, type Harness } from '../../emulator/conformance/harness.js';
import {
  nativeService,
  registerWeb,
  serviceOf,
  weights,
  type NativeSetup,
} from '../../emulator/conformance/native-setup.js';
import { readDeployedService } from './deployed-service.js';
import { activeServiceDeployment, settledService } from './find-deployment.js';
import {
  NativeEngine,
  startServiceDeployment,
  stopServiceDeployment,
  type EcsEngineDeps,
} from './native-engine.js';
import { gateHookProblem } from './native-preflight.js';

let h: Harness;

/** The watch's clock drives the emulator's: sleeping advances both. */
class EmulatorClock implements Clock {
  constructor(public t: number) {}
  now(): number {
    return this.t;
  }
  async sleep(ms: number): Promise<void> {
    this.t += ms;
    await h.advance(ms);
  }
}

beforeAll(async () => {
  h = await startHarness();
  await h.control('POST', 'clock', { speed: 0 });
});
afterAll(async () => {
  await h.emulator.stop();
});

const BG: DeploymentConfiguration = { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 5 };
const pauseAtTest = (config: DeploymentConfiguration): DeploymentConfiguration => ({
  ...config,
  lifecycleHooks: [
    {
      targetType: 'PAUSE',
      lifecycleStages: ['POST_TEST_TRAFFIC_SHIFT'],
      timeoutConfiguration: { timeoutInMinutes: 60, action: 'ROLLBACK' },
    },
  ],
});
const passing = async (): Promise<GateVerdict> => ({ passed: true, lines: ['PASS GET / 200'] });
const failing = async (): Promise<GateVerdict> => ({
  passed: false,
  lines: ['FAIL GET /version 500 (expected 2xx)'],
});

interface Deployed {
  s: NativeSetup;
  deps: EcsEngineDeps;
  arn: string;
  reads: () => number;
}

/** A native service, then the action's own start: UpdateService with a new task definition. */
async function startOn(name: string, config: DeploymentConfiguration): Promise<Deployed> {
  const s = await nativeService(h, name, config);
  const clock = new EmulatorClock((await h.control('GET', 'clock')).epochMs);
  const deps: EcsEngineDeps = {
    ecs: h.ecs as ECSClient,
    cluster: s.cluster,
    service: s.service,
    region: 'us-east-1',
    clock,
  };
  const before = await readDeployedService(deps);
  const arn = await startServiceDeployment(
    deps,
    await registerWeb(h, 'web:2'),
    before.currentServiceDeployment,
  );
  let reads = 0;
  const send = deps.ecs.send.bind(deps.ecs);
  deps.ecs = {
    send: (command: unknown) => {
      if (command instanceof DescribeServiceDeploymentsCommand) reads++;
      return send(command as never);
    },
  } as ECSClient;
  return { s, deps, arn, reads: () => reads };
}

function follow(d: Deployed, over: Partial<FollowRequest> = {}): Promise<FollowOutcome> {
  return followDeployment(
    { adapter: new NativeEngine(d.deps), clock: d.deps.clock, log: () => {} },
    {
      deploymentId: d.arn,
      waitUntil: 'complete',
      timeoutMs: 30 * 60_000,
      rollbackExpected: true,
      autoContinue: false,
      ...over,
    },
  );
}

describe('ECS-native engine against the emulator', () => {
  it('the service picks the native engine; the gate needs its PAUSE hook', async () => {
    const d = await startOn('pick', BG);
    const service = await readDeployedService(d.deps);
    expect(engineOf(service)).toEqual({ engine: 'native', strategy: 'BLUE_GREEN' });
    expect(gateHookProblem(service, ['test-url'])).toMatch(
      /^test-url needs ECS to hold the deployment at test traffic, but service "web" has no PAUSE lifecycle hook at POST_TEST_TRAFFIC_SHIFT;/,
    );
  });

  it('BLUE_GREEN: a passing gate at the hold, CONTINUE, bake, SUCCESSFUL', async () => {
    const d = await startOn('gate-pass', pauseAtTest(BG));
    expect(gateHookProblem(await serviceOf(h, d.s), ['test-url'])).toBeUndefined();
    const outcome = await follow(d, { gate: passing });
    expect(outcome).toMatchObject({ ok: true, outcome: 'succeeded', status: 'SUCCESSFUL' });
    expect(await weights(h, d.s, 'productionRule')).toEqual({ blue: 0, green: 100 });
    expect(outcome.timeline.map((t) => t.line)).toContain('Gate passed');
  });

  it('BLUE_GREEN: a failing gate rolls back through the hook; production never moved', async () => {
    const d = await startOn('gate-fail', pauseAtTest(BG));
    const outcome = await follow(d, { gate: failing });
    expect(outcome).toMatchObject({
      ok: false,
      outcome: 'rolled-back',
      rolledBack: true,
      status: 'ROLLBACK_SUCCESSFUL',
      reason: `the gate failed: FAIL GET /version 500 (expected 2xx); rolled back (ROLLBACK_SUCCESSFUL)`,
    });
    expect(await weights(h, d.s, 'productionRule')).toEqual({ blue: 100, green: 0 });
  });

  it('wait-until ready, then promote: CONTINUE on the hold and follow to SUCCESSFUL', async () => {
    const d = await startOn('promote', pauseAtTest(BG));
    const ready = await follow(d, { waitUntil: 'ready' });
    expect(ready).toMatchObject({ ok: true, outcome: 'ready', status: 'IN_PROGRESS' });
    const engine = new NativeEngine(d.deps);
    const held = await engine.read(d.arn);
    expect(held.hold?.id).toMatch(/^ecs-pause-/);
    await engine.continue(held, held.hold!.id);
    await expect(follow(d)).resolves.toMatchObject({ ok: true, outcome: 'succeeded' });
  });

  it('CANARY: a circuit-breaker rollback fails naming the reason', async () => {
    const d = await startOn('canary-breaker', {
      strategy: 'CANARY',
      bakeTimeInMinutes: 5,
      canaryConfiguration: { canaryPercent: 10, canaryBakeTimeInMinutes: 5 },
      deploymentCircuitBreaker: { enable: true, rollback: true },
    });
    await h.control('POST', 'unhealthy', {
      taskDefinition: (await serviceOf(h, d.s)).taskDefinition,
    });
    const outcome = await follow(d);
    expect(outcome).toMatchObject({ ok: false, outcome: 'rolled-back', rolledBack: true });
    expect(outcome.reason).toContain(
      'Service deployment rolled back because the circuit breaker threshold was exceeded.',
    );
  });

  it('the timeout stops with rollback and waits for it', async () => {
    const d = await startOn('timeout', pauseAtTest(BG));
    const outcome = await follow(d, { timeoutMs: 2 * 60_000 });
    expect(outcome).toMatchObject({ ok: false, rolledBack: true, status: 'ROLLBACK_SUCCESSFUL' });
    expect(outcome.reason).toMatch(
      /^timed out after 2m; last state: IN_PROGRESS POST_TEST_TRAFFIC_SHIFT/,
    );
  });

  it('LINEAR: polls when a step bake ends and sparsely between', async () => {
    const d = await startOn('linear', {
      strategy: 'LINEAR',
      bakeTimeInMinutes: 10,
      linearConfiguration: { stepPercent: 25, stepBakeTimeInMinutes: 5 },
    });
    const outcome = await follow(d, { timeoutMs: 60 * 60_000 });
    expect(outcome).toMatchObject({ ok: true, outcome: 'succeeded' });
    // 3 step bakes of 5 min and a 10-min bake (25 min): one read per 30 s while a timer runs
    // (73 measured), where a fixed 10-s poll makes 151.
    expect(outcome.elapsedMs).toBeGreaterThanOrEqual(25 * 60_000);
    expect(d.reads()).toBeLessThan(80);
  });
  it('DescribeServices shows the service settled exactly when no service deployment runs, rollback included', async () => {
    const d = await startOn('settled', { ...BG, bakeTimeInMinutes: 1 });
    const clock = d.deps.clock as EmulatorClock;
    const agree = async () => {
      const running = await activeServiceDeployment(d.deps);
      expect(settledService(await readDeployedService(d.deps))).toBe(running === undefined);
      return running;
    };
    // Through the deployment, then through a rollback of the next one.
    while (await agree()) await clock.sleep(5000);
    const next = await startServiceDeployment(
      d.deps,
      await registerWeb(h, 'web:3'),
      (await readDeployedService(d.deps)).currentServiceDeployment,
    );
    await clock.sleep(20_000);
    await stopServiceDeployment(d.deps, next);
    while (await agree()) await clock.sleep(2000);
  });
});
