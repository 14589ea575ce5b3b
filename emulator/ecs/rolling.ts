/**
 * Failure detection of rolling updates (ECS controller, strategy ROLLING): the deployment circuit
 * breaker and CloudWatch alarms watch the PRIMARY rollout until it is steady. A tripped detector
 * marks the rollout FAILED and, with `rollback: true`, makes the previous rollout PRIMARY again
 * and drains the failed one. Native strategies have their own driver (native/driver.ts).
 */
import type { Cluster, EmulatorState, Service, TaskSet } from '../state.js';
import { circuitBreakerThreshold } from './native/deployment.js';
import { addServiceEvent, drainTaskSet, liveTasks, makePrimary } from './runtime.js';

/** rolloutStateReason texts of a failed rollout and of the rollout ECS returns to. */
export const ROLLING_REASONS = {
  breaker: 'ECS deployment circuit breaker: tasks failed to start.',
  alarm: (name: string) => `ECS deployment alarms: alarm ${name} is in the ALARM state.`,
  rollingBackTo: (toId: string) =>
    `ECS deployment circuit breaker: rolling back to deploymentId ${toId}.`,
} as const;

export interface RolloutObservations {
  failedTasks: number;
  desiredCount: number;
  /** The first alarm of the service's alarms configuration in ALARM, if any. */
  alarm?: string;
}

export type RolloutVerdict =
  { failed: false } | { failed: true; reason: string; event: string; rollback: boolean };

/** Whether the rollout has failed, and whether ECS rolls it back. Pure. */
export function rolloutVerdict(
  config: Record<string, any>,
  obs: RolloutObservations,
): RolloutVerdict {
  const breaker = config.deploymentCircuitBreaker;
  if (breaker?.enable && obs.failedTasks >= circuitBreakerThreshold(config, obs.desiredCount)) {
    return {
      failed: true,
      reason: ROLLING_REASONS.breaker,
      event: 'deployment failed: tasks failed to start.',
      rollback: breaker.rollback === true,
    };
  }
  if (config.alarms?.enable && obs.alarm) {
    return {
      failed: true,
      reason: ROLLING_REASONS.alarm(obs.alarm),
      event: `deployment failed: alarm detected (${obs.alarm}).`,
      rollback: config.alarms.rollback === true,
    };
  }
  return { failed: false };
}

/** Tasks of the set that stopped for failing, not for scaling in (the circuit-breaker count). */
export function failedTaskCount(cluster: Cluster, ts: TaskSet): number {
  return cluster.tasks.filter(
    (t) =>
      t.taskSetId === ts.id &&
      t.lastStatus === 'STOPPED' &&
      !(t.stoppedReason ?? '').startsWith('Scaling activity'),
  ).length;
}

/** One pass over every rolling service whose PRIMARY rollout is still in progress. */
export function advanceRollingDeployments(state: EmulatorState, now: number): boolean {
  let changed = false;
  for (const cluster of state.ecs.clusters.values()) {
    for (const service of cluster.services.values()) {
      if (service.status !== 'ACTIVE' || service.deploymentController.type !== 'ECS') continue;
      if (((service.deploymentConfiguration.strategy as string) ?? 'ROLLING') !== 'ROLLING')
        continue;
      if (watchRollout(state, cluster, service, now)) changed = true;
    }
  }
  return changed;
}

function watchRollout(
  state: EmulatorState,
  cluster: Cluster,
  service: Service,
  now: number,
): boolean {
  const primary = service.taskSets.find((t) => t.status === 'PRIMARY');
  if (!primary || primary.rolloutFailure || primary.rollbackOf) return false;
  if (primary.stabilityStatus === 'STEADY_STATE') return false;
  const config = service.deploymentConfiguration as Record<string, any>;
  const alarmNames: string[] = config.alarms?.alarmNames ?? [];
  const alarm = alarmNames.find((n) => state.codedeploy.alarms.get(n) === 'ALARM');
  const verdict = rolloutVerdict(config, {
    failedTasks: failedTaskCount(cluster, primary),
    desiredCount: service.desiredCount,
    ...(alarm ? { alarm } : {}),
  });
  if (!verdict.failed) return false;
  primary.rolloutFailure = verdict.reason;
  if (verdict.reason !== ROLLING_REASONS.breaker) primary.rolloutAlarm = alarm;
  primary.updatedAt = now;
  const label = `(service ${service.serviceName})`;
  addServiceEvent(service, `${label} (deployment ${primary.id}) ${verdict.event}`, now);
  if (!verdict.rollback) return true;
  rollBackRollout(cluster, service, primary, now);
  return true;
}

/**
 * Returns the service to the rollout before `failed` and drains `failed`: the circuit breaker,
 * an alarm or StopServiceDeployment ROLLBACK. Returns that rollout, or undefined when none runs.
 */
export function rollBackRollout(
  cluster: Cluster,
  service: Service,
  failed: TaskSet,
  now: number,
): TaskSet | undefined {
  const label = `(service ${service.serviceName})`;
  // The rollout ECS returns to: the newest earlier set still running [infer].
  const previous = service.taskSets
    .filter((t) => t.status === 'ACTIVE' && t !== failed && liveTasks(cluster, t).length > 0)
    .sort((a, b) => b.createdAt - a.createdAt)[0];
  if (!previous) {
    addServiceEvent(
      service,
      `${label} (deployment ${failed.id}) No rollback candidate was found to run the rollback.`,
      now,
    );
    return undefined;
  }
  previous.rollbackOf = failed.id;
  makePrimary(service, previous, now);
  drainTaskSet(service, failed, now);
  addServiceEvent(service, `${label} rolling back to deployment ${previous.id}.`, now);
  return previous;
}
