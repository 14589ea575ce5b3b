/**
 * Moves the emulated world along the virtual clock: the ECS scheduler pass, then every unfinished
 * deployment. Runs on a short real interval and before each API call, so reads always see the
 * state of "now".
 */
import type { VirtualClock } from './clock.js';
import { advanceDeployment, isTerminal, type DeploymentWorld } from './codedeploy/engine.js';
import { advanceNativeDeployments } from './ecs/native/driver.js';
import { advanceRollingDeployments } from './ecs/rolling.js';
import { advanceRollingServiceDeployments } from './ecs/rolling-deployments.js';
import { reconcile, type HealthProvider } from './ecs/runtime.js';
import type { EmulatorState } from './state.js';

const TICK_MS = 20;

export class Scheduler {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly state: EmulatorState,
    private readonly clock: VirtualClock,
    private readonly world: DeploymentWorld,
    readonly health: HealthProvider,
  ) {}

  start(): void {
    this.timer ??= setInterval(() => this.tick(), TICK_MS);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  tick(): void {
    const now = this.clock.now();
    reconcile(this.state, this.health, now);
    this.advanceAll(now);
  }

  /** Advances deployments; a rollback created on the way is advanced in the same pass. */
  advanceAll(now: number = this.clock.now()): void {
    for (let pass = 0; pass < 5; pass++) {
      let changed = false;
      for (const d of [...this.state.codedeploy.deployments.values()]) {
        if (isTerminal(d)) continue;
        if (advanceDeployment(d, now, this.world)) changed = true;
      }
      if (advanceNativeDeployments(this.state, now, () => this.clock.now())) changed = true;
      if (advanceRollingDeployments(this.state, now)) changed = true;
      if (advanceRollingServiceDeployments(this.state, now)) changed = true;
      if (!changed) return;
      reconcile(this.state, this.health, now);
    }
  }
}
