/**
 * What the timer-aware polling costs and how late it sees the end, on the emulator's ECS-native
 * engine with its jitter on (health checks, ECS's reaction to an elapsed canary bake, clean-up's
 * deregistration), one seed per row. The emulator's clock is frozen and the watch's clock drives
 * it, so the lag is measured in virtual time, to the step: no timed assertion.
 */
import {
  DescribeServiceDeploymentsCommand,
  type DeploymentConfiguration,
  type ECSClient,
} from '@aws-sdk/client-ecs';
import { afterEach, expect, it } from 'vitest';
import type { Clock } from '../clock/clock.js';
import { followDeployment } from '../deploy/follow.js';
import { startHarness, type Harness } from '../../emulator/conformance/harness.js';
import { describe, nativeService, registerWeb } from '../../emulator/conformance/native-setup.js';
import { readDeployedService } from './deployed-service.js';
import { NativeEngine, startServiceDeployment, type EcsEngineDeps } from './native-engine.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.emulator.stop();
});

/**
 * The watch's clock drives the emulator's, in 50 ms steps with a scheduler pass each, so the
 * emulator ends stages when their time comes, not at the next read.
 */
class EmulatorClock implements Clock {
  constructor(
    private readonly harness: Harness,
    public t: number,
  ) {}
  now(): number {
    return this.t;
  }
  async sleep(ms: number): Promise<void> {
    const { clock, scheduler } = this.harness.emulator;
    for (let left = ms; left > 0; left -= STEP_MS) {
      clock.advance(Math.min(STEP_MS, left));
      scheduler.tick();
    }
    this.t += ms;
  }
}

const STEP_MS = 50;
const CANARY: DeploymentConfiguration = {
  strategy: 'CANARY',
  canaryConfiguration: { canaryPercent: 10, canaryBakeTimeInMinutes: 1 },
  bakeTimeInMinutes: 1,
};

it.each([1, 2, 3, 4, 5])(
  'jitter seed %i: a 1-minute canary and bake are followed to the end within 2 s, in at most 20 reads',
  async (seed) => {
    const harness = (h = await startHarness({ jitter: seed }));
    await harness.control('POST', 'clock', { speed: 0 });
    const s = await nativeService(harness, `pace${seed}`, CANARY);
    await harness.advance(60_000); // the service's first deployment ends, whatever its draws
    const clock = new EmulatorClock(harness, (await harness.control('GET', 'clock')).epochMs);
    const ecs = harness.ecs as ECSClient;
    let reads = 0;
    const counting = {
      send: (command: unknown) => {
        if (command instanceof DescribeServiceDeploymentsCommand) reads++;
        return ecs.send(command as never);
      },
    } as ECSClient;
    const deps: EcsEngineDeps = { ...s, ecs, region: 'us-east-1', clock };
    const before = await readDeployedService(deps);
    const arn = await startServiceDeployment(
      deps,
      await registerWeb(harness, 'web:2'),
      before.currentServiceDeployment,
    );
    const outcome = await followDeployment(
      { adapter: new NativeEngine({ ...deps, ecs: counting }), clock, log: () => {} },
      {
        deploymentId: arn,
        waitUntil: 'complete',
        timeoutMs: 30 * 60_000,
        rollbackExpected: true,
        autoContinue: false,
      },
    );
    expect(outcome).toMatchObject({ ok: true, status: 'SUCCESSFUL' });
    const finishedAt = (await describe(harness, arn)).finishedAt!.getTime();
    expect(clock.now() - finishedAt).toBeGreaterThanOrEqual(0);
    expect(clock.now() - finishedAt).toBeLessThanOrEqual(2000);
    expect(reads).toBeLessThanOrEqual(20);
  },
);
