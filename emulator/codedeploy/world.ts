/**
 * The deployment engine's view of the emulated account: what CodeDeploy does to ECS task sets,
 * ELB listeners and hook executions while it runs a deployment (spec A.7.4, F).
 */
import { createHash, randomBytes } from 'node:crypto';
import { addTaskSet, drainTaskSet, liveTasks, makePrimary } from '../ecs/runtime.js';
import type { DeploymentRecord } from './model.js';
import type { DeploymentWorld } from './engine.js';
import type { EmulatorState, Listener, Service, TargetGroup, TaskSet } from '../state.js';
import { groupKey } from './groups.js';
import { newDeploymentId } from './ids.js';
import { lifecycleEventNames } from './engine.js';
import { listenerForward, setRuleForward, trafficRule } from '../elbv2/rules.js';

export function serviceOf(state: EmulatorState, d: DeploymentRecord): Service | undefined {
  return state.ecs.clusters.get(d.target.clusterName)?.services.get(d.target.serviceName);
}

interface Routes {
  pair: TargetGroup[];
  prod?: Listener;
  test?: Listener;
}

export function routesOf(state: EmulatorState, d: DeploymentRecord): Routes {
  const info = (d.groupSnapshot.loadBalancerInfo as any).targetGroupPairInfoList[0];
  const pair = (info.targetGroups as { name: string }[])
    .map((t) => [...state.elb.targetGroups.values()].find((tg) => tg.name === t.name))
    .filter((tg): tg is TargetGroup => !!tg);
  const prod = state.elb.listeners.get(info.prodTrafficRoute?.listenerArns?.[0] ?? '');
  const test = state.elb.listeners.get(info.testTrafficRoute?.listenerArns?.[0] ?? '');
  return { pair, ...(prod ? { prod } : {}), ...(test ? { test } : {}) };
}

function findTaskSet(service: Service | undefined, id: string | undefined): TaskSet | undefined {
  return id ? service?.taskSets.find((t) => t.id === id) : undefined;
}

function tgOf(ts: TaskSet | undefined): string | undefined {
  return ts?.loadBalancers[0]?.targetGroupArn;
}

function ecsError(code: string, message: string): { ok: false; code: string; message: string } {
  const requestId = randomBytes(16)
    .toString('hex')
    .replace(/(.{8})(.{4})(.{4})(.{4})(.{12})/, '$1-$2-$3-$4-$5');
  return {
    ok: false,
    code: 'ECS_UPDATE_ERROR',
    message: `The ECS service cannot be updated due to an unexpected error: ${message} (Service: AmazonECS; Status Code: 400; Error Code: ${code}; Request ID: ${requestId}; Proxy: null). Check your ECS service status.`,
  };
}

export function renderRollbackAppSpec(service: Service, blue: TaskSet | undefined): string {
  const lb = blue?.loadBalancers[0] ?? service.loadBalancers[0];
  return JSON.stringify({
    version: 0.0,
    Resources: [
      {
        TargetService: {
          Type: 'AWS::ECS::Service',
          Properties: {
            TaskDefinition: blue?.taskDefinition ?? service.taskDefinition,
            LoadBalancerInfo: {
              ContainerName: lb?.containerName,
              ContainerPort: lb?.containerPort,
            },
          },
        },
      },
    ],
  });
}

export function registerRevision(
  state: EmulatorState,
  applicationName: string,
  content: string,
  sha256: string,
  now: number,
  groupName?: string,
): void {
  const key = `${applicationName}/${sha256}`;
  const existing = state.codedeploy.revisions.get(key);
  if (existing) {
    existing.lastUsedTime = now;
    if (groupName && !existing.deploymentGroups.includes(groupName))
      existing.deploymentGroups.push(groupName);
    return;
  }
  state.codedeploy.revisions.set(key, {
    applicationName,
    revisionType: 'AppSpecContent',
    content,
    sha256,
    deploymentGroups: groupName ? [groupName] : [],
    registerTime: now,
    firstUsedTime: now,
    lastUsedTime: now,
  });
}

export function sha256Hex(content: string): string {
  return createHash('sha256').update(content).digest('hex');
}

export function createWorld(state: EmulatorState, now: () => number): DeploymentWorld {
  const setForward = (
    listener: Listener | undefined,
    weights: { targetGroupArn: string; weight: number }[],
  ) => {
    const rule = listener && trafficRule(state, listener.arn);
    if (rule)
      setRuleForward(
        state,
        rule,
        weights.filter((w) => w.weight > 0),
      );
  };
  return {
    createGreenTaskSet(d, plan) {
      const service = serviceOf(state, d);
      if (
        !service ||
        service.status !== 'ACTIVE' ||
        service.deploymentController.type !== 'CODE_DEPLOY'
      ) {
        return {
          ok: false,
          code: 'INVALID_ECS_SERVICE',
          message: `The ECS service ${d.target.serviceName} in cluster ${d.target.clusterName} does not exist or is not configured for a CODE_DEPLOY deployment controller.`,
        };
      }
      const family = plan.taskDefinition.slice(plan.taskDefinition.lastIndexOf('/') + 1).split(':');
      const td = state.ecs.taskDefinitions.get(family[0] ?? '')?.[Number(family[1]) - 1];
      if (!td || (plan.taskDefinition.startsWith('arn:') && td.arn !== plan.taskDefinition)) {
        return ecsError('ClientException', 'Unable to describe task definition.');
      }
      if (td.status !== 'ACTIVE') return ecsError('ClientException', 'TaskDefinition is inactive');
      const container = (td.body.containerDefinitions as any[]).find(
        (c) => c.name === plan.containerName,
      );
      if (!container) {
        return ecsError(
          'InvalidParameterException',
          `The container ${plan.containerName} does not exist in the task definition.`,
        );
      }
      if (
        !(container.portMappings ?? []).some((p: any) => p.containerPort === plan.containerPort)
      ) {
        return ecsError(
          'InvalidParameterException',
          `The container ${plan.containerName} did not have a container port ${plan.containerPort} defined.`,
        );
      }
      const { pair, prod } = routesOf(state, d);
      const blue = service.taskSets.find((t) => t.status === 'PRIMARY');
      const blueTg = tgOf(blue) ?? pair[0]?.arn;
      const greenTg = pair.find((tg) => tg.arn !== blueTg);
      if (!greenTg) {
        return {
          ok: false,
          code: 'ELASTIC_LOAD_BALANCING_INVALID',
          message:
            'A deployment group associated with an application that uses the ECS compute platform must contain a valid pair of target groups that identify a load balancer.',
        };
      }
      if (
        (prod ? listenerForward(state, prod.arn) : []).some(
          (f) => f.targetGroupArn === greenTg.arn && f.weight > 0,
        )
      ) {
        return {
          ok: false,
          code: 'ELASTIC_LOAD_BALANCING_INVALID',
          message:
            'The ELB could not be updated due to the following error: Green taskset target group cannot have non-zero weight prior to traffic shifting',
        };
      }
      const t = now();
      // Leftovers of an interrupted deployment are replaced, as CodeDeploy does.
      for (const ts of service.taskSets) if (ts.status === 'ACTIVE') drainTaskSet(service, ts, t);
      const green = addTaskSet(
        state,
        service,
        {
          taskDefinition: td.arn,
          scale: 100,
          status: 'ACTIVE',
          startedBy: 'CODE_DEPLOY',
          externalId: d.deploymentId,
          ...(plan.capacityProviderStrategy
            ? { capacityProviderStrategy: plan.capacityProviderStrategy }
            : blue?.launchType
              ? { launchType: blue.launchType }
              : {}),
          ...(plan.platformVersion || blue?.platformVersion
            ? { platformVersion: plan.platformVersion ?? blue?.platformVersion }
            : {}),
          networkConfiguration:
            plan.networkConfiguration ?? blue?.networkConfiguration ?? service.networkConfiguration,
          loadBalancers: [
            {
              targetGroupArn: greenTg.arn,
              containerName: plan.containerName,
              containerPort: plan.containerPort,
            },
          ],
        },
        t,
      );
      return { ok: true, blueTaskSetId: blue?.id ?? '', greenTaskSetId: green.id };
    },
    greenHealth(d) {
      const service = serviceOf(state, d);
      const green = findTaskSet(service, d.greenTaskSetId);
      if (!service || !green) return 'unhealthy';
      if (green.stabilityStatus === 'STEADY_STATE') return 'healthy';
      const cluster = state.ecs.clusters.get(service.clusterName)!;
      const failed = cluster.tasks.some(
        (t) =>
          t.taskSetId === green.id &&
          (t.healthStatus === 'UNHEALTHY' || t.stoppedReason?.startsWith('Task failed ELB')),
      );
      return failed ? 'unhealthy' : 'pending';
    },
    routeTestTraffic(d, to) {
      const service = serviceOf(state, d);
      const ts = findTaskSet(service, to === 'green' ? d.greenTaskSetId : d.blueTaskSetId);
      const tg = tgOf(ts);
      if (tg) setForward(routesOf(state, d).test, [{ targetGroupArn: tg, weight: 100 }]);
    },
    shiftProductionTraffic(d, greenPercent) {
      const service = serviceOf(state, d);
      const blueTg = tgOf(findTaskSet(service, d.blueTaskSetId));
      const greenTg = tgOf(findTaskSet(service, d.greenTaskSetId));
      if (!greenTg) return;
      setForward(routesOf(state, d).prod, [
        ...(blueTg ? [{ targetGroupArn: blueTg, weight: 100 - greenPercent }] : []),
        { targetGroupArn: greenTg, weight: greenPercent },
      ]);
    },
    promoteGreen(d) {
      const service = serviceOf(state, d);
      const green = findTaskSet(service, d.greenTaskSetId);
      if (service && green) makePrimary(service, green, now());
    },
    terminateBlue(d) {
      const service = serviceOf(state, d);
      const blue = findTaskSet(service, d.blueTaskSetId);
      if (service && blue && blue.status !== 'PRIMARY') drainTaskSet(service, blue, now());
    },
    startHook(d, event, functionName) {
      const id = `${randomBytes(48).toString('base64url')}`;
      state.codedeploy.hooks.set(id, {
        lifecycleEventHookExecutionId: id,
        deploymentId: d.deploymentId,
        lifecycleEventName: event,
        functionName,
        status: 'Pending',
        startedAt: now(),
      });
      return id;
    },
    hookState(id) {
      const hook = state.codedeploy.hooks.get(id);
      if (!hook) return 'Failed';
      if (hook.timedOut && hook.status === 'Pending') return 'TimedOut';
      return hook.status;
    },
    activeAlarm(d) {
      const group = state.codedeploy.groups.get(groupKey(d.applicationName, d.deploymentGroupName));
      const config =
        d.overrideAlarmConfiguration?.enabled !== undefined
          ? d.overrideAlarmConfiguration
          : group?.alarmConfiguration;
      if (!config?.enabled) return undefined;
      const names = (config.alarms ?? []).map((a) => a.name);
      const inAlarm = names.find((name) => state.codedeploy.alarms.get(name) === 'ALARM');
      if (inAlarm) return { name: inAlarm, state: 'ALARM' };
      // CloudWatch has no such alarm: its state cannot be polled (spec A.8, "Cannot read alarm state").
      const unknown = names.find((name) => !state.codedeploy.alarms.has(name));
      if (unknown && !config.ignorePollAlarmFailure) return { name: unknown, state: 'UNREADABLE' };
      return undefined;
    },
    startRollback(failed) {
      const t = now();
      const service = serviceOf(state, failed);
      const blue =
        findTaskSet(service, failed.blueTaskSetId) ??
        service?.taskSets.find((ts) => ts.status === 'PRIMARY');
      const content = service ? renderRollbackAppSpec(service, blue) : failed.content;
      const sha = sha256Hex(content);
      registerRevision(state, failed.applicationName, content, sha, t, failed.deploymentGroupName);
      const id = newDeploymentId((candidate) => state.codedeploy.deployments.has(candidate));
      const rollback: DeploymentRecord = {
        ...structuredClone({ ...failed, plan: undefined, stopRequest: undefined }),
        deploymentId: id,
        creator: 'codeDeployRollback',
        status: 'Created',
        targetStatus: 'Pending',
        revision: { revisionType: 'AppSpecContent', appSpecContent: { sha256: sha } },
        content,
        previousRevision: failed.revision,
        description: undefined,
        createTime: t,
        startTime: undefined,
        completeTime: undefined,
        lastUpdatedAt: t,
        errorInformation: undefined,
        rollbackInfo: {
          rollbackTriggeringDeploymentId: failed.deploymentId,
          rollbackMessage: `Deployment ${id} is a rollback of deployment ${failed.deploymentId}: traffic is routed back to the original task set.`,
        },
        lifecycleEvents: lifecycleEventNames(failed.hasTestRoute, true).map((name) => ({
          lifecycleEventName: name,
          status: 'Pending',
        })),
        phase: { name: 'created' },
        greenWeight: 0,
        continueReady: false,
        continueTermination: false,
        rollbackOf: failed.deploymentId,
      };
      state.codedeploy.deployments.set(id, rollback);
      const group = state.codedeploy.groups.get(
        groupKey(failed.applicationName, failed.deploymentGroupName),
      );
      if (group) {
        group.targetRevision = rollback.revision;
        group.lastAttemptedDeployment = { deploymentId: id, status: 'Created', createTime: t };
      }
      return id;
    },
    undo(rollback) {
      const original = state.codedeploy.deployments.get(rollback.rollbackOf ?? '');
      if (!original) return;
      const service = serviceOf(state, original);
      const blue = findTaskSet(service, original.blueTaskSetId);
      const green = findTaskSet(service, original.greenTaskSetId);
      const blueTg = tgOf(blue);
      const routes = routesOf(state, original);
      if (blueTg) {
        setForward(routes.prod, [{ targetGroupArn: blueTg, weight: 100 }]);
        setForward(routes.test, [{ targetGroupArn: blueTg, weight: 100 }]);
      }
      const t = now();
      if (service && blue) makePrimary(service, blue, t);
      if (service && green) drainTaskSet(service, green, t);
      rollback.blueTaskSetId = original.blueTaskSetId;
    },
    finished(d) {
      const group = state.codedeploy.groups.get(groupKey(d.applicationName, d.deploymentGroupName));
      if (!group) return;
      const info = {
        deploymentId: d.deploymentId,
        status: d.status,
        createTime: d.createTime,
        ...(d.completeTime !== undefined ? { endTime: d.completeTime } : {}),
      };
      group.lastAttemptedDeployment = info;
      if (d.status === 'Succeeded') group.lastSuccessfulDeployment = info;
    },
  };
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
