import {
  DescribeServiceDeploymentsCommand,
  DescribeServiceRevisionsCommand,
  type ServiceDeployment,
} from '@aws-sdk/client-ecs';
import { listServiceDeployments, type ServiceRef } from './find-deployment.js';

/** How many of the newest successful deployments to look through for an earlier revision. */
const LOOK_BACK = 10;

/** The task definition to return to, and the deployment that replaced it. */
export interface PreviousRevision {
  taskDefinition: string;
  replacedBy: string;
}

/** A successful deployment and the task definitions of the revisions it replaced. */
export interface ReplacedRevisions {
  arn: string;
  sourceTaskDefinitions: string[];
}

/**
 * The revision live before the service's latest successful deployment, newest first: the first
 * source task definition that is not what the service runs now. Pure.
 */
export function pickPreviousRevision(
  current: string | undefined,
  newestFirst: readonly ReplacedRevisions[],
): PreviousRevision | undefined {
  for (const d of newestFirst) {
    const taskDefinition = d.sourceTaskDefinitions.find((td) => td !== current);
    if (taskDefinition) return { taskDefinition, replacedBy: d.arn };
  }
  return undefined;
}

/**
 * What `rollback` redeploys when nothing runs: the task definition of the source revision of the
 * newest successful deployments (DescribeServiceDeployments, DescribeServiceRevisions).
 */
export async function previousRevision(
  ref: ServiceRef,
  currentTaskDefinition: string | undefined,
): Promise<PreviousRevision | undefined> {
  const briefs = (await listServiceDeployments(ref, { status: ['SUCCESSFUL'] }))
    .sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0))
    .slice(0, LOOK_BACK);
  const arns = briefs.map((b) => b.serviceDeploymentArn).filter((a): a is string => !!a);
  if (!arns.length) return undefined;
  const out = await ref.ecs.send(
    new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: arns }),
  );
  const byArn = new Map((out.serviceDeployments ?? []).map((d) => [d.serviceDeploymentArn, d]));
  const deployments = arns.map((arn) => byArn.get(arn)).filter((d): d is ServiceDeployment => !!d);
  const revisionArns = [
    ...new Set(deployments.flatMap((d) => (d.sourceServiceRevisions ?? []).map((r) => r.arn!))),
  ].filter(Boolean);
  const taskDefinitionOf = await revisionTaskDefinitions(ref, revisionArns);
  return pickPreviousRevision(
    currentTaskDefinition,
    deployments.map((d) => ({
      arn: d.serviceDeploymentArn!,
      sourceTaskDefinitions: (d.sourceServiceRevisions ?? [])
        .map((r) => taskDefinitionOf.get(r.arn ?? ''))
        .filter((td): td is string => !!td),
    })),
  );
}

/** Task definition of each service revision, 20 ARNs per DescribeServiceRevisions call. */
async function revisionTaskDefinitions(
  ref: ServiceRef,
  arns: readonly string[],
): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (let i = 0; i < arns.length; i += 20) {
    const out = await ref.ecs.send(
      new DescribeServiceRevisionsCommand({ serviceRevisionArns: arns.slice(i, i + 20) }),
    );
    for (const r of out.serviceRevisions ?? [])
      if (r.serviceRevisionArn && r.taskDefinition)
        found.set(r.serviceRevisionArn, r.taskDefinition);
  }
  return found;
}
