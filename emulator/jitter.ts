/**
 * The jitter around the timers that decide when a deployment can change, as real AWS shows it: a
 * new task passes its first health check somewhere within the check interval, ECS acts on an
 * elapsed bake or step bake a moment late (its workflow runs on its own poll), and clean-up waits
 * out the target group's deregistration delay before the old tasks are gone. Each kind draws from
 * its own stream seeded from one number, so a run is reproducible and one kind's draws never shift
 * another's. Off (all zeros) unless the emulator is started with a jitter seed.
 */

/** Virtual milliseconds each kind of wait may run past its modelled end. */
export interface JitterModel {
  /** Extra time before a new task's first passing health check (its phase in the check interval). */
  healthCheckMs(): number;
  /** How late ECS acts on an elapsed bake, step bake or canary bake. */
  timerLagMs(): number;
  /** How long clean-up waits for the old revision's targets to deregister. */
  deregistrationMs(): number;
}

/** [infer] The emulator's health-check interval: a first passing check lands within one of these. */
export const HEALTH_CHECK_INTERVAL_MS = 10_000;
/** [infer] ECS notices an elapsed timer within this long. */
export const TIMER_LAG_MAX_MS = 3000;
/** [infer] Deregistration of the old targets during clean-up takes between these. */
export const DEREGISTRATION_MIN_MS = 5000;
export const DEREGISTRATION_MAX_MS = 15_000;

export const NO_JITTER: JitterModel = {
  healthCheckMs: () => 0,
  timerLagMs: () => 0,
  deregistrationMs: () => 0,
};

/** Jitter drawn from `seed`: the same seed gives the same sequence of draws per kind. */
export function seededJitter(seed: number): JitterModel {
  const health = uniform(seed, 1);
  const lag = uniform(seed, 2);
  const deregistration = uniform(seed, 3);
  return {
    healthCheckMs: () => Math.round(health() * HEALTH_CHECK_INTERVAL_MS),
    timerLagMs: () => Math.round(lag() * TIMER_LAG_MAX_MS),
    deregistrationMs: () =>
      Math.round(
        DEREGISTRATION_MIN_MS + deregistration() * (DEREGISTRATION_MAX_MS - DEREGISTRATION_MIN_MS),
      ),
  };
}

/** mulberry32: a small, well-mixed 32-bit generator; numbers in [0, 1). */
function uniform(seed: number, stream: number): () => number {
  let a = (Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(stream, 0x85ebca6b)) >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
