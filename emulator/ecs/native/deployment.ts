/**
 * Starting ECS-native service deployments: a service revision per deployment, its tasks as an
 * internal task set bound to the green target group (so scheduling, health checks and the data
 * plane work as for every other task set), superseding a running deployment (spec §4.4, [infer]),
 * and the CODE_DEPLOY/EXTERNAL -> ECS controller move (spec §1.5, [infer]).
 */
import { addServiceEvent, addTaskSet, drainTaskSet, liveTasks } from '../runtime.js';
import type { EmulatorState, Service, TaskSet } from '../../state.js';
import {
  isTerminal,
  type NativeDeployment,
  type NativeStrategy,
  type ServiceRevision,
} from './model.js';
import { buildPlan, REASONS } from './stages.js';
import {
  currentDeployment,
  nativeStore,
  revisionOfTaskSet,
  serviceDeploymentArn,
  serviceRevisionArn,
} from './store.js';
import { shiftProduction, shiftTest } from './traffic.js';

interface LbEntry {
  targetGroupArn?: string;
  containerName?: string;
  containerPort?: number;
  advancedConfiguration?: {
    alternateTargetGroupArn?: string;
    productionListenerRule?: string;
    testListenerRule?: string;
    roleArn?: string;
  };
}

export function lbEntry(service: Service): LbEntry | undefined {
  return service.loadBalancers[0] as LbEntry | undefined;
}

function primaryOf(service: Service): TaskSet | undefined {
  return service.taskSets.find((t) => t.status === 'PRIMARY');
}

export function ensureRevision(
  state: EmulatorState,
  service: Service,
  ts: TaskSet,
  now: number,
): ServiceRevision {
  const existing = revisionOfTaskSet(state, ts.id);
  if (existing) return existing;
  const lb = lbEntry(service);
  const tg = ts.loadBalancers[0]?.targetGroupArn;
  const revision: ServiceRevision = {
    arn: serviceRevisionArn(state, service.clusterName, service.serviceName, ts.id),
    serviceArn: service.serviceArn,
    clusterArn: service.clusterArn,
    taskDefinition: ts.taskDefinition,
    createdAt: now,
    ...(ts.launchType ? { launchType: ts.launchType } : {}),
    ...(ts.platformVersion ? { platformVersion: ts.platformVersion } : {}),
    networkConfiguration: ts.networkConfiguration,
    loadBalancers: service.loadBalancers.map((l) => ({ ...l })),
    resolved: {
      ...(tg ? { targetGroupArn: tg } : {}),
      ...(lb?.advancedConfiguration?.productionListenerRule
        ? { productionListenerRule: lb.advancedConfiguration.productionListenerRule }
        : {}),
    },
    taskSetId: ts.id,
  };
  nativeStore(state).revisions.set(revision.arn, revision);
  return revision;
}

export function circuitBreakerThreshold(config: Record<string, any>, desiredCount: number): number {
  const t = config.deploymentCircuitBreaker?.thresholdConfiguration;
  if (t?.type === 'COUNT') return t.value;
  const percent = t?.value ?? 50;
  const raw = Math.ceil((desiredCount * percent) / 100);
  return t?.type === 'UNBOUNDED_PERCENT' ? Math.max(1, raw) : Math.min(200, Math.max(3, raw));
}

function newDeployment(
  state: EmulatorState,
  service: Service,
  green: TaskSet,
  blue: TaskSet | undefined,
  now: number,
  reconcile: boolean,
): NativeDeployment {
  const config = structuredClone(service.deploymentConfiguration) as Record<string, any>;
  const strategy = config.strategy as NativeStrategy;
  const adv = lbEntry(service)?.advancedConfiguration;
  const target = ensureRevision(state, service, green, now);
  const source = blue ? ensureRevision(state, service, blue, now) : undefined;
  const d: NativeDeployment = {
    arn: serviceDeploymentArn(state, service.clusterName, service.serviceName),
    ecsSvcId: green.id,
    clusterName: service.clusterName,
    serviceName: service.serviceName,
    serviceArn: service.serviceArn,
    clusterArn: service.clusterArn,
    status: 'PENDING',
    createdAt: now,
    updatedAt: now,
    strategy,
    configuration: config,
    targetRevisionArn: target.arn,
    sourceRevisionArns: source ? [source.arn] : [],
    ...(blue ? { blueTaskSetId: blue.id } : {}),
    greenTaskSetId: green.id,
    ...(blue?.loadBalancers[0]?.targetGroupArn
      ? { blueTargetGroupArn: blue.loadBalancers[0].targetGroupArn }
      : {}),
    ...(green.loadBalancers[0]?.targetGroupArn
      ? { greenTargetGroupArn: green.loadBalancers[0].targetGroupArn }
      : {}),
    ...(blue && adv?.productionListenerRule ? { productionRule: adv.productionListenerRule } : {}),
    ...(blue && adv?.testListenerRule ? { testRule: adv.testListenerRule } : {}),
    productionPercent: blue ? 0 : 100,
    testOnGreen: !blue,
    plan: buildPlan(strategy, config, { hasSource: !!blue, reconcile }),
    ...freshProgress(config, service.desiredCount, now),
  };
  nativeStore(state).deployments.set(d.arn, d);
  return d;
}

/** Where a new deployment (native or rolling) starts: first phase, no hooks run, breaker armed. */
export function freshProgress(
  config: Record<string, any>,
  desiredCount: number,
  now: number,
): Pick<
  NativeDeployment,
  | 'phaseIndex'
  | 'phaseSince'
  | 'phaseEntered'
  | 'hooksStarted'
  | 'hooks'
  | 'circuitBreaker'
  | 'alarmsTriggered'
> {
  return {
    phaseIndex: 0,
    phaseSince: now,
    phaseEntered: false,
    hooksStarted: false,
    hooks: [],
    circuitBreaker: {
      enabled: config.deploymentCircuitBreaker?.enable === true,
      failureCount: 0,
      threshold: circuitBreakerThreshold(config, desiredCount),
      tripped: false,
    },
    alarmsTriggered: [],
  };
}

/** CreateService with a native strategy: its first deployment has no source revision. */
export function startFirstDeployment(
  state: EmulatorState,
  service: Service,
  now: number,
): NativeDeployment | undefined {
  const green = primaryOf(service);
  return green ? newDeployment(state, service, green, undefined, now, false) : undefined;
}

/** Marks unfinished hook runs failed when the deployment leaves them behind. */
export function closeHooks(d: NativeDeployment, now: number): void {
  for (const h of d.hooks) {
    if (h.status === 'AWAITING_ACTION' || h.status === 'IN_PROGRESS') {
      h.status = 'FAILED';
      h.finishedAt = now;
    }
  }
}

/** Service.loadBalancers after a successful deployment: the TG pair swapped (spec §2.6, [infer]). */
export function swapTargetGroups(service: Service, d: NativeDeployment): void {
  const lb = lbEntry(service);
  const adv = lb?.advancedConfiguration;
  if (!lb || !adv || !d.greenTargetGroupArn || lb.targetGroupArn === d.greenTargetGroupArn) return;
  service.loadBalancers = [
    {
      ...lb,
      targetGroupArn: d.greenTargetGroupArn,
      advancedConfiguration: { ...adv, alternateTargetGroupArn: lb.targetGroupArn },
    } as Service['loadBalancers'][number],
    ...service.loadBalancers.slice(1),
  ];
}

/**
 * A new deployment while `old` runs [infer, spec §4.4]: `old` becomes STOP_REQUESTED then STOPPED.
 * If it had moved all production traffic, its green stays (blue drains); else traffic returns to
 * its blue and its green drains. The new deployment starts from what remains, with RECONCILE_SERVICE.
 */
function supersede(
  state: EmulatorState,
  service: Service,
  old: NativeDeployment,
  now: number,
): void {
  const blue = service.taskSets.find((t) => t.id === old.blueTaskSetId);
  const green = service.taskSets.find((t) => t.id === old.greenTaskSetId);
  if (old.productionPercent >= 100 || !blue) {
    swapTargetGroups(service, old);
    if (blue) drainTaskSet(service, blue, now);
  } else {
    shiftProduction(state, old, 0);
    shiftTest(state, old, false);
    if (green) drainTaskSet(service, green, now);
    blue.status = 'PRIMARY';
    blue.scale = 100;
    blue.updatedAt = now;
  }
  closeHooks(old, now);
  old.status = 'STOP_REQUESTED';
  old.stopRequestedAt = now;
  old.statusReason = REASONS.superseded;
  old.updatedAt = now;
}

/** A newer deployment replaces a running one (spec §4.4); ecs/rolling-deployments.ts ends it. */
export function stopSuperseded(old: NativeDeployment, now: number): void {
  if (old.status !== 'PENDING' && old.status !== 'IN_PROGRESS') return;
  old.status = 'STOP_REQUESTED';
  old.stopRequestedAt = now;
  old.statusReason = REASONS.superseded;
  old.updatedAt = now;
}

/** UpdateService that changes what runs: a new native deployment from the PRIMARY revision. */
export function startNativeDeployment(
  state: EmulatorState,
  service: Service,
  taskDefinition: string,
  now: number,
): NativeDeployment {
  const old = currentDeployment(state, service.serviceArn);
  let reconcile = false;
  if (old && !isTerminal(old)) {
    if (old.strategy === 'ROLLING') stopSuperseded(old, now);
    else if (old.status === 'PENDING' || old.status === 'IN_PROGRESS')
      supersede(state, service, old, now);
    reconcile = true;
  }
  const blue = primaryOf(service);
  const cluster = state.ecs.clusters.get(service.clusterName)!;
  if (service.taskSets.some((t) => t !== blue && liveTasks(cluster, t).length > 0))
    reconcile = true;
  const lb = lbEntry(service);
  const blueTg = blue?.loadBalancers[0]?.targetGroupArn ?? lb?.targetGroupArn;
  const pair = [lb?.targetGroupArn, lb?.advancedConfiguration?.alternateTargetGroupArn];
  const greenTg = lb?.advancedConfiguration
    ? pair.find((tg) => tg && tg !== blueTg)
    : lb?.targetGroupArn;
  const green = addTaskSet(
    state,
    service,
    {
      taskDefinition,
      scale: 0,
      status: 'PRIMARY',
      ...(service.launchType ? { launchType: service.launchType } : {}),
      ...(service.platformVersion ? { platformVersion: service.platformVersion } : {}),
      networkConfiguration: service.networkConfiguration,
      loadBalancers: lb
        ? [
            {
              targetGroupArn: greenTg,
              containerName: lb.containerName,
              containerPort: lb.containerPort,
            },
          ]
        : [],
    },
    now,
  );
  if (blue) {
    blue.status = 'ACTIVE';
    blue.updatedAt = now;
  }
  service.taskDefinition = taskDefinition;
  const d = newDeployment(state, service, green, blue, now, reconcile);
  addServiceEvent(
    service,
    `(service ${service.serviceName}) (deployment ${green.id}) service deployment ${d.arn.slice(d.arn.lastIndexOf('/') + 1)} started with strategy ${d.strategy}.`,
    now,
  );
  return d;
}

/**
 * CODE_DEPLOY or EXTERNAL -> ECS in place [infer; AWS does not document it]: the PRIMARY task set's
 * tasks become the service's current revision, every other task set drains, and the listener rules
 * stay as the user set them (they must already forward to both target groups for the next deployment).
 */
export function moveToEcsController(state: EmulatorState, service: Service, now: number): void {
  const primary = primaryOf(service);
  for (const ts of service.taskSets) if (ts !== primary) drainTaskSet(service, ts, now);
  if (primary) {
    primary.scale = 100;
    primary.updatedAt = now;
    ensureRevision(state, service, primary, now);
  }
  service.deploymentController = { type: 'ECS' };
}
