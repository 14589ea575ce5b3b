import type { Deployment, Service, ServiceDeployment } from '@aws-sdk/client-ecs';
import {
  emptyEvidence,
  type EngineSnapshot,
  type Evidence,
  type MonitorView,
  type Phase,
  type RevisionTraffic,
} from '../deploy/snapshot.js';
import { nativeSnapshotOf } from './native-snapshot.js';

/** Which rollout of the service is ours: its `ecs-svc/…` id and the task definition it deploys. */
export interface RolloutRef {
  /** The service deployment ARN when ECS gave one, else the rollout id. */
  deploymentId: string;
  rolloutId?: string;
  taskDefinition?: string;
  /**
   * The task definition the action redeployed to roll this update back (no service deployment
   * ARN to stop): the service PRIMARY on it means rolling back, not replaced.
   */
  rollbackTo?: string;
}

/** "…:service-revision/c/s/123" → "ecs-svc/123": the numbers are the same (spec §5.1). */
export function rolloutIdOfRevision(revisionArn: string | undefined): string | undefined {
  const n = revisionArn?.split('/').pop();
  return n && /^\d+$/.test(n) ? `ecs-svc/${n}` : undefined;
}

/**
 * A rolling update as the common snapshot, from DescribeServices' `deployments` (rolloutState,
 * failedTasks) and, where ECS has one, the service deployment (status, rollback, circuit breaker,
 * alarms). Pure. A circuit-breaker or alarm rollback reads as rolling-back, then rolled-back:
 * a failure that names the reason, never a success.
 */
export function rollingSnapshotOf(
  service: Pick<Service, 'deployments' | 'deploymentConfiguration'>,
  ref: RolloutRef,
  serviceDeployment: ServiceDeployment | undefined,
  prev: EngineSnapshot | undefined,
  nowMs: number,
  seen: Pick<Evidence, 'events' | 'stoppedTasks'> = emptyEvidence(),
): EngineSnapshot {
  const rollouts = service.deployments ?? [];
  const ours =
    rollouts.find((d) => ref.rolloutId && d.id === ref.rolloutId) ??
    rollouts.find((d) => ref.taskDefinition && d.taskDefinition === ref.taskDefinition);
  const primary = rollouts.find((d) => d.status === 'PRIMARY');
  const revisions = rollouts.map((d) => revisionOf(d, d === ours));
  // Ours gone after a rollback: the rollout ECS returned to says why (circuit breaker, alarm).
  const returnReason = /rolling back/i.test(primary?.rolloutStateReason ?? '')
    ? primary?.rolloutStateReason
    : undefined;
  // ECS writes a reason for every rollout ("in progress", "completed"): only a failed one's explains.
  const failedReason = ours?.rolloutState === 'FAILED' ? ours.rolloutStateReason : undefined;
  const reason =
    failedReason ??
    failureEvent(seen.events, ref.rolloutId) ??
    prev?.evidence.statusReason ??
    (ours ? undefined : returnReason);
  const returnedTo = primary
    ? `ECS returned the service to ${primary.taskDefinition ?? primary.id}`
    : undefined;
  const base = {
    engine: 'rolling' as const,
    deploymentId: ref.deploymentId,
    strategy: 'ROLLING',
    revisions,
    hooks: [],
    timers: [],
    startedAt: ours?.createdAt ?? prev?.startedAt,
  };
  if (serviceDeployment) {
    // The service deployment knows the rollback for sure; keep its view, add the rollout's reason.
    const native = nativeSnapshotOf(serviceDeployment, prev, nowMs, seen);
    return {
      ...native,
      ...base,
      stage: undefined,
      // A rolling update has no stages: in progress is replacing tasks.
      phase: native.status === 'IN_PROGRESS' ? 'scaling' : native.phase,
      evidence: {
        ...native.evidence,
        statusReason: native.evidence.statusReason ?? reason,
        circuitBreaker: native.evidence.circuitBreaker ?? breakerOf(service, ours, reason),
      },
    };
  }
  const { phase, status } = rolloutPhase(ours, primary, prev, ref.rollbackTo);
  const rollingBack = phase === 'rolling-back' || phase === 'rolled-back';
  const replacedBy =
    status === 'REPLACED' && primary
      ? `a later deployment replaced it (the service now deploys ${primary.taskDefinition ?? primary.id})`
      : undefined;
  return {
    ...base,
    status,
    phase,
    evidence: {
      statusReason: reason ?? replacedBy ?? (rollingBack ? returnedTo : undefined),
      rollback: rollingBack && primary ? { reason, revision: primary.taskDefinition } : undefined,
      circuitBreaker: breakerOf(service, ours, reason),
      events: seen.events,
      stoppedTasks: seen.stoppedTasks,
    },
  };
}

/**
 * From rollouts alone: ours PRIMARY and IN_PROGRESS is scaling, COMPLETED succeeded, FAILED
 * failed (rollback off). Ours FAILED (or gone after failing) while another rollout is PRIMARY:
 * ECS rolls back to it, done when that one is COMPLETED. Ours gone or ACTIVE under another
 * PRIMARY without failing: a later deployment replaced it, unless the service is back on the
 * revision ours replaced (a rollback finished between two reads) or on `rollbackTo`, the
 * revision the action redeployed to roll ours back.
 */
export function rolloutPhase(
  ours: Deployment | undefined,
  primary: Deployment | undefined,
  prev: EngineSnapshot | undefined,
  rollbackTo?: string,
): { phase: Phase; status: string } {
  if (ours && (ours === primary || !primary)) {
    const state = ours.rolloutState ?? 'IN_PROGRESS';
    const phase: Phase =
      state === 'COMPLETED' ? 'succeeded' : state === 'FAILED' ? 'failed' : 'scaling';
    return { phase, status: state };
  }
  if (!primary) return { phase: 'created', status: 'PENDING' };
  // Gone between two reads, with the service back on what ours replaced: ECS rolled it back.
  const backToSource = prev?.revisions.some(
    (r) => r.role === 'source' && r.id === primary.taskDefinition,
  );
  const failing =
    ours?.rolloutState === 'FAILED' ||
    prev?.phase === 'rolling-back' ||
    prev?.status === 'FAILED' ||
    (!ours && backToSource) ||
    (!!rollbackTo && primary.taskDefinition === rollbackTo);
  if (failing) {
    const done = primary.rolloutState === 'COMPLETED';
    return { phase: done ? 'rolled-back' : 'rolling-back', status: 'FAILED' };
  }
  if (!ours && !prev) return { phase: 'created', status: 'PENDING' };
  return { phase: 'failed', status: 'REPLACED' };
}

function revisionOf(d: Deployment, ours: boolean): RevisionTraffic {
  return {
    id: d.taskDefinition ?? d.id ?? '?',
    role: ours ? 'target' : 'source',
    running: d.runningCount ?? 0,
    pending: d.pendingCount ?? 0,
    requested: d.desiredCount ?? 0,
  };
}

/** What DescribeServices shows of the circuit breaker: our rollout's failed tasks, triggered when it failed. */
function breakerOf(
  service: Pick<Service, 'deploymentConfiguration'>,
  ours: Deployment | undefined,
  reason: string | undefined,
): MonitorView | undefined {
  if (!service.deploymentConfiguration?.deploymentCircuitBreaker?.enable || !ours) return undefined;
  const triggered = ours.rolloutState === 'FAILED' && /circuit breaker/i.test(reason ?? '');
  return { status: triggered ? 'TRIGGERED' : 'MONITORING', failureCount: ours.failedTasks ?? 0 };
}

/** `(service S) (deployment ecs-svc/N) deployment failed: …`: the event ECS writes when ours fails. */
export function failureEvent(events: readonly string[], rolloutId: string | undefined) {
  if (!rolloutId) return undefined;
  return events.find((e) => e.includes(`(deployment ${rolloutId}) deployment failed:`));
}
