import {
  DescribeServicesCommand,
  type DescribeServicesCommandOutput,
  type Service,
} from '@aws-sdk/client-ecs';
import { engineOf, type EngineChoice } from '../../../lib/deploy/engine.js';
import { ActionError } from '../../../lib/errors/action-error.js';
import type { CommandContext } from './context.js';
import type { Inputs } from './inputs.js';

/** The service and its engine when it deploys ECS-natively (strategy BLUE_GREEN, LINEAR or CANARY). */
export async function nativeServiceOf(
  inputs: Pick<Inputs, 'cluster' | 'service'>,
  ctx: Pick<CommandContext, 'clients'>,
): Promise<{ service: Service; choice: EngineChoice } | undefined> {
  const ecs = await ecsServiceOf(inputs, ctx);
  return ecs?.choice.engine === 'native' ? ecs : undefined;
}

/**
 * The service and its engine when its controller is ECS (native or rolling); undefined
 * otherwise, and the CodeDeploy path reads and judges the service exactly as before (its
 * messages for a missing, inactive or EXTERNAL service).
 */
export function ecsServiceOf(
  inputs: Pick<Inputs, 'cluster' | 'service'>,
  ctx: Pick<CommandContext, 'clients'>,
): Promise<{ service: Service; choice: EngineChoice } | undefined> {
  return ecsServiceIn(describeService(inputs, ctx));
}

/** DescribeServices of the input's service, once: deploy judges the same answer on every path. */
export function describeService(
  inputs: Pick<Inputs, 'cluster' | 'service'>,
  ctx: Pick<CommandContext, 'clients'>,
): Promise<DescribeServicesCommandOutput> {
  const described = (async () =>
    ctx.clients.ecs.send(
      new DescribeServicesCommand({ cluster: inputs.cluster, services: [inputs.service] }),
    ))();
  described.catch(() => undefined); // judged by whoever awaits it
  return described;
}

/** ecsServiceOf for an answer already asked for. */
export async function ecsServiceIn(
  described: Promise<DescribeServicesCommandOutput>,
): Promise<{ service: Service; choice: EngineChoice } | undefined> {
  let service: Service | undefined;
  try {
    service = (await described).services?.[0];
  } catch {
    return undefined; // the CodeDeploy path names what is wrong
  }
  if (!service || service.status !== 'ACTIVE') return undefined;
  // engineOf refuses EXTERNAL: that refusal stays the CodeDeploy path's, as before.
  if ((service.deploymentController?.type ?? 'ECS') !== 'ECS') return undefined;
  return { service, choice: engineOf(service) };
}

/**
 * The native service for promote, rollback and status, or undefined for the CodeDeploy path; a
 * service deployment ARN in deployment-id for a service that does not deploy ECS-natively is
 * refused here, before the CodeDeploy path reads it as a deployment id.
 */
export async function nativeServiceForCommand(
  inputs: Pick<Inputs, 'cluster' | 'service' | 'deploymentId'>,
  ctx: Pick<CommandContext, 'clients'>,
): Promise<{ service: Service; choice: EngineChoice } | undefined> {
  const native = await nativeServiceOf(inputs, ctx);
  if (native || !inputs.deploymentId?.startsWith('arn:')) return native;
  throw new ActionError(
    `Input "deployment-id" is a service deployment ARN, but service "${inputs.service}" does not deploy ECS-natively;`,
    'write its CodeDeploy deployment id (d-XXXXXXXXX), or leave deployment-id empty for the active deployment.',
  );
}
