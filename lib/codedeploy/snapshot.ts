import type { DeploymentInfo, DeploymentTarget } from '@aws-sdk/client-codedeploy';

/** Non-terminal statuses: any of them holds the group's one active-deployment slot (spec A.6). */
export const ACTIVE_STATUSES = ['Created', 'Queued', 'InProgress', 'Baking', 'Ready'] as const;
export const TERMINAL_STATUSES = ['Succeeded', 'Failed', 'Stopped'] as const;

export interface LifecycleEventView {
  name: string;
  status: string;
}

/** One task set as CodeDeploy reports it (ecsTarget.taskSetsInfo, whose id field is spelled `identifer`). */
export interface TaskSetView {
  id: string;
  label: string;
  status: string;
  trafficWeight: number;
  desiredCount: number;
  runningCount: number;
}

/** What one poll saw: the parts of GetDeployment and GetDeploymentTarget the decisions need. */
export interface DeploymentSnapshot {
  deploymentId: string;
  status: string;
  /** Set once the ECS target exists (GetDeploymentTarget answers DeploymentNotStarted before). */
  targetStatus?: string;
  lifecycleEvents: LifecycleEventView[];
  taskSets: TaskSetView[];
  errorCode?: string;
  errorMessage?: string;
  rollbackDeploymentId?: string;
  rollbackTriggeringDeploymentId?: string;
  rollbackMessage?: string;
  creator?: string;
  startedAt?: Date;
  deploymentConfigName?: string;
}

export function isTerminal(status: string): boolean {
  return (TERMINAL_STATUSES as readonly string[]).includes(status);
}

export function isActive(status: string): boolean {
  return (ACTIVE_STATUSES as readonly string[]).includes(status);
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

export function snapshotOf(info: DeploymentInfo, target?: DeploymentTarget): DeploymentSnapshot {
  const ecs = target?.ecsTarget;
  return {
    deploymentId: info.deploymentId ?? '',
    status: info.status ?? 'Unknown',
    targetStatus: ecs?.status,
    lifecycleEvents: (ecs?.lifecycleEvents ?? []).map((e) => ({
      name: e.lifecycleEventName ?? '?',
      status: e.status ?? 'Pending',
    })),
    taskSets: (ecs?.taskSetsInfo ?? []).map((t) => ({
      id: t.identifer ?? '?',
      label: t.taskSetLabel ?? '?',
      status: t.status ?? '?',
      trafficWeight: t.trafficWeight ?? 0,
      desiredCount: t.desiredCount ?? 0,
      runningCount: t.runningCount ?? 0,
    })),
    errorCode: info.errorInformation?.code,
    errorMessage: info.errorInformation?.message,
    rollbackDeploymentId: info.rollbackInfo?.rollbackDeploymentId,
    rollbackTriggeringDeploymentId: info.rollbackInfo?.rollbackTriggeringDeploymentId,
    rollbackMessage: info.rollbackInfo?.rollbackMessage,
    creator: info.creator,
    startedAt: info.startTime ?? info.createTime,
    deploymentConfigName: info.deploymentConfigName,
  };
}

/** Production traffic has fully moved to green: AllowTraffic is done (target then sits in the termination wait). */
export function trafficShifted(s: DeploymentSnapshot): boolean {
  if (s.status === 'Succeeded') return true;
  if (s.targetStatus === 'Succeeded') return true;
  return s.lifecycleEvents.some((e) => e.name === 'AllowTraffic' && e.status === 'Succeeded');
}

/** The replacement is up and test traffic reaches it: Ready, or already beyond (groups without a Ready wait). */
export function readyReached(s: DeploymentSnapshot): boolean {
  if (s.status === 'Ready' || trafficShifted(s)) return true;
  return s.lifecycleEvents.some(
    (e) => e.name === 'BeforeAllowTraffic' && e.status !== 'Pending' && e.status !== 'Unknown',
  );
}

/** "CODE: message" for a failed or stopped deployment, or undefined. */
export function failureText(s: DeploymentSnapshot): string | undefined {
  if (!s.errorCode && !s.errorMessage) return undefined;
  return [s.errorCode, s.errorMessage].filter(Boolean).join(': ');
}
