import {
  GetApplicationRevisionCommand,
  type CodeDeployClient,
  type DeploymentGroupInfo,
  type RevisionLocation,
} from '@aws-sdk/client-codedeploy';
import { ActionError } from '../errors/action-error.js';
import { getDeployment } from './active-deployment.js';
import type { DeploymentGroupRef } from './deployment-group.js';

export interface PreviousRevision {
  /** The revision with its content, ready for CreateDeployment. */
  revision: RevisionLocation;
  /** The deployment that is live now, whose previousRevision this is. */
  replacing: string;
}

/**
 * The revision deployed before the group's last successful deployment: what a manual rollback
 * redeploys. GetDeployment returns only the sha256; GetApplicationRevision gives the content.
 */
export async function previousRevision(
  codedeploy: CodeDeployClient,
  ref: DeploymentGroupRef,
  group: DeploymentGroupInfo,
): Promise<PreviousRevision> {
  const last = group.lastSuccessfulDeployment?.deploymentId;
  if (!last) {
    throw new ActionError(
      `Deployment group "${ref.deploymentGroupName}" has no successful deployment, so there is nothing to roll back to.`,
      'Deploy a known-good task definition with `command: deploy` instead.',
    );
  }
  const info = await getDeployment(codedeploy, last);
  const previous = info.previousRevision;
  if (!previous) {
    throw new ActionError(
      `${last} is the first successful deployment of "${ref.deploymentGroupName}"; there is no earlier revision to roll back to.`,
      'Deploy a known-good task definition with `command: deploy` instead.',
    );
  }
  if (previous.revisionType === 'S3') return { revision: previous, replacing: last };
  const out = await codedeploy.send(
    new GetApplicationRevisionCommand({ applicationName: ref.applicationName, revision: previous }),
  );
  const revision = out.revision ?? previous;
  const content = revision.appSpecContent?.content ?? revision.string?.content;
  if (!content) {
    throw new ActionError(
      `The revision before ${last} (sha256 ${previous.appSpecContent?.sha256 ?? previous.string?.sha256 ?? '?'}) has no content CodeDeploy can return.`,
      'Redeploy the previous task definition ARN with `command: deploy`.',
    );
  }
  return { revision, replacing: last };
}

/** The task definition ARN inside an AppSpec content string, for the outputs. */
export function taskDefinitionInContent(content: string | undefined): string | undefined {
  return content
    ? /arn:aws[a-z-]*:ecs:[^"'\s]+:task-definition\/[^"'\s]+/.exec(content)?.[0]
    : undefined;
}
