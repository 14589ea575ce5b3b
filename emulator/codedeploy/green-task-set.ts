/** The green task set a deployment starts with, and the ECS errors that stop it (spec A.7.4). */
import { randomBytes } from 'node:crypto';
import { addTaskSet, drainTaskSet } from '../ecs/runtime.js';
import { listenerForward } from '../elbv2/rules.js';
import type { EmulatorState } from '../state.js';
import type { DeploymentWorld } from './engine.js';
import type { DeploymentPlan, DeploymentRecord } from './model.js';
import { routesOf, serviceOf, tgOf } from './world-lookup.js';

/** ECS CreateTaskSet for green on the target group the PRIMARY set does not use. */
export function createGreenTaskSet(
  state: EmulatorState,
  d: DeploymentRecord,
  plan: DeploymentPlan,
  now: number,
): ReturnType<DeploymentWorld['createGreenTaskSet']> {
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
  if (!(container.portMappings ?? []).some((p: any) => p.containerPort === plan.containerPort)) {
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
  const t = now;
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
