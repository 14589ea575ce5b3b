import { isTerminal } from '../../emulator/ecs/native/model.js';
import { nativeStore } from '../../emulator/ecs/native/store.js';
import type { Emulator } from '../../emulator/index.js';

export type LagEngine = 'codedeploy' | 'native' | 'rolling';

export interface Target {
  engine: LagEngine;
  cluster: string;
  service: string;
  /** CodeDeploy only: the deployment group the service deploys through. */
  group?: string;
}

const CODEDEPLOY_ENDS = ['Succeeded', 'Failed', 'Stopped'];

/**
 * Whether the deployment started at or after `since` (virtual ms) has ended, read straight from the
 * emulator's state (no API call, so the count is not disturbed). Rolling: the new PRIMARY rollout
 * is steady (ECS's rolloutState COMPLETED).
 */
export function ended(emulator: Emulator, target: Target, since: number): boolean {
  const { state } = emulator;
  switch (target.engine) {
    case 'codedeploy':
      return [...state.codedeploy.deployments.values()].some(
        (d) =>
          d.deploymentGroupName === target.group &&
          d.createTime >= since &&
          CODEDEPLOY_ENDS.includes(d.status),
      );
    case 'native':
      return [...nativeStore(state).deployments.values()].some(
        (d) =>
          d.clusterName === target.cluster &&
          d.serviceName === target.service &&
          d.createdAt >= since &&
          isTerminal(d),
      );
    case 'rolling': {
      const service = state.ecs.clusters.get(target.cluster)?.services.get(target.service);
      return !!service?.taskSets.some(
        (ts) =>
          ts.createdAt >= since && ts.status === 'PRIMARY' && ts.stabilityStatus === 'STEADY_STATE',
      );
    }
  }
}

/**
 * Samples `ended` every 2 ms of real time from `start()` on and remembers the first real moment
 * (performance.now) it held: the moment the deployment ended, as seen from this process.
 */
export class EndWatch {
  private timer?: NodeJS.Timeout;
  private endedAt?: number;
  private since = 0;

  constructor(
    private readonly emulator: Emulator,
    private readonly target: Target,
  ) {}

  start(): void {
    const since = (this.since = this.emulator.clock.now());
    this.endedAt = undefined;
    this.timer = setInterval(() => {
      if (this.endedAt === undefined && ended(this.emulator, this.target, since))
        this.endedAt = performance.now();
    }, 2);
  }

  cancel(): void {
    clearInterval(this.timer);
  }

  /** Stops sampling; the real time the end was first seen. */
  stop(): number {
    clearInterval(this.timer);
    if (this.endedAt === undefined)
      throw new Error(
        `${this.target.engine} ${this.target.service}: no deployment end was seen since ${this.since}; native deployments: ${JSON.stringify([...nativeStore(this.emulator.state).deployments.values()].map((d) => [d.serviceName, d.createdAt, d.status]))}`,
      );
    return this.endedAt;
  }
}
