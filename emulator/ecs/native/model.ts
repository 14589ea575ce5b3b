/**
 * ECS-native service deployments (BLUE_GREEN, LINEAR, CANARY) and service revisions: the records
 * the driver moves along the virtual clock and the read APIs show (ecs-native-deployments-spec §2, §5).
 * Plain data, keyed per emulated account in `store.ts`.
 */
export type NativeStrategy = 'BLUE_GREEN' | 'LINEAR' | 'CANARY';
/** ROLLING records are kept by ecs/rolling-deployments.ts; the native driver leaves them alone. */
export type DeploymentStrategy = NativeStrategy | 'ROLLING';

export type DeploymentStatus =
  | 'PENDING'
  | 'IN_PROGRESS'
  | 'SUCCESSFUL'
  | 'STOP_REQUESTED'
  | 'STOPPED'
  | 'ROLLBACK_REQUESTED'
  | 'ROLLBACK_IN_PROGRESS'
  | 'ROLLBACK_SUCCESSFUL'
  | 'ROLLBACK_FAILED';

export const TERMINAL_STATUSES: DeploymentStatus[] = [
  'SUCCESSFUL',
  'STOPPED',
  'ROLLBACK_SUCCESSFUL',
  'ROLLBACK_FAILED',
];

export type LifecycleStage =
  | 'RECONCILE_SERVICE'
  | 'PRE_SCALE_UP'
  | 'SCALE_UP'
  | 'POST_SCALE_UP'
  | 'TEST_TRAFFIC_SHIFT'
  | 'POST_TEST_TRAFFIC_SHIFT'
  | 'PRODUCTION_TRAFFIC_SHIFT'
  | 'POST_PRODUCTION_TRAFFIC_SHIFT'
  | 'BAKE_TIME'
  | 'CLEAN_UP';

/** Hook stages: the lifecycle stages plus PRE_PRODUCTION_TRAFFIC_SHIFT (spec §0.3). */
export type HookStage = LifecycleStage | 'PRE_PRODUCTION_TRAFFIC_SHIFT';

export interface LifecycleHookConfig {
  targetType?: 'AWS_LAMBDA' | 'PAUSE';
  hookTargetArn?: string;
  roleArn?: string;
  lifecycleStages?: HookStage[];
  hookDetails?: unknown;
  timeoutConfiguration?: { timeoutInMinutes?: number; action?: 'ROLLBACK' | 'CONTINUE' };
}

/** One phase of a deployment plan: what happens on entry, which hooks run, what it waits for. */
export interface Phase {
  /** The hook stage this phase runs hooks for. */
  stage: HookStage;
  /** What `lifecycleStage` reports meanwhile (PRE_PRODUCTION_TRAFFIC_SHIFT is not reportable). */
  reported: LifecycleStage;
  /** Production weight (percent) on green once this phase is entered. */
  productionPercent?: number;
  /** Virtual time to wait after the hooks (bake times). */
  waitMs?: number;
}

export interface HookRun {
  hookId: string;
  targetType: 'AWS_LAMBDA' | 'PAUSE';
  targetArn?: string;
  stage: HookStage;
  status: 'IN_PROGRESS' | 'AWAITING_ACTION' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT';
  startedAt: number;
  expiresAt: number;
  timeoutAction: 'ROLLBACK' | 'CONTINUE';
  /** PAUSE: the action ContinueServiceDeployment asked for. */
  answer?: 'CONTINUE' | 'ROLLBACK';
  /** AWS_LAMBDA: an invocation is on the wire. */
  inFlight?: boolean;
  /** AWS_LAMBDA: when to invoke again after IN_PROGRESS. */
  nextInvokeAt?: number;
  /** AWS_LAMBDA: hookDetails returned with IN_PROGRESS, merged into the next invocation. */
  carriedDetails?: Record<string, unknown>;
  /** AWS_LAMBDA: why the last invocation failed (for statusReason). */
  failure?: string;
  /** Index of the hook in the deployment's lifecycleHooks, and of the plan phase it runs in. */
  hookIndex: number;
  phaseIndex: number;
  finishedAt?: number;
}

export interface NativeDeployment {
  arn: string;
  /** The `ecs-svc/<19 digits>` id of the target revision's deployment (= revision number). */
  ecsSvcId: string;
  clusterName: string;
  serviceName: string;
  serviceArn: string;
  clusterArn: string;
  status: DeploymentStatus;
  statusReason?: string;
  lifecycleStage?: LifecycleStage;
  createdAt: number;
  startedAt?: number;
  updatedAt: number;
  finishedAt?: number;
  stoppedAt?: number;
  strategy: DeploymentStrategy;
  /** The deployment configuration snapshot the deployment runs with. */
  configuration: Record<string, any>;
  targetRevisionArn: string;
  sourceRevisionArns: string[];
  /** Internal task sets: blue (source, may be absent on the first deployment) and green. */
  blueTaskSetId?: string;
  greenTaskSetId: string;
  blueTargetGroupArn?: string;
  greenTargetGroupArn?: string;
  productionRule?: string;
  testRule?: string;
  /** Production weight on green now (percent) and whether test traffic goes to green. */
  productionPercent: number;
  testOnGreen: boolean;
  plan: Phase[];
  phaseIndex: number;
  phaseSince: number;
  /** Jitter: how long past its modelled end the current phase lasts (timer lag, deregistration). */
  settleMs?: number;
  /** Entry effects of the current phase applied. */
  phaseEntered: boolean;
  /** Hooks for the current phase started. */
  hooksStarted: boolean;
  hooks: HookRun[];
  stopRequest?: { type: 'ROLLBACK' | 'ABORT'; reason: string };
  /** When the deployment became STOP_REQUESTED. */
  stopRequestedAt?: number;
  rollback?: { reason: string; startedAt: number; serviceRevisionArn?: string };
  circuitBreaker: { failureCount: number; threshold: number; enabled: boolean; tripped: boolean };
  alarmsTriggered: string[];
}

export interface ServiceRevision {
  arn: string;
  serviceArn: string;
  clusterArn: string;
  taskDefinition: string;
  createdAt: number;
  launchType?: string;
  platformVersion?: string;
  networkConfiguration?: unknown;
  loadBalancers: Record<string, unknown>[];
  /** The target group this revision's tasks register in, and the production rule. */
  resolved: { targetGroupArn?: string; productionListenerRule?: string };
  taskSetId: string;
}

export function isTerminal(d: NativeDeployment): boolean {
  return TERMINAL_STATUSES.includes(d.status);
}

export function isRollingBack(d: NativeDeployment): boolean {
  return d.status === 'ROLLBACK_REQUESTED' || d.status === 'ROLLBACK_IN_PROGRESS';
}
