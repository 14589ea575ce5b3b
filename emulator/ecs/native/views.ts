/** What the read APIs show of native deployments and revisions (spec §2.5, §5.1; ecs.json shapes). */
import { computedDesiredCount, liveTasks } from '../runtime.js';
import type { EmulatorState, Service } from '../../state.js';
import { isTerminal, type NativeDeployment, type ServiceRevision } from './model.js';
import { currentDeployment, nativeStore, revisionOfTaskSet } from './store.js';

const date = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms));

function taskCounts(state: EmulatorState, revision: ServiceRevision | undefined) {
  const service = revision
    ? [...(state.ecs.clusters.values() ?? [])]
        .flatMap((c) => [...c.services.values()])
        .find((s) => s.serviceArn === revision.serviceArn)
    : undefined;
  const ts = service?.taskSets.find((t) => t.id === revision?.taskSetId);
  if (!service || !ts) return { requestedTaskCount: 0, runningTaskCount: 0, pendingTaskCount: 0 };
  const live = liveTasks(state.ecs.clusters.get(service.clusterName)!, ts);
  return {
    requestedTaskCount: computedDesiredCount(service, ts),
    runningTaskCount: live.filter((t) => t.lastStatus === 'RUNNING').length,
    pendingTaskCount: live.filter((t) => t.lastStatus !== 'RUNNING').length,
  };
}

/** One revision of a deployment; ROLLING ones carry no traffic weights (spec §2.5). */
function summary(
  state: EmulatorState,
  arn: string,
  weights: { production: number; test: number } | undefined,
) {
  return {
    arn,
    ...taskCounts(state, nativeStore(state).revisions.get(arn)),
    ...(weights
      ? {
          requestedProductionTrafficWeight: weights.production,
          requestedTestTrafficWeight: weights.test,
        }
      : {}),
  };
}

function monitors(d: NativeDeployment) {
  const alarms = d.configuration.alarms;
  const breaker = d.circuitBreaker;
  const done = isTerminal(d);
  return {
    deploymentCircuitBreaker: {
      status: !breaker.enabled
        ? 'DISABLED'
        : breaker.tripped
          ? 'TRIGGERED'
          : done
            ? 'MONITORING_COMPLETE'
            : 'MONITORING',
      failureCount: breaker.failureCount,
      threshold: breaker.threshold,
    },
    alarms: {
      status: !alarms?.enable
        ? 'DISABLED'
        : d.alarmsTriggered.length
          ? 'TRIGGERED'
          : done
            ? 'MONITORING_COMPLETE'
            : 'MONITORING',
      alarmNames: alarms?.alarmNames ?? [],
      triggeredAlarmNames: d.alarmsTriggered,
    },
  };
}

export function deploymentView(state: EmulatorState, d: NativeDeployment): Record<string, unknown> {
  const green = d.productionPercent;
  const rolling = d.strategy === 'ROLLING';
  const weights = (production: number, test: number) =>
    rolling ? undefined : { production, test };
  return {
    serviceDeploymentArn: d.arn,
    serviceArn: d.serviceArn,
    clusterArn: d.clusterArn,
    createdAt: date(d.createdAt),
    startedAt: date(d.startedAt),
    finishedAt: date(d.finishedAt),
    stoppedAt: date(d.stoppedAt),
    updatedAt: date(d.updatedAt),
    sourceServiceRevisions: d.sourceRevisionArns.map((arn) =>
      summary(state, arn, weights(100 - green, d.testOnGreen ? 0 : 100)),
    ),
    targetServiceRevision: summary(
      state,
      d.targetRevisionArn,
      weights(green, d.testOnGreen ? 100 : 0),
    ),
    status: d.status,
    ...(d.statusReason ? { statusReason: d.statusReason } : {}),
    ...(d.lifecycleStage ? { lifecycleStage: d.lifecycleStage } : {}),
    lifecycleHookDetails: d.hooks.map((h) => ({
      hookId: h.hookId,
      targetType: h.targetType,
      ...(h.targetArn ? { targetArn: h.targetArn } : {}),
      status: h.status,
      expiresAt: date(h.expiresAt),
      timeoutAction: h.timeoutAction,
    })),
    deploymentConfiguration: d.configuration,
    ...(d.rollback
      ? {
          rollback: {
            reason: d.rollback.reason,
            startedAt: date(d.rollback.startedAt),
            serviceRevisionArn: d.rollback.serviceRevisionArn,
          },
        }
      : {}),
    ...monitors(d),
  };
}

export function briefView(d: NativeDeployment): Record<string, unknown> {
  return {
    serviceDeploymentArn: d.arn,
    serviceArn: d.serviceArn,
    clusterArn: d.clusterArn,
    createdAt: date(d.createdAt),
    startedAt: date(d.startedAt),
    finishedAt: date(d.finishedAt),
    targetServiceRevisionArn: d.targetRevisionArn,
    status: d.status,
    ...(d.statusReason ? { statusReason: d.statusReason } : {}),
  };
}

export function revisionView(r: ServiceRevision): Record<string, unknown> {
  return {
    serviceRevisionArn: r.arn,
    serviceArn: r.serviceArn,
    clusterArn: r.clusterArn,
    taskDefinition: r.taskDefinition,
    ...(r.launchType ? { launchType: r.launchType } : {}),
    ...(r.platformVersion ? { platformVersion: r.platformVersion, platformFamily: 'Linux' } : {}),
    loadBalancers: r.loadBalancers,
    serviceRegistries: [],
    networkConfiguration: r.networkConfiguration,
    containerImages: [],
    createdAt: new Date(r.createdAt),
    resolvedConfiguration: {
      loadBalancers: r.resolved.targetGroupArn
        ? [
            {
              targetGroupArn: r.resolved.targetGroupArn,
              ...(r.resolved.productionListenerRule
                ? { productionListenerRule: r.resolved.productionListenerRule }
                : {}),
            },
          ]
        : [],
    },
  };
}

/** `Service.currentServiceDeployment` and `currentServiceRevisions` (ECS controller services). */
export function nativeServiceFields(
  state: EmulatorState,
  service: Service,
): Record<string, unknown> {
  const current = currentDeployment(state, service.serviceArn);
  const revisions = service.taskSets
    .filter((t) => t.status !== 'DRAINING')
    .map((t) => revisionOfTaskSet(state, t.id))
    .filter((r): r is ServiceRevision => !!r);
  return {
    ...(current ? { currentServiceDeployment: current.arn } : {}),
    ...(revisions.length
      ? {
          currentServiceRevisions: revisions.map((r) => ({
            arn: r.arn,
            ...taskCounts(state, r),
          })),
        }
      : {}),
  };
}
