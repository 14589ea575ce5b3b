import {
  DescribeServicesCommand,
  UpdateServiceCommand,
  type Service,
  type ServiceDeployment,
} from '@aws-sdk/client-ecs';
import { freshServiceEvents } from '../codedeploy/service-events.js';
import { ServiceEvidence } from '../codedeploy/service-evidence.js';
import type { EngineAdapter } from '../deploy/engine.js';
import type { EngineSnapshot } from '../deploy/snapshot.js';
import { ActionError } from '../errors/action-error.js';
import { errorName, messageOf } from '../errors/aws-errors.js';
import {
  describeServiceDeployment,
  refuseIfCancelled,
  stopServiceDeployment,
  type EcsEngineDeps,
} from './native-engine.js';
import { serviceDeploymentConsoleUrl } from './native-preflight.js';
import { rolloutIdOfRevision, rollingSnapshotOf, type RolloutRef } from './rolling-snapshot.js';

const SERVICE_DEPLOYMENT_ARN = /:service-deployment\//;

/**
 * Starts a rolling update: UpdateService with the new task definition. The deployment id is the
 * service deployment ARN when ECS names a new one, else the PRIMARY rollout's `ecs-svc/…` id.
 */
export async function startRollingUpdate(
  deps: EcsEngineDeps,
  taskDefinitionArn: string,
  runningBefore: string | undefined,
): Promise<RolloutRef> {
  refuseIfCancelled(deps.signal, 'UpdateService');
  const out = await deps.ecs.send(
    new UpdateServiceCommand({
      cluster: deps.cluster,
      service: deps.service,
      taskDefinition: taskDefinitionArn,
    }),
  );
  const primary = out.service?.deployments?.find((d) => d.status === 'PRIMARY');
  const arn = out.service?.currentServiceDeployment;
  const rolloutId = primary?.taskDefinition === taskDefinitionArn ? primary.id : undefined;
  const deploymentId = arn && arn !== runningBefore ? arn : rolloutId;
  if (!deploymentId)
    throw new ActionError(
      `UpdateService of ${deps.cluster}/${deps.service} to ${taskDefinitionArn} returned no new deployment;`,
      'check the service in the ECS console.',
    );
  return { deploymentId, rolloutId, taskDefinition: taskDefinitionArn };
}

/**
 * Whether a read needs the service deployment as well as DescribeServices. The rollouts show a
 * healthy update in progress as well as it does (the official action's waiter reads nothing
 * else), so the service deployment (status, rollback, circuit breaker, alarms) is read when they
 * cannot: before ours is known, once ours is not the PRIMARY rollout in progress (completed,
 * failed, replaced, rolled back), once a task of it failed, after a read that saw it leave
 * IN_PROGRESS, and when evidence is due. Half the calls of reading both every time. Pure.
 */
export function serviceDeploymentNeeded(
  service: Pick<Service, 'deployments'>,
  ref: RolloutRef,
  prev: EngineSnapshot | undefined,
  withEvidence: boolean,
): boolean {
  if (withEvidence || !ref.rolloutId) return true;
  const ours = service.deployments?.find((d) => d.id === ref.rolloutId);
  if (!ours || ours.status !== 'PRIMARY' || ours.rolloutState !== 'IN_PROGRESS') return true;
  if ((ours.failedTasks ?? 0) > 0) return true;
  return prev !== undefined && prev.status !== 'IN_PROGRESS' && prev.status !== 'PENDING';
}

/**
 * The rolling engine behind the common adapter shape: DescribeServices every read (rollouts,
 * failed tasks, service events), DescribeServiceDeployments too when the deployment has an ARN and
 * the rollouts alone cannot tell (serviceDeploymentNeeded), stopped tasks when evidence is due.
 */
export class RollingEngine implements EngineAdapter {
  readonly engine = 'rolling' as const;
  private prev?: EngineSnapshot;
  private evidence?: ServiceEvidence;
  private readonly seenEvents = new Set<string>();
  /** Service deployments unreadable here (older accounts, partitions): rollouts alone then. */
  private serviceDeploymentsUnavailable = false;

  /**
   * `previousTaskDefinition`: what the service ran before this update, redeployed to roll it back
   * when ECS names no service deployment to stop.
   */
  constructor(
    private readonly deps: EcsEngineDeps,
    private ref?: RolloutRef,
    private readonly previousTaskDefinition?: string,
  ) {}

  async read(id: string, options: { withEvidence?: boolean } = {}): Promise<EngineSnapshot> {
    const service = await describeService(this.deps);
    const ref: RolloutRef = this.ref?.deploymentId === id ? this.ref : { deploymentId: id };
    const prev = this.prev?.deploymentId === id ? this.prev : undefined;
    const sd = serviceDeploymentNeeded(service, ref, prev, options.withEvidence ?? false)
      ? await this.serviceDeployment(id)
      : undefined;
    ref.rolloutId ??= rolloutIdOfRevision(sd?.targetServiceRevision?.arn);
    if (!SERVICE_DEPLOYMENT_ARN.test(id)) ref.rolloutId ??= id;
    if (!ref.taskDefinition && ref.rolloutId)
      ref.taskDefinition = service.deployments?.find((d) => d.id === ref.rolloutId)?.taskDefinition;
    this.ref = ref;
    const seen = await this.newEvidence(service, options.withEvidence ?? false);
    this.prev = rollingSnapshotOf(service, ref, sd, prev, this.deps.clock.now(), seen);
    return this.prev;
  }

  continue(): Promise<string> {
    return Promise.reject(
      new ActionError('A rolling update never holds for a decision: there is nothing to continue.'),
    );
  }

  /**
   * StopServiceDeployment(ROLLBACK) when the update has a service deployment ARN; else an
   * UpdateService back to the previous task definition, itself a rolling update that replaces
   * ours (the only rollback ECS offers a rollout without an ARN). Once the run is cancelled that
   * UpdateService is not sent (the abort guard lets only stops through): the post step sends it.
   */
  async stopWithRollback(snapshot: EngineSnapshot): Promise<string> {
    if (SERVICE_DEPLOYMENT_ARN.test(snapshot.deploymentId))
      return stopServiceDeployment(this.deps, snapshot.deploymentId);
    const previous =
      this.previousTaskDefinition ?? snapshot.revisions.find((r) => r.role === 'source')?.id;
    if (!previous || !previous.includes(':task-definition/'))
      throw new ActionError(
        `Rolling update ${snapshot.deploymentId} has no service deployment ARN and no earlier task definition is known, so it cannot be rolled back;`,
        'deploy the task definition the service ran before (task-definition: <its ARN>).',
      );
    if (this.deps.signal?.aborted)
      throw new ActionError(
        `Rolling update ${snapshot.deploymentId} has no service deployment ARN: it is rolled back by redeploying ${previous}, which the post step of the cancelled run does.`,
      );
    await this.deps.ecs.send(
      new UpdateServiceCommand({
        cluster: this.deps.cluster,
        service: this.deps.service,
        taskDefinition: previous,
      }),
    );
    if (this.ref?.deploymentId === snapshot.deploymentId) this.ref.rollbackTo = previous;
    else this.ref = { deploymentId: snapshot.deploymentId, rollbackTo: previous };
    return `UpdateService back to ${previous}: ECS names no service deployment for ${snapshot.deploymentId}, so the rollback is a rolling update to the previous task definition`;
  }

  /** ECS rolls back within the same deployment (or rollout): keep reading it. */
  followRollback(snapshot: EngineSnapshot): string {
    return snapshot.deploymentId;
  }

  consoleUrl(id: string): string {
    if (SERVICE_DEPLOYMENT_ARN.test(id)) return serviceDeploymentConsoleUrl(this.deps.region, id);
    const c = encodeURIComponent(this.deps.cluster);
    const s = encodeURIComponent(this.deps.service);
    return `https://${this.deps.region}.console.aws.amazon.com/ecs/v2/clusters/${c}/services/${s}/deployments?region=${this.deps.region}`;
  }

  private async serviceDeployment(id: string): Promise<ServiceDeployment | undefined> {
    if (!SERVICE_DEPLOYMENT_ARN.test(id) || this.serviceDeploymentsUnavailable) return undefined;
    try {
      return await describeServiceDeployment(this.deps, id);
    } catch (error) {
      const name = errorName(error);
      if (name !== 'UnsupportedFeatureException' && name !== 'AccessDeniedException') throw error;
      this.serviceDeploymentsUnavailable = true;
      this.deps.debug?.(`service deployments unavailable, following rollouts: ${messageOf(error)}`);
      return undefined;
    }
  }

  /**
   * Service events come with the DescribeServices every read makes anyway (new ones only);
   * stopped tasks cost two more calls, so only when evidence is due.
   */
  private async newEvidence(service: Service, withStoppedTasks: boolean) {
    const since =
      service.deployments?.find((d) => d.id === this.ref?.rolloutId)?.createdAt ??
      new Date(this.deps.clock.now() - 60_000);
    const events = freshServiceEvents(
      (service.events ?? []).map((e) => ({
        id: e.id ?? `${e.createdAt?.getTime()}:${e.message}`,
        createdAt: e.createdAt ?? new Date(0),
        message: e.message ?? '',
      })),
      since,
      this.seenEvents,
    );
    for (const e of events) this.seenEvents.add(e.id);
    let stoppedTasks: string[] = [];
    if (withStoppedTasks) {
      this.evidence ??= new ServiceEvidence(
        this.deps.ecs,
        this.deps.cluster,
        this.deps.service,
        since,
      );
      stoppedTasks = await this.evidence.newStoppedTasks().catch((error: unknown) => {
        this.deps.debug?.(`stopped tasks unavailable: ${messageOf(error)}`);
        return [];
      });
    }
    return { events: events.map((e) => e.message), stoppedTasks };
  }
}

async function describeService(deps: EcsEngineDeps): Promise<Service> {
  const out = await deps.ecs.send(
    new DescribeServicesCommand({ cluster: deps.cluster, services: [deps.service] }),
  );
  const service = out.services?.[0];
  if (!service)
    throw new ActionError(
      `ECS service "${deps.service}" was not found in cluster "${deps.cluster}" (${out.failures?.[0]?.reason ?? 'MISSING'}).`,
      'Check the `service` and `cluster` inputs.',
    );
  return service;
}
