/** The rollback deployment CodeDeploy starts for a failed one, and what it undoes (spec A.8). */
import { drainTaskSet, makePrimary } from '../ecs/runtime.js';
import type { EmulatorState, Service, TaskSet } from '../state.js';
import { lifecycleEventNames } from './engine.js';
import { groupKey } from './groups.js';
import { newDeploymentId } from './ids.js';
import type { DeploymentRecord } from './model.js';
import { registerRevision, sha256Hex } from './revisions.js';
import { findTaskSet, routesOf, serviceOf, setForward, tgOf } from './world-lookup.js';

/** Starts the rollback deployment for `failed`; returns its id. */
export function startRollback(state: EmulatorState, failed: DeploymentRecord, now: number): string {
  const t = now;
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
}

/** For a rollback deployment: traffic back to blue, blue PRIMARY, green deleted. */
export function undoDeployment(
  state: EmulatorState,
  rollback: DeploymentRecord,
  now: number,
): void {
  const original = state.codedeploy.deployments.get(rollback.rollbackOf ?? '');
  if (!original) return;
  const service = serviceOf(state, original);
  const blue = findTaskSet(service, original.blueTaskSetId);
  const green = findTaskSet(service, original.greenTaskSetId);
  const blueTg = tgOf(blue);
  const routes = routesOf(state, original);
  if (blueTg) {
    setForward(state, routes.prod, [{ targetGroupArn: blueTg, weight: 100 }]);
    setForward(state, routes.test, [{ targetGroupArn: blueTg, weight: 100 }]);
  }
  const t = now;
  if (service && blue) makePrimary(service, blue, t);
  if (service && green) drainTaskSet(service, green, t);
  rollback.blueTaskSetId = original.blueTaskSetId;
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
