/** A deployment's one ECS target and the hook answers it waits for (spec A.9–A.11). */
import type { Handler } from '../protocol/json-service.js';
import type { EmulatorState } from '../state.js';
import { fail, findDeployment, type DeploymentDriver } from './deployments.js';
import { isTerminal } from './engine.js';
import { required } from './errors.js';
import type { DeploymentRecord } from './model.js';
import { liveTasks } from '../ecs/runtime.js';
import { listenerForward } from '../elbv2/rules.js';
import { findTaskSet, routesOf, serviceOf, tgOf } from './world-lookup.js';

export function targetHandlers(
  state: EmulatorState,
  driver: DeploymentDriver,
): Record<string, Handler> {
  return {
    ListDeploymentTargets(input) {
      const d = startedDeployment(state, input?.deploymentId);
      const statuses: string[] | undefined = input?.targetFilters?.TargetStatus;
      const include = !statuses?.length || statuses.includes(d.targetStatus);
      return { targetIds: include ? [`${d.target.clusterName}:${d.target.serviceName}`] : [] };
    },
    GetDeploymentTarget(input) {
      const d = startedDeployment(state, input?.deploymentId);
      checkTargetId(d, input.targetId);
      return { deploymentTarget: targetView(state, d) };
    },
    BatchGetDeploymentTargets(input) {
      const d = startedDeployment(state, input?.deploymentId);
      const ids = input.targetIds;
      if (!Array.isArray(ids) || ids.length === 0)
        throw required('DeploymentTargetIdRequiredException', 'A deployment target ID');
      if (ids.length > 1) {
        fail(
          'DeploymentTargetListSizeExceededException',
          'For ECS deployments, BatchGetDeploymentTargets accepts one target ID.',
        );
      }
      checkTargetId(d, ids[0]);
      return { deploymentTargets: [targetView(state, d)] };
    },
    PutLifecycleEventHookExecutionStatus(input) {
      const d = findDeployment(state, input?.deploymentId);
      const id = input.lifecycleEventHookExecutionId;
      const hook = id ? state.codedeploy.hooks.get(id) : undefined;
      if (!hook || hook.deploymentId !== d.deploymentId) {
        fail(
          'InvalidLifecycleEventHookExecutionIdException',
          `The lifecycle event hook execution ID ${String(id)} is not valid.`,
        );
      }
      if (input.status !== 'Succeeded' && input.status !== 'Failed') {
        fail(
          'InvalidLifecycleEventHookExecutionStatusException',
          `The status ${String(input.status)} is not valid: use Succeeded or Failed.`,
        );
      }
      if (hook.status !== 'Pending' || isTerminal(d)) {
        fail(
          'LifecycleEventAlreadyCompletedException',
          `The lifecycle event ${hook.lifecycleEventName} has already completed.`,
        );
      }
      hook.status = input.status;
      driver.advanceAll();
      return { lifecycleEventHookExecutionId: hook.lifecycleEventHookExecutionId };
    },
  };
}

function targetView(state: EmulatorState, d: DeploymentRecord): Record<string, unknown> {
  return {
    deploymentTargetType: 'ECSTarget',
    ecsTarget: {
      deploymentId: d.deploymentId,
      targetId: `${d.target.clusterName}:${d.target.serviceName}`,
      targetArn: d.target.targetArn,
      lastUpdatedAt: new Date(d.lastUpdatedAt),
      lifecycleEvents: d.lifecycleEvents.map((e) => ({
        lifecycleEventName: e.lifecycleEventName,
        status: e.status,
        ...(e.startTime !== undefined ? { startTime: new Date(e.startTime) } : {}),
        ...(e.endTime !== undefined ? { endTime: new Date(e.endTime) } : {}),
        ...(e.diagnostics ? { diagnostics: e.diagnostics } : {}),
      })),
      status: d.targetStatus,
      taskSetsInfo: taskSetsInfo(state, d),
    },
  };
}

function startedDeployment(state: EmulatorState, id: unknown): DeploymentRecord {
  const d = findDeployment(state, id);
  if (d.status === 'Created')
    fail('DeploymentNotStartedException', `The deployment ${d.deploymentId} has not started.`);
  return d;
}

function checkTargetId(d: DeploymentRecord, targetId: unknown): void {
  if (!targetId) throw required('DeploymentTargetIdRequiredException', 'A deployment target ID');
  if (targetId !== `${d.target.clusterName}:${d.target.serviceName}`) {
    fail(
      'DeploymentTargetDoesNotExistException',
      `The deployment target ${String(targetId)} does not exist in deployment ${d.deploymentId}.`,
    );
  }
}

/** Task sets of a deployment as GetDeploymentTarget shows them (`identifer` is AWS's spelling). */
export function taskSetsInfo(state: EmulatorState, d: DeploymentRecord): unknown[] {
  const service = serviceOf(state, d);
  if (!service) return [];
  const cluster = state.ecs.clusters.get(service.clusterName)!;
  const prod = routesOf(state, d).prod;
  const original = d.rollbackOf ? state.codedeploy.deployments.get(d.rollbackOf) : undefined;
  const blueId = original?.blueTaskSetId ?? d.blueTaskSetId;
  const greenId = original?.greenTaskSetId ?? d.greenTaskSetId;
  const rows: unknown[] = [];
  for (const [id, label] of [
    [blueId, 'Blue'],
    [greenId, 'Green'],
  ] as const) {
    const ts = findTaskSet(service, id);
    if (!ts) continue;
    const tg = tgOf(ts);
    const live = liveTasks(cluster, ts);
    const forward = prod ? listenerForward(state, prod.arn) : [];
    const total = forward.reduce((n, f) => n + f.weight, 0);
    const weight = forward.find((f) => f.targetGroupArn === tg)?.weight ?? 0;
    rows.push({
      identifer: ts.id,
      desiredCount: Math.ceil((service.desiredCount * ts.scale) / 100),
      pendingCount: live.filter((t) => t.lastStatus !== 'RUNNING').length,
      runningCount: live.filter((t) => t.lastStatus === 'RUNNING').length,
      status: ts.status,
      trafficWeight: total > 0 ? (weight * 100) / total : 0,
      targetGroup: { name: tg ? (state.elb.targetGroups.get(tg)?.name ?? tg) : '' },
      taskSetLabel: label,
    });
  }
  return rows;
}
