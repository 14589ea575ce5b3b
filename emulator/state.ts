/**
 * The emulated account's state, in memory. Every service reads and writes these records; times are
 * virtual epoch milliseconds (converted to epoch seconds on the wire). Kept as plain data so the
 * data plane (issue 6) and the control API can read it directly.
 */
import type { CodeDeployState } from './codedeploy/model.js';
import type { JitterModel } from './jitter.js';

export interface EcsState {
  clusters: Map<string, Cluster>;
  /** family -> revisions (index = revision - 1); revisions are never reused. */
  taskDefinitions: Map<string, TaskDefinition[]>;
}

export interface Cluster {
  name: string;
  arn: string;
  createdAt: number;
  services: Map<string, Service>;
  tasks: Task[];
}

export interface Service {
  serviceName: string;
  serviceArn: string;
  clusterName: string;
  clusterArn: string;
  status: 'ACTIVE' | 'DRAINING' | 'INACTIVE';
  desiredCount: number;
  taskDefinition: string;
  launchType?: string;
  capacityProviderStrategy?: unknown[];
  platformVersion?: string;
  platformFamily?: string;
  loadBalancers: { targetGroupArn?: string; containerName?: string; containerPort?: number }[];
  networkConfiguration?: unknown;
  deploymentController: { type: 'ECS' | 'CODE_DEPLOY' | 'EXTERNAL' };
  deploymentConfiguration: Record<string, unknown>;
  healthCheckGracePeriodSeconds?: number;
  schedulingStrategy: string;
  placementConstraints: unknown[];
  placementStrategy: unknown[];
  enableECSManagedTags: boolean;
  propagateTags?: string;
  enableExecuteCommand: boolean;
  tags: { key: string; value: string }[];
  roleArn?: string;
  createdAt: number;
  createdBy: string;
  taskSets: TaskSet[];
  /** Rolling deployments (ECS controller only). */
  deployments: EcsDeployment[];
  /** Newest first, at most 100. */
  events: ServiceEvent[];
  /** Whether the last scheduler pass found every task set steady (for the steady-state event). */
  steady?: boolean;
}

export interface EcsDeployment {
  id: string;
  status: 'PRIMARY' | 'ACTIVE' | 'INACTIVE';
  taskDefinition: string;
  desiredCount: number;
  createdAt: number;
  updatedAt: number;
  rolloutState: 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';
}

export interface ServiceEvent {
  id: string;
  createdAt: number;
  message: string;
}

export interface TaskSet {
  id: string;
  taskSetArn: string;
  serviceArn: string;
  clusterArn: string;
  startedBy?: string;
  externalId?: string;
  status: 'PRIMARY' | 'ACTIVE' | 'DRAINING';
  taskDefinition: string;
  scale: number;
  launchType?: string;
  capacityProviderStrategy?: unknown[];
  platformVersion?: string;
  networkConfiguration?: unknown;
  loadBalancers: { targetGroupArn?: string; containerName?: string; containerPort?: number }[];
  createdAt: number;
  updatedAt: number;
  stabilityStatus: 'STEADY_STATE' | 'STABILIZING';
  /** DRAINING: its tasks keep running (deregistering from the target group) until then. */
  drainUntil?: number;
  stabilityStatusAt: number;
  /** Rolling updates (ecs/rolling.ts): why this rollout FAILED (circuit breaker, alarm). */
  rolloutFailure?: string;
  /** The alarm that failed the rollout (ecs/rolling.ts), if an alarm did. */
  rolloutAlarm?: string;
  /** Rolling updates: the failed rollout this set was made PRIMARY again for. */
  rollbackOf?: string;
}

export interface Task {
  taskArn: string;
  clusterArn: string;
  taskDefinitionArn: string;
  serviceName: string;
  taskSetId: string;
  startedBy: string;
  group: string;
  lastStatus: 'PROVISIONING' | 'PENDING' | 'RUNNING' | 'STOPPED';
  desiredStatus: 'RUNNING' | 'STOPPED';
  healthStatus: 'HEALTHY' | 'UNHEALTHY' | 'UNKNOWN';
  createdAt: number;
  startedAt?: number;
  stoppingAt?: number;
  stoppedAt?: number;
  stopCode?: string;
  stoppedReason?: string;
  privateIp: string;
  launchType?: string;
  /** One-off tasks (RunTask): what was asked, and each container's outcome. */
  overrides?: TaskOverrides;
  containers?: TaskContainerState[];
  networkConfiguration?: unknown;
  tags?: { key: string; value: string }[];
}

/** RunTask's `overrides` as the emulator keeps them (container overrides by name). */
export interface TaskOverrides {
  containerOverrides: {
    name: string;
    command?: string[];
    environment?: { name: string; value: string }[];
  }[];
  taskRoleArn?: string;
  executionRoleArn?: string;
}

/** One container of a one-off task: DescribeTasks' `containers[]`. */
export interface TaskContainerState {
  name: string;
  image: string;
  lastStatus: 'PENDING' | 'RUNNING' | 'STOPPED';
  exitCode?: number;
  reason?: string;
}

export interface TaskDefinition {
  /** The registered document: input echoed with defaults and output-only fields. */
  body: Record<string, any>;
  family: string;
  revision: number;
  arn: string;
  status: 'ACTIVE' | 'INACTIVE' | 'DELETE_IN_PROGRESS';
  registeredAt: number;
  deregisteredAt?: number;
  tags: { key: string; value: string }[];
}

export interface ElbState {
  loadBalancers: Map<string, LoadBalancer>;
  targetGroups: Map<string, TargetGroup>;
  listeners: Map<string, Listener>;
  /** Listener rules by ARN, the default rule of every listener included (it holds the default actions). */
  rules: Map<string, ListenerRule>;
  /** Tags of load balancers, target groups, listeners and rules, by ARN. */
  tags: Map<string, { key: string; value: string }[]>;
}

export interface LoadBalancer {
  arn: string;
  name: string;
  dnsName: string;
  type: 'application' | 'network';
  scheme: string;
  vpcId: string;
  createdAt: number;
}

export interface TargetGroup {
  arn: string;
  name: string;
  port: number;
  protocol: string;
  vpcId: string;
  targetType: string;
  healthCheckPath: string;
  loadBalancerArns: string[];
  /** Health check settings given to CreateTargetGroup (defaults as AWS when absent). */
  healthCheck?: TargetGroupHealthCheck;
  /** Targets added by RegisterTargets (ECS-registered tasks are derived from the task sets). */
  registered?: RegisteredTarget[];
}

export interface TargetGroupHealthCheck {
  enabled: boolean;
  protocol: string;
  port: string;
  intervalSeconds: number;
  timeoutSeconds: number;
  healthyThresholdCount: number;
  unhealthyThresholdCount: number;
  matcher: string;
}

export interface RegisteredTarget {
  id: string;
  port: number;
  availabilityZone?: string;
}

export interface Listener {
  arn: string;
  loadBalancerArn: string;
  port: number;
  protocol: string;
}

/** A rule condition; `values` are the patterns (`*` and `?` wildcards), ORed. */
export interface RuleCondition {
  field: 'path-pattern' | 'http-header' | 'host-header';
  /** http-header only: the header name (matched case-insensitively). */
  headerName?: string;
  values: string[];
}

export interface ForwardRuleAction {
  type: 'forward';
  order: number;
  /** Weights by target group ARN: what CodeDeploy and ECS rewrite and what the data plane splits by. */
  targetGroups: { targetGroupArn: string; weight: number }[];
  stickiness?: { enabled: boolean; durationSeconds?: number };
}

export interface FixedResponseRuleAction {
  type: 'fixed-response';
  order: number;
  statusCode: string;
  contentType?: string;
  messageBody?: string;
}

export type RuleAction = ForwardRuleAction | FixedResponseRuleAction;

export interface ListenerRule {
  arn: string;
  listenerArn: string;
  /** 1-50000, or 'default' for the listener's default rule (its default actions). */
  priority: number | 'default';
  conditions: RuleCondition[];
  actions: RuleAction[];
}

export interface EmulatorState {
  account: string;
  region: string;
  ecs: EcsState;
  elb: ElbState;
  codedeploy: CodeDeployState;
  /** Task definition ARNs whose tasks never pass health checks (control API). */
  unhealthyTaskDefinitions: Set<string>;
  /** Jitter around health checks, timers and deregistration (`jitter.ts`); none when absent. */
  jitter?: JitterModel;
  /** CloudWatch Logs: log groups by name (what the awslogs driver writes). */
  logs: Map<string, LogGroup>;
}

export interface LogGroup {
  name: string;
  createdAt: number;
  streams: Map<string, LogStream>;
}

export interface LogStream {
  name: string;
  createdAt: number;
  /** Oldest first; at most LOG_STREAM_EVENTS (the oldest are dropped). */
  events: LogEvent[];
  /** How many events were ever written (the index of events[0] is `written - events.length`). */
  written: number;
}

export interface LogEvent {
  timestamp: number;
  ingestionTime: number;
  message: string;
}

export function emptyState(account: string, region: string): EmulatorState {
  return {
    account,
    region,
    ecs: { clusters: new Map(), taskDefinitions: new Map() },
    elb: {
      loadBalancers: new Map(),
      targetGroups: new Map(),
      listeners: new Map(),
      rules: new Map(),
      tags: new Map(),
    },
    codedeploy: {
      applications: new Map(),
      configs: new Map(),
      groups: new Map(),
      deployments: new Map(),
      revisions: new Map(),
      hooks: new Map(),
      alarms: new Map(),
    },
    unhealthyTaskDefinitions: new Set(),
    logs: new Map(),
  };
}
