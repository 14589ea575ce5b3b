import type {
  DeploymentLifecycleHookDetail,
  ServiceDeployment,
  ServiceDeploymentAlarms,
  ServiceDeploymentCircuitBreaker,
  ServiceRevisionSummary,
} from '@aws-sdk/client-ecs';
import { trafficLine } from '../deploy/progress.js';
import {
  emptyEvidence,
  type EngineSnapshot,
  type Evidence,
  type HookView,
  type MonitorView,
  type Phase,
  type RevisionTraffic,
  type Timer,
} from '../deploy/snapshot.js';

const MINUTE = 60_000;
/** Defaults of the model when the configuration leaves them out (spec §1.1). */
const DEFAULT_STEP_BAKE_MIN = 6;
const DEFAULT_CANARY_BAKE_MIN = 10;

/** Where an IN_PROGRESS service deployment is, by its lifecycle stage (spec §2.2). */
const STAGE_PHASE: Record<string, Phase> = {
  RECONCILE_SERVICE: 'created',
  PRE_SCALE_UP: 'scaling',
  SCALE_UP: 'scaling',
  POST_SCALE_UP: 'scaling',
  TEST_TRAFFIC_SHIFT: 'test-traffic',
  POST_TEST_TRAFFIC_SHIFT: 'test-traffic',
  PRODUCTION_TRAFFIC_SHIFT: 'shifting',
  POST_PRODUCTION_TRAFFIC_SHIFT: 'shifting',
  BAKE_TIME: 'baking',
  CLEAN_UP: 'cleaning-up',
};

const STATUS_PHASE: Record<string, Phase> = {
  PENDING: 'created',
  SUCCESSFUL: 'succeeded',
  STOP_REQUESTED: 'stopping',
  STOPPED: 'failed',
  ROLLBACK_REQUESTED: 'rolling-back',
  ROLLBACK_IN_PROGRESS: 'rolling-back',
  ROLLBACK_SUCCESSFUL: 'rolled-back',
  ROLLBACK_FAILED: 'failed',
};

/** The phase of a service deployment: its status, and while IN_PROGRESS its stage and any hold. */
export function nativePhase(
  status: string,
  stage: string | undefined,
  hold: HookView | undefined,
): Phase {
  if (status !== 'IN_PROGRESS') return STATUS_PHASE[status] ?? 'created';
  if (stage === 'POST_TEST_TRAFFIC_SHIFT' && hold) return 'held';
  return (stage && STAGE_PHASE[stage]) || 'created';
}

/**
 * DescribeServiceDeployments' view of one service deployment as the common snapshot. Pure.
 * `prev` (the last snapshot of the same deployment) carries what one read cannot know: when the
 * stage and the weights were first seen (bake times count from there) and at which stage each
 * hook appeared (hook details do not name their stage).
 */
export function nativeSnapshotOf(
  d: ServiceDeployment,
  prev: EngineSnapshot | undefined,
  nowMs: number,
  seen: Pick<Evidence, 'events' | 'stoppedTasks'> = emptyEvidence(),
): EngineSnapshot {
  const status = d.status ?? 'Unknown';
  const stage = d.lifecycleStage;
  const hooks = (d.lifecycleHookDetails ?? []).map((h) => hookView(h, stage, prev));
  const hold = hooks.find((h) => h.kind === 'PAUSE' && h.status === 'AWAITING_ACTION');
  const revisions = [
    ...(d.targetServiceRevision ? [revision(d.targetServiceRevision, 'target')] : []),
    ...(d.sourceServiceRevisions ?? []).map((r) => revision(r, 'source')),
  ];
  const now = new Date(nowMs);
  const stageSince = prev && prev.stage === stage && prev.stageSince ? prev.stageSince : now;
  const trafficSince =
    prev && prev.trafficSince && trafficLine(prev.revisions) === trafficLine(revisions)
      ? prev.trafficSince
      : now;
  const snapshot: EngineSnapshot = {
    engine: 'native',
    deploymentId: d.serviceDeploymentArn ?? prev?.deploymentId ?? '',
    status,
    stage,
    phase: nativePhase(status, stage, hold),
    strategy: d.deploymentConfiguration?.strategy,
    revisions,
    hooks,
    hold,
    timers: [],
    evidence: {
      statusReason: d.statusReason,
      rollback: d.rollback
        ? {
            reason: d.rollback.reason,
            startedAt: d.rollback.startedAt,
            revision: d.rollback.serviceRevisionArn,
          }
        : undefined,
      circuitBreaker: monitor(d.deploymentCircuitBreaker),
      alarms: monitor(d.alarms),
      events: seen.events,
      stoppedTasks: seen.stoppedTasks,
    },
    startedAt: d.startedAt ?? d.createdAt,
    stageSince,
    trafficSince,
  };
  snapshot.timers = nativeTimers(d, snapshot);
  const ends = snapshot.timers.map((t) => t.endsAt.getTime());
  if (ends.length) snapshot.changeDueAt = Math.min(...ends);
  return snapshot;
}

/**
 * The waits ECS runs on a known clock at this point: the bake, a linear or canary step's bake,
 * the expiry of a pause. Counted from the first read that saw the stage or weights, so they end
 * at most one poll later than ECS's own clock says.
 */
export function nativeTimers(d: ServiceDeployment, s: EngineSnapshot): Timer[] {
  const timers: Timer[] = [];
  const config = d.deploymentConfiguration;
  const after = (since: Date | undefined, minutes: number | undefined) =>
    since && minutes !== undefined ? new Date(since.getTime() + minutes * MINUTE) : undefined;
  if (s.status === 'IN_PROGRESS' && s.stage === 'BAKE_TIME') {
    const endsAt = after(s.stageSince, config?.bakeTimeInMinutes);
    if (endsAt) timers.push({ what: 'bake', endsAt });
  }
  const onTarget = s.revisions.find((r) => r.role === 'target')?.productionPercent;
  const midShift =
    s.status === 'IN_PROGRESS' &&
    s.stage === 'PRODUCTION_TRAFFIC_SHIFT' &&
    onTarget !== undefined &&
    onTarget > 0 &&
    onTarget < 100;
  if (midShift && config?.strategy === 'LINEAR') {
    const minutes = config.linearConfiguration?.stepBakeTimeInMinutes ?? DEFAULT_STEP_BAKE_MIN;
    const endsAt = after(s.trafficSince, minutes);
    if (endsAt) timers.push({ what: 'step-bake', endsAt });
  }
  if (midShift && config?.strategy === 'CANARY') {
    const minutes = config.canaryConfiguration?.canaryBakeTimeInMinutes ?? DEFAULT_CANARY_BAKE_MIN;
    const endsAt = after(s.trafficSince, minutes);
    if (endsAt) timers.push({ what: 'canary-bake', endsAt });
  }
  if (s.hold?.expiresAt) timers.push({ what: 'hook-expiry', endsAt: s.hold.expiresAt });
  return timers;
}

function hookView(
  h: DeploymentLifecycleHookDetail,
  stage: string | undefined,
  prev: EngineSnapshot | undefined,
): HookView {
  const id = h.hookId ?? h.targetArn ?? '?';
  return {
    id,
    stage: prev?.hooks.find((p) => p.id === id)?.stage ?? stage,
    kind: h.targetType ?? 'AWS_LAMBDA',
    status: h.status ?? 'IN_PROGRESS',
    expiresAt: h.expiresAt,
    timeoutAction: h.timeoutAction,
  };
}

function revision(r: ServiceRevisionSummary, role: 'target' | 'source'): RevisionTraffic {
  return {
    id: r.arn ?? '?',
    role,
    productionPercent: r.requestedProductionTrafficWeight,
    testPercent: r.requestedTestTrafficWeight,
    running: r.runningTaskCount ?? 0,
    pending: r.pendingTaskCount ?? 0,
    requested: r.requestedTaskCount ?? 0,
  };
}

function monitor(
  m: ServiceDeploymentCircuitBreaker | ServiceDeploymentAlarms | undefined,
): MonitorView | undefined {
  if (!m?.status) return undefined;
  return {
    status: m.status,
    ...('failureCount' in m ? { failureCount: m.failureCount, threshold: m.threshold } : {}),
    ...('alarmNames' in m
      ? { alarmNames: m.alarmNames, triggeredAlarmNames: m.triggeredAlarmNames }
      : {}),
  };
}
