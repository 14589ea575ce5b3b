import type { DeploymentInfo, DeploymentTarget, LifecycleEvent } from '@aws-sdk/client-codedeploy';
import {
  emptyEvidence,
  type EngineSnapshot,
  type HookView,
  type Phase,
  type RevisionTraffic,
} from '../deploy/snapshot.js';

/** Non-terminal statuses: any of them holds the group's one active-deployment slot (spec A.6). */
export const ACTIVE_STATUSES = ['Created', 'Queued', 'InProgress', 'Baking', 'Ready'] as const;
export const TERMINAL_STATUSES = ['Succeeded', 'Failed', 'Stopped'] as const;

/** The hold of a CodeDeploy deployment: the Ready wait, continued with ContinueDeployment(READY_WAIT). */
export const READY_WAIT = 'READY_WAIT';

export function isTerminal(status: string): boolean {
  return (TERMINAL_STATUSES as readonly string[]).includes(status);
}

/**
 * Whether a poll should read the ECS target too. Before the deployment starts there is none
 * (spec A.9); during the blue termination wait the target is already Succeeded and nothing on it
 * changes until the deployment ends, so GetDeployment alone is enough (half the calls over what
 * can be a wait of hours).
 */
export function targetReadNeeded(status: string, lastTargetStatus: string | undefined): boolean {
  if (status === 'Created' || status === 'Queued') return false;
  return !(status === 'InProgress' && lastTargetStatus === 'Succeeded');
}

/**
 * A CodeDeploy deployment (GetDeployment, and GetDeploymentTarget once there is a target) in the
 * common snapshot: task sets as revisions (Green the target), lifecycle events as hooks, the Ready
 * wait as the hold (with its expiry when the group's Ready wait times out). Pure.
 *
 * No `timers` here: the termination wait and the traffic steps are counted on the action's clock
 * by the adapter (codeDeployTimers). The Ready wait's expiry is the hold's, from CodeDeploy's
 * lifecycle event end times, for display.
 */
export function codeDeploySnapshot(
  info: DeploymentInfo,
  target?: DeploymentTarget,
): EngineSnapshot {
  const ecs = target?.ecsTarget;
  const status = info.status ?? 'Unknown';
  const events = ecs?.lifecycleEvents ?? [];
  const hooks: HookView[] = events.map((e) => ({
    id: e.lifecycleEventName ?? '?',
    kind: 'lifecycle event',
    status: e.status ?? 'Pending',
  }));
  const readyEnds = readyWaitEnd(info, status, events);
  const hold: HookView | undefined =
    status === 'Ready'
      ? { id: READY_WAIT, stage: 'Ready', kind: 'Ready wait', status, expiresAt: readyEnds }
      : undefined;
  const errorText = [info.errorInformation?.code, info.errorInformation?.message]
    .filter(Boolean)
    .join(': ');
  const rollback = info.rollbackInfo;
  return {
    engine: 'codedeploy',
    deploymentId: info.deploymentId ?? '',
    status,
    phase: phaseOf(status, ecs?.status, hooks),
    strategy: info.deploymentConfigName,
    revisions: (ecs?.taskSetsInfo ?? []).map((t): RevisionTraffic => ({
      id: t.identifer ?? '?',
      role: t.taskSetLabel === 'Green' ? 'target' : 'source',
      label: t.taskSetLabel ?? '?',
      status: t.status ?? '?',
      productionPercent: t.trafficWeight ?? 0,
      running: t.runningCount ?? 0,
      pending: t.pendingCount ?? 0,
      requested: t.desiredCount ?? 0,
    })),
    hooks,
    hold,
    timers: [],
    clockHidden: true,
    evidence: {
      ...emptyEvidence(),
      statusReason: errorText || undefined,
      // A rollback deployment's own rollbackInfo names what it rolls back: not a rollback of it.
      rollback:
        rollback && !rollback.rollbackTriggeringDeploymentId
          ? { deploymentId: rollback.rollbackDeploymentId, message: rollback.rollbackMessage }
          : undefined,
    },
    startedAt: info.startTime ?? info.createTime,
  };
}

/**
 * Where a CodeDeploy deployment is in the common phases. Production traffic has fully moved once
 * AllowTraffic succeeded; a Succeeded target sits in the termination wait (cleaning-up); the
 * replacement serves test traffic once BeforeAllowTraffic started, or in Ready.
 */
export function phaseOf(
  status: string,
  targetStatus: string | undefined,
  hooks: HookView[],
): Phase {
  const event = (name: string) => hooks.find((h) => h.id === name)?.status;
  switch (status) {
    case 'Succeeded':
      return 'succeeded';
    case 'Failed':
    case 'Stopped':
      return 'failed';
    case 'Created':
    case 'Queued':
      return 'created';
    case 'Ready':
      return 'held';
    case 'Baking':
      return 'baking';
  }
  if (targetStatus === 'Succeeded') return 'cleaning-up';
  if (event('AllowTraffic') === 'Succeeded') return 'baking';
  const before = event('BeforeAllowTraffic');
  if (before && before !== 'Pending' && before !== 'Unknown') return 'shifting';
  const test = event('AllowTestTraffic');
  if (test && test !== 'Pending' && test !== 'Unknown') return 'test-traffic';
  return 'scaling';
}

/**
 * The Ready wait's end (actionOnTimeout STOP_DEPLOYMENT) and the termination wait's end, counted
 * from the end of the last lifecycle event before each, when the deployment's blue/green
 * configuration gives their length.
 */
function readyWaitEnd(
  info: DeploymentInfo,
  status: string,
  events: LifecycleEvent[],
): Date | undefined {
  const ready = info.blueGreenDeploymentConfiguration?.deploymentReadyOption;
  const lastEnd = Math.max(0, ...events.map((e) => e.endTime?.getTime() ?? 0));
  if (!lastEnd || status !== 'Ready' || ready?.actionOnTimeout !== 'STOP_DEPLOYMENT')
    return undefined;
  if (ready.waitTimeInMinutes === undefined) return undefined;
  return new Date(lastEnd + ready.waitTimeInMinutes * 60_000);
}
