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

/** Where the starting task definition comes from (the `task-definition` input). */
export type TaskDefinitionSource =
  | { kind: 'file'; path: string }
  | { kind: 'live'; taskDefinition: string }
  | { kind: 'service'; cluster: string; service: string };

const LIVE_REF =
  /^([A-Za-z0-9_-]{1,255}(:\d+)?|arn:aws(-[a-z]+)*:ecs:[a-z0-9-]+:\d{12}:task-definition\/[A-Za-z0-9_-]{1,255}:\d+)$/;

/** `live:<family | family:revision | ARN>`, `service:<cluster>/<service>`, or a file path. */
export function parseTaskDefinitionSource(
  text: string,
): TaskDefinitionSource | { problem: string } {
  const value = text.trim();
  if (value.startsWith('live:')) {
    const ref = value.slice('live:'.length).trim();
    if (/:latest$/i.test(ref)) {
      return {
        problem: `is "${value}", but ECS has no revision "latest"; write live:${ref.replace(/:latest$/i, '')} for the newest ACTIVE revision, or a revision number`,
      };
    }
    if (!LIVE_REF.test(ref)) {
      return {
        problem: `is "${value}", not a task definition reference; write live:<family>, live:<family>:<revision> or live:<task definition ARN>`,
      };
    }
    return { kind: 'live', taskDefinition: ref };
  }
  if (value.startsWith('service:')) {
    const parts = value.slice('service:'.length).trim().split('/');
    if (parts.length !== 2 || !parts[0] || !parts[1]) {
      return {
        problem: `is "${value}", not a service reference; write service:<cluster>/<service>`,
      };
    }
    return { kind: 'service', cluster: parts[0], service: parts[1] };
  }
  return { kind: 'file', path: value };
}

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
