import {
  GetDeploymentCommand,
  ListDeploymentsCommand,
  type CodeDeployClient,
  type DeploymentInfo,
} from '@aws-sdk/client-codedeploy';
import { ACTIVE_STATUSES } from './snapshot.js';
import type { DeploymentGroupRef } from './deployment-group.js';

/** The group's one non-terminal deployment, if any (ListDeployments lists newest first). */
export async function findActiveDeployment(
  codedeploy: CodeDeployClient,
  ref: DeploymentGroupRef,
): Promise<DeploymentInfo | undefined> {
  const out = await codedeploy.send(
    new ListDeploymentsCommand({ ...ref, includeOnlyStatuses: [...ACTIVE_STATUSES] }),
  );
  const id = out.deployments?.[0];
  if (!id) return undefined;
  return getDeployment(codedeploy, id);
}

export async function getDeployment(
  codedeploy: CodeDeployClient,
  deploymentId: string,
): Promise<DeploymentInfo> {
  const out = await codedeploy.send(new GetDeploymentCommand({ deploymentId }));
  if (!out.deploymentInfo)
    throw new Error(`GetDeployment ${deploymentId} returned no deploymentInfo`);
  return out.deploymentInfo;
}

/** The id named in "The Deployment Group 'dg' already has an active Deployment 'd-XXXXXXXXX'". */
export function activeIdFromMessage(message: string): string | undefined {
  return /'(d-[A-Z0-9]{9})'/.exec(message)?.[1];
}
