import {
  ListServiceDeploymentsCommand,
  type ECSClient,
  type Service,
  type ServiceDeploymentBrief,
  type ServiceDeploymentStatus,
} from '@aws-sdk/client-ecs';
import type { Clock } from '../clock/clock.js';

/** Statuses of a service deployment that has not ended (spec §2.1). */
export const ACTIVE_SERVICE_DEPLOYMENT: readonly ServiceDeploymentStatus[] = [
  'PENDING',
  'IN_PROGRESS',
  'STOP_REQUESTED',
  'ROLLBACK_REQUESTED',
  'ROLLBACK_IN_PROGRESS',
];

/** Clocks of the runner and of ECS disagree a little: look this far before the call. */
export const CLOCK_SKEW_MS = 60_000;
const FIND_TRIES = 4;
const FIND_EVERY_MS = 2500;

export interface ServiceRef {
  ecs: ECSClient;
  cluster: string;
  service: string;
}

/** The newest brief, by createdAt (ECS lists newest first, but do not rely on it). */
export function newest(
  briefs: readonly ServiceDeploymentBrief[],
): ServiceDeploymentBrief | undefined {
  return [...briefs].sort(
    (a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0),
  )[0];
}

/** Every page of ListServiceDeployments for the filter (the API has no paginator, spec §5.1). */
export async function listServiceDeployments(
  ref: ServiceRef,
  filter: { status?: ServiceDeploymentStatus[]; createdAfter?: Date } = {},
): Promise<ServiceDeploymentBrief[]> {
  const all: ServiceDeploymentBrief[] = [];
  let nextToken: string | undefined;
  do {
    const out = await ref.ecs.send(
      new ListServiceDeploymentsCommand({
        cluster: ref.cluster,
        service: ref.service,
        ...(filter.status ? { status: filter.status } : {}),
        ...(filter.createdAfter ? { createdAt: { after: filter.createdAfter } } : {}),
        ...(nextToken ? { nextToken } : {}),
      }),
    );
    all.push(...(out.serviceDeployments ?? []));
    nextToken = out.nextToken;
  } while (nextToken);
  return all;
}

/**
 * Whether DescribeServices alone shows that no deployment runs: one rollout, PRIMARY, COMPLETED,
 * with every task it wants running. A service deployment in progress (rolling back or stopping
 * included) keeps a second rollout until clean-up (spec §2.4, §5.3: terraform's steady-state test
 * is the same), so ListServiceDeployments is then not needed to know there is no conflict. Pure.
 */
export function settledService(service: Pick<Service, 'deployments'>): boolean {
  const rollouts = service.deployments ?? [];
  const only = rollouts[0];
  return (
    rollouts.length === 1 &&
    only?.status === 'PRIMARY' &&
    only.rolloutState === 'COMPLETED' &&
    only.runningCount === only.desiredCount
  );
}

/** The service's deployment that has not ended, newest first; undefined when none runs. */
export async function activeServiceDeployment(
  ref: ServiceRef,
): Promise<ServiceDeploymentBrief | undefined> {
  return newest(await listServiceDeployments(ref, { status: [...ACTIVE_SERVICE_DEPLOYMENT] }));
}

/** The service's latest deployment, whatever its status. */
export async function latestServiceDeployment(
  ref: ServiceRef,
): Promise<ServiceDeploymentBrief | undefined> {
  const out = await ref.ecs.send(
    new ListServiceDeploymentsCommand({ cluster: ref.cluster, service: ref.service }),
  );
  return newest(out.serviceDeployments ?? []);
}

/**
 * The deployment an UpdateService at `calledAtMs` started, when its response did not name it:
 * the newest created since the call (less the clock skew) that is not the one running before.
 * ECS may list it a moment late, so look a few times (ecspresso looks for 10 s, spec §5.2).
 */
export async function findStartedDeployment(
  ref: ServiceRef & { clock: Clock },
  calledAtMs: number,
  before: string | undefined,
): Promise<string | undefined> {
  for (let attempt = 1; attempt <= FIND_TRIES; attempt++) {
    const briefs = await listServiceDeployments(ref, {
      createdAfter: new Date(calledAtMs - CLOCK_SKEW_MS),
    });
    const found = newest(briefs.filter((b) => b.serviceDeploymentArn !== before));
    if (found?.serviceDeploymentArn) return found.serviceDeploymentArn;
    if (attempt < FIND_TRIES) await ref.clock.sleep(FIND_EVERY_MS);
  }
  return undefined;
}
