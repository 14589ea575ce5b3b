/** CodeDeploy deployment records as the engine advances them (times are virtual epoch ms). */
import type {
  Application,
  ApplicationRevision,
  DeploymentConfig,
  DeploymentGroup,
  RevisionLocation,
  TrafficRoutingConfig,
} from './resources.js';

export type DeploymentStatus =
  'Created' | 'Queued' | 'InProgress' | 'Baking' | 'Succeeded' | 'Failed' | 'Stopped' | 'Ready';

export type TargetStatus = 'Pending' | 'InProgress' | 'Succeeded' | 'Failed' | 'Skipped' | 'Ready';

export const TERMINAL: readonly DeploymentStatus[] = ['Succeeded', 'Failed', 'Stopped'];

export type LifecycleEventName =
  | 'BeforeInstall'
  | 'Install'
  | 'AfterInstall'
  | 'AllowTestTraffic'
  | 'AfterAllowTestTraffic'
  | 'BeforeAllowTraffic'
  | 'AllowTraffic'
  | 'AfterAllowTraffic';

export const HOOKABLE_EVENTS: readonly LifecycleEventName[] = [
  'BeforeInstall',
  'AfterInstall',
  'AfterAllowTestTraffic',
  'BeforeAllowTraffic',
  'AfterAllowTraffic',
];

export interface LifecycleEvent {
  lifecycleEventName: LifecycleEventName;
  status: 'Pending' | 'InProgress' | 'Succeeded' | 'Failed' | 'Skipped' | 'Unknown';
  startTime?: number;
  endTime?: number;
  diagnostics?: { errorCode: string; scriptName: string; message: string; logTail: string };
}

/** Where the engine is inside the deployment; AWS status is derived and stored alongside. */
export type Phase =
  | { name: 'created' }
  | { name: 'event'; index: number; since: number; hookExecutionId?: string; applied?: number }
  | { name: 'ready-wait'; since: number }
  | { name: 'termination-wait'; since: number; lagMs?: number }
  | { name: 'done' };

export interface DeploymentRecord {
  deploymentId: string;
  applicationName: string;
  deploymentGroupName: string;
  deploymentConfigName: string;
  trafficRouting: TrafficRoutingConfig;
  creator: 'user' | 'codeDeployRollback';
  status: DeploymentStatus;
  targetStatus: TargetStatus;
  revision: RevisionLocation;
  /** The AppSpec text (kept so the engine can parse it when the deployment starts). */
  content: string;
  previousRevision?: RevisionLocation;
  description?: string;
  createTime: number;
  startTime?: number;
  completeTime?: number;
  lastUpdatedAt: number;
  errorInformation?: { code: string; message: string };
  rollbackInfo?: {
    rollbackDeploymentId?: string;
    rollbackTriggeringDeploymentId?: string;
    rollbackMessage?: string;
  };
  autoRollbackConfiguration: { enabled: boolean; events: string[] };
  overrideAlarmConfiguration?: {
    enabled?: boolean;
    ignorePollAlarmFailure?: boolean;
    alarms?: { name: string }[];
  };
  readyOption: {
    actionOnTimeout: 'CONTINUE_DEPLOYMENT' | 'STOP_DEPLOYMENT';
    waitTimeInMinutes: number;
  };
  terminationWaitTimeInMinutes: number;
  /** Copied from the group at creation (returned by GetDeployment). */
  groupSnapshot: { blueGreenDeploymentConfiguration: unknown; loadBalancerInfo: unknown };
  target: { clusterName: string; serviceName: string; targetArn: string };
  hasTestRoute: boolean;
  lifecycleEvents: LifecycleEvent[];
  phase: Phase;
  plan?: DeploymentPlan;
  blueTaskSetId?: string;
  greenTaskSetId?: string;
  /** Production traffic on green, 0–100. */
  greenWeight: number;
  /** Asked for through StopDeployment; applied on the next advance. */
  stopRequest?: { at: number; rollback: boolean | undefined };
  continueReady?: boolean;
  continueTermination?: boolean;
  /** For rollback deployments: the deployment whose changes are undone. */
  rollbackOf?: string;
}

/** What an AppSpec asks for, read by `appspec.ts` when the deployment starts. */
export interface DeploymentPlan {
  taskDefinition: string;
  containerName: string;
  containerPort: number;
  platformVersion?: string;
  networkConfiguration?: unknown;
  capacityProviderStrategy?: unknown[];
  hooks: Partial<Record<LifecycleEventName, string>>;
}

export interface CodeDeployState {
  applications: Map<string, Application>;
  configs: Map<string, DeploymentConfig>;
  /** key `<app>/<group>` */
  groups: Map<string, DeploymentGroup>;
  deployments: Map<string, DeploymentRecord>;
  /** key `<app>/<sha256>` */
  revisions: Map<string, ApplicationRevision>;
  hooks: Map<string, HookExecution>;
  /** alarm name -> state; alarms not listed are OK. */
  alarms: Map<string, 'OK' | 'ALARM' | 'INSUFFICIENT_DATA'>;
}

export interface HookExecution {
  lifecycleEventHookExecutionId: string;
  deploymentId: string;
  lifecycleEventName: LifecycleEventName;
  functionName: string;
  status: 'Pending' | 'Succeeded' | 'Failed';
  startedAt: number;
  /** Set by the control API: the engine treats the hook as timed out on its next advance. */
  timedOut?: boolean;
}
