import { DescribeServicesCommand, type Service } from '@aws-sdk/client-ecs';
import { ActionError } from '../errors/action-error.js';
import { errorName } from '../errors/aws-errors.js';
import type { ServiceRef } from './find-deployment.js';

/**
 * The service to deploy, whatever its controller (engineOf picks the engine from it): it must
 * exist and be ACTIVE. Read-only; runs before anything changes.
 */
export async function readDeployedService(ref: ServiceRef): Promise<Service> {
  let found: Service | undefined;
  try {
    const out = await ref.ecs.send(
      new DescribeServicesCommand({ cluster: ref.cluster, services: [ref.service] }),
    );
    found = out.services?.[0];
    if (!found)
      throw new ActionError(
        `ECS service "${ref.service}" was not found in cluster "${ref.cluster}" (${out.failures?.[0]?.reason ?? 'MISSING'}).`,
        'Check the `service` and `cluster` inputs.',
      );
  } catch (error) {
    if (errorName(error) === 'ClusterNotFoundException')
      throw new ActionError(
        `ECS cluster "${ref.cluster}" was not found.`,
        'Check the `cluster` input and AWS_REGION.',
      );
    throw error;
  }
  if (found.status !== 'ACTIVE')
    throw new ActionError(
      `ECS service "${ref.service}" in cluster "${ref.cluster}" is ${found.status}, not ACTIVE.`,
      'A draining or deleted service cannot be deployed; recreate it or pick another `service`.',
    );
  return found;
}
