/**
 * Rolling updates as service deployments (spec §2.5, §4.3): each UpdateService that starts a new
 * rollout records a ROLLING service deployment the native read APIs list and describe, and
 * StopServiceDeployment ends. ecs/rolling.ts decides the rollout's fate on its task sets; this
 * file mirrors it onto the record: PENDING -> IN_PROGRESS -> SUCCESSFUL, ROLLBACK_IN_PROGRESS ->
 * ROLLBACK_SUCCESSFUL (or ROLLBACK_FAILED), STOPPED when failed without rollback or superseded.
 */
import type { Cluster, EmulatorState, Service, TaskSet } from '../state.js';
import { ensureRevision, freshProgress, stopSuperseded } from './native/deployment.js';
import { isTerminal, type DeploymentStatus, type NativeDeployment } from './native/model.js';
import { alarmReason, REASONS } from './native/stages.js';
import { deploymentsOf, nativeStore, serviceDeploymentArn } from './native/store.js';
import { liveTasks } from './runtime.js';
import { failedTaskCount, rollBackRollout } from './rolling.js';

/** What one pass sees of a rolling deployment's target rollout and the one it returns to. */
export interface RollingObservations {
  /** The target rollout is PRIMARY and steady. */
  targetSteady: boolean;
  targetLive: number;
  /** Why the rollout failed (ecs/rolling.ts), and whether ECS rolled it back. */
  failure?: { reason: string; alarm?: string; rolledBack: boolean; rollbackWanted: boolean };
  /** The rollout a rollback returned to is steady. */
  restoredSteady: boolean;
}

export type RollingStep =
  | { do: 'none' }
  | { do: 'status'; status: DeploymentStatus; reason?: string; finished?: boolean }
  | { do: 'rollback'; reason: string };

/** The next status of a rolling service deployment. Pure. */
export function nextRollingStep(d: NativeDeployment, obs: RollingObservations): RollingStep {
  if (d.status === 'PENDING') return { do: 'status', status: 'IN_PROGRESS' };
  if (d.status === 'STOP_REQUESTED')
    return { do: 'status', status: 'STOPPED', reason: d.statusReason, finished: true };
  if (d.status === 'ROLLBACK_REQUESTED') return { do: 'rollback', reason: REASONS.user };
  if (d.status === 'ROLLBACK_IN_PROGRESS') {
    return obs.restoredSteady && obs.targetLive === 0
      ? { do: 'status', status: 'ROLLBACK_SUCCESSFUL', finished: true }
      : { do: 'none' };
  }
  if (d.status !== 'IN_PROGRESS') return { do: 'none' };
  if (d.stopRequest?.type === 'ABORT')
    return { do: 'status', status: 'STOP_REQUESTED', reason: REASONS.aborted };
  const f = obs.failure;
  if (f) {
    const reason = f.alarm
      ? alarmReason(f.alarm, f.rollbackWanted)
      : f.rollbackWanted
        ? REASONS.circuitBreaker
        : 'Service deployment stopped because the circuit breaker threshold was exceeded.';
    if (f.rolledBack) return { do: 'status', status: 'ROLLBACK_IN_PROGRESS', reason };
    if (f.rollbackWanted)
      return {
        do: 'status',
        status: 'ROLLBACK_FAILED',
        reason: REASONS.noCandidate,
        finished: true,
      };
    return { do: 'status', status: 'STOPPED', reason, finished: true };
  }
  return obs.targetSteady ? { do: 'status', status: 'SUCCESSFUL', finished: true } : { do: 'none' };
}

/** UpdateService on a rolling service started `target`: supersede the running record, add one. */
export function recordRollingDeployment(
  state: EmulatorState,
  service: Service,
  target: TaskSet,
  now: number,
): NativeDeployment {
  for (const old of deploymentsOf(state, service.serviceArn))
    if (!isTerminal(old)) stopSuperseded(old, now);
  const config = structuredClone(service.deploymentConfiguration) as Record<string, any>;
  const sources = service.taskSets.filter((t) => t !== target && t.status !== 'DRAINING');
  const d: NativeDeployment = {
    arn: serviceDeploymentArn(state, service.clusterName, service.serviceName),
    ecsSvcId: target.id,
    clusterName: service.clusterName,
    serviceName: service.serviceName,
    serviceArn: service.serviceArn,
    clusterArn: service.clusterArn,
    status: 'PENDING',
    createdAt: now,
    updatedAt: now,
    strategy: 'ROLLING',
    configuration: { ...config, strategy: config.strategy ?? 'ROLLING' },
    targetRevisionArn: ensureRevision(state, service, target, now).arn,
    sourceRevisionArns: sources.map((t) => ensureRevision(state, service, t, now).arn),
    greenTaskSetId: target.id,
    productionPercent: 100,
    testOnGreen: false,
    plan: [],
    ...freshProgress(config, service.desiredCount, now),
  };
  nativeStore(state).deployments.set(d.arn, d);
  return d;
}

function observe(cluster: Cluster, service: Service, d: NativeDeployment): RollingObservations {
  const target = service.taskSets.find((t) => t.id === d.greenTaskSetId);
  const restored = service.taskSets.find((t) => t.rollbackOf === d.greenTaskSetId);
  const rollback =
    d.configuration.alarms?.enable && target?.rolloutAlarm
      ? d.configuration.alarms.rollback === true
      : d.configuration.deploymentCircuitBreaker?.rollback === true;
  return {
    targetSteady: target?.status === 'PRIMARY' && target.stabilityStatus === 'STEADY_STATE',
    targetLive: target ? liveTasks(cluster, target).length : 0,
    ...(target?.rolloutFailure
      ? {
          failure: {
            reason: target.rolloutFailure,
            ...(target.rolloutAlarm ? { alarm: target.rolloutAlarm } : {}),
            rolledBack: !!restored,
            rollbackWanted: rollback,
          },
        }
      : {}),
    restoredSteady: restored?.status === 'PRIMARY' && restored.stabilityStatus === 'STEADY_STATE',
  };
}

/** One pass over every unfinished rolling service deployment. Returns true on any change. */
export function advanceRollingServiceDeployments(state: EmulatorState, now: number): boolean {
  let changed = false;
  for (const d of nativeStore(state).deployments.values()) {
    if (d.strategy !== 'ROLLING' || isTerminal(d)) continue;
    const cluster = state.ecs.clusters.get(d.clusterName);
    const service = cluster?.services.get(d.serviceName);
    if (!cluster || !service) continue;
    for (let i = 0; i < 10; i++) {
      const obs = observe(cluster, service, d);
      const target = service.taskSets.find((t) => t.id === d.greenTaskSetId);
      if (target) d.circuitBreaker.failureCount = failedTaskCount(cluster, target);
      const step = nextRollingStep(d, obs);
      if (step.do === 'none') break;
      apply(state, cluster, service, d, step, obs, now);
      d.updatedAt = now;
      changed = true;
    }
  }
  return changed;
}

function apply(
  state: EmulatorState,
  cluster: Cluster,
  service: Service,
  d: NativeDeployment,
  step: Exclude<RollingStep, { do: 'none' }>,
  obs: RollingObservations,
  now: number,
): void {
  if (step.do === 'rollback') {
    const target = service.taskSets.find((t) => t.id === d.greenTaskSetId);
    const restored = target ? rollBackRollout(cluster, service, target, now) : undefined;
    d.statusReason = step.reason;
    if (!restored) {
      d.status = 'ROLLBACK_FAILED';
      d.statusReason = REASONS.noCandidate;
      d.finishedAt = now;
      return;
    }
    startRollback(state, service, d, restored, step.reason, now);
    return;
  }
  if (step.status === 'IN_PROGRESS') d.startedAt = now;
  if (step.status === 'ROLLBACK_IN_PROGRESS') {
    const restored = service.taskSets.find((t) => t.rollbackOf === d.greenTaskSetId)!;
    startRollback(state, service, d, restored, step.reason!, now);
  }
  if (obs.failure && !obs.failure.alarm) d.circuitBreaker.tripped = true;
  if (obs.failure?.alarm && !d.alarmsTriggered.includes(obs.failure.alarm))
    d.alarmsTriggered.push(obs.failure.alarm);
  d.status = step.status;
  if (step.reason) d.statusReason = step.reason;
  if (step.finished) d.finishedAt = now;
  if (step.status === 'STOPPED') d.stoppedAt = now;
}

function startRollback(
  state: EmulatorState,
  service: Service,
  d: NativeDeployment,
  restored: TaskSet,
  reason: string,
  now: number,
): void {
  d.status = 'ROLLBACK_IN_PROGRESS';
  d.statusReason = reason;
  d.rollback = {
    reason,
    startedAt: now,
    serviceRevisionArn: ensureRevision(state, service, restored, now).arn,
  };
}
