/**
 * The deployment engine's view of the emulated account: what CodeDeploy does to ECS task sets,
 * ELB listeners and hook executions while it runs a deployment (spec A.7.4, F).
 */
import { randomBytes } from 'node:crypto';
import { drainTaskSet, makePrimary } from '../ecs/runtime.js';
import type { EmulatorState } from '../state.js';
import type { DeploymentWorld } from './engine.js';
import { createGreenTaskSet } from './green-task-set.js';
import { groupKey } from './groups.js';
import { startRollback, undoDeployment } from './rollback-deployment.js';
import { findTaskSet, routesOf, serviceOf, setForward, tgOf } from './world-lookup.js';

export function createWorld(state: EmulatorState, now: () => number): DeploymentWorld {
  return {
    createGreenTaskSet: (d, plan) => createGreenTaskSet(state, d, plan, now()),
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
      if (tg) setForward(state, routesOf(state, d).test, [{ targetGroupArn: tg, weight: 100 }]);
    },
    shiftProductionTraffic(d, greenPercent) {
      const service = serviceOf(state, d);
      const blueTg = tgOf(findTaskSet(service, d.blueTaskSetId));
      const greenTg = tgOf(findTaskSet(service, d.greenTaskSetId));
      if (!greenTg) return;
      setForward(state, routesOf(state, d).prod, [
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
    startRollback: (failed) => startRollback(state, failed, now()),
    undo: (rollback) => undoDeployment(state, rollback, now()),
    timerLagMs: () => state.jitter?.timerLagMs() ?? 0,
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
