import {
  DescribeServicesCommand,
  type DescribeServicesCommandOutput,
  type ECSClient,
  type Service,
} from '@aws-sdk/client-ecs';
import { ActionError } from '../errors/action-error.js';

export interface CodeDeployService {
  cluster: string;
  service: string;
  serviceArn: string;
  /** The PRIMARY task set's task definition: what a rollback returns to. */
  taskDefinition?: string;
}

/**
 * The ECS service a blue/green deployment targets: it must exist, be ACTIVE and be driven by
 * CodeDeploy. Read-only; runs before anything changes. `described`: the DescribeServices answer
 * when the caller already asked for it (one call per run).
 */
export async function resolveCodeDeployService(
  ecs: ECSClient,
  cluster: string,
  service: string,
  described?: Promise<DescribeServicesCommandOutput>,
): Promise<CodeDeployService> {
  let found: Service | undefined;
  try {
    const out = await (described ??
      ecs.send(new DescribeServicesCommand({ cluster, services: [service] })));
    if (out.failures?.length) {
      throw new ActionError(
        `ECS service "${service}" was not found in cluster "${cluster}" (${out.failures[0]?.reason ?? 'MISSING'}).`,
        'Check the `service` and `cluster` inputs.',
      );
    }
    found = out.services?.[0];
  } catch (error) {
    if ((error as Error).name === 'ClusterNotFoundException') {
      throw new ActionError(
        `ECS cluster "${cluster}" was not found.`,
        'Check the `cluster` input and AWS_REGION.',
      );
    }
    throw error;
  }
  if (!found)
    throw new ActionError(
      `ECS service "${service}" was not found in cluster "${cluster}".`,
      'Check the `service` input.',
    );
  if (found.status !== 'ACTIVE') {
    throw new ActionError(
      `ECS service "${service}" in cluster "${cluster}" is ${found.status}, not ACTIVE.`,
      'A draining or deleted service cannot be deployed; recreate it or pick another `service`.',
    );
  }
  const controller = found.deploymentController?.type ?? 'ECS';
  if (controller !== 'CODE_DEPLOY') {
    throw new ActionError(
      `ECS service "${service}" uses the ${controller} deployment controller; this action needs CODE_DEPLOY (a CodeDeploy blue/green deployment group drives the service).`,
      controller === 'ECS'
        ? 'Recreate the service with `deploymentController: {type: CODE_DEPLOY}` and a CodeDeploy ECS deployment group, or deploy it with UpdateService (a rolling update) instead of this action.'
        : 'EXTERNAL services are driven through task set APIs; this action does not deploy them.',
    );
  }
  return {
    cluster,
    service,
    serviceArn: found.serviceArn ?? service,
    taskDefinition: found.taskDefinition,
  };
}
