/**
 * The jitter model (`--jitter SEED`) on an ECS-native BLUE_GREEN deployment through the real SDK,
 * on a frozen clock: green passes health checks within one check interval after the modelled 10 s,
 * ECS acts on the elapsed bake the seed's timer lag late, and clean-up lasts the seed's
 * deregistration delay. Deterministic: the expected delays come from the same seed.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { HEALTH_CHECK_INTERVAL_MS, seededJitter } from '../jitter.js';
import { HEALTHY_AFTER_MS } from '../ecs/runtime.js';
import { startHarness, type Harness } from './harness.js';
import { deploy, describe, MINUTE, nativeService } from './native-setup.js';

const SEED = 7;
let h: Harness;

beforeAll(async () => {
  // An empty account: only this test draws from the seed.
  h = await startHarness({ seed: {}, jitter: SEED });
  await h.control('POST', 'clock', { speed: 0 });
});
afterAll(async () => {
  await h.emulator.stop();
});

it('delays health, the end of the bake and clean-up by the seeded jitter', async () => {
  const expected = seededJitter(SEED);
  const lag = expected.timerLagMs(); // the first timed phase is this deployment's bake
  expected.deregistrationMs(); // the service's first deployment cleaned up once already
  const deregistration = expected.deregistrationMs();

  const s = await nativeService(h, 'jit', { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 5 });
  await h.advance(MINUTE); // the first deployment settles whatever its draws
  const arn = await deploy(h, s, 'web:2');

  // Green becomes healthy (and traffic shifts, the bake starts) within one check interval.
  let waited = 0;
  while ((await describe(h, arn)).lifecycleStage !== 'BAKE_TIME') {
    expect(waited).toBeLessThan(HEALTHY_AFTER_MS + HEALTH_CHECK_INTERVAL_MS);
    await h.advance(1000);
    waited += 1000;
  }
  expect(waited).toBeGreaterThanOrEqual(HEALTHY_AFTER_MS);

  await h.advance(5 * MINUTE + lag - 1);
  expect((await describe(h, arn)).lifecycleStage).toBe('BAKE_TIME');
  await h.advance(1);
  let d = await describe(h, arn);
  expect([d.status, d.lifecycleStage]).toEqual(['IN_PROGRESS', 'CLEAN_UP']);
  // The old tasks keep running while they deregister: the service is not yet steady.
  expect(d.sourceServiceRevisions![0]).toMatchObject({ runningTaskCount: 2 });

  await h.advance(deregistration - 1);
  expect((await describe(h, arn)).status).toBe('IN_PROGRESS');
  await h.advance(1);
  d = await describe(h, arn);
  expect(d.status).toBe('SUCCESSFUL');
  expect(d.sourceServiceRevisions![0]).toMatchObject({ runningTaskCount: 0 });
});
