import {
  ClientException,
  ClusterNotFoundException,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  type ECSClient,
  type Service,
  type TaskDefinition,
} from '@aws-sdk/client-ecs';
import { ActionError } from '../errors/action-error.js';

/** DescribeTaskDefinition with a message that says what to check. */
export async function describeTaskDefinition(
  ecs: ECSClient,
  taskDefinition: string,
): Promise<TaskDefinition> {
  try {
    const out = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition }));
    if (!out.taskDefinition)
      throw new Error(`DescribeTaskDefinition returned no taskDefinition for ${taskDefinition}`);
    return out.taskDefinition;
  } catch (error) {
    if (error instanceof ClientException) {
      throw new ActionError(
        `Task definition "${taskDefinition}" cannot be described: ${error.message}`,
        'Check the family name and revision, and that AWS_REGION is the region it was registered in.',
      );
    }
    throw error;
  }
}

/** The service as ECS describes it; a missing or deleted service is an expected failure. */
export async function describeService(
  ecs: ECSClient,
  cluster: string,
  service: string,
): Promise<Service> {
  let out;
  try {
    out = await ecs.send(new DescribeServicesCommand({ cluster, services: [service] }));
  } catch (error) {
    if (error instanceof ClusterNotFoundException) {
      throw new ActionError(
        `Cluster "${cluster}" was not found.`,
        'Check the cluster name and AWS_REGION.',
      );
    }
    throw error;
  }
  const found = out.services?.[0];
  if (!found || found.status === 'INACTIVE') {
    const reason = out.failures?.[0]?.reason ?? found?.status ?? 'MISSING';
    throw new ActionError(
      `Service "${service}" was not found in cluster "${cluster}" (${reason}).`,
      'Check the service name; it must exist before render-taskdef can start from it.',
    );
  }
  return found;
}

/**
 * The task definition serving traffic: the PRIMARY task set's under CodeDeploy (the service's own
 * field lags during a deployment), the PRIMARY deployment's under the ECS controller.
 */
export function liveTaskDefinitionArn(service: Service): string | undefined {
  return (
    service.taskSets?.find((t) => t.status === 'PRIMARY')?.taskDefinition ??
    service.deployments?.find((d) => d.status === 'PRIMARY')?.taskDefinition ??
    service.taskDefinition
  );
}
