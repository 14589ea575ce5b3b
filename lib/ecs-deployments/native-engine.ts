import {
  ContinueServiceDeploymentCommand,
  DescribeServiceDeploymentsCommand,
  StopServiceDeploymentCommand,
  UpdateServiceCommand,
  type ServiceDeployment,
} from '@aws-sdk/client-ecs';
import type { Clock } from '../clock/clock.js';
import { ServiceEvidence } from '../codedeploy/service-evidence.js';
import type { EngineAdapter } from '../deploy/engine.js';
import type { EngineSnapshot } from '../deploy/snapshot.js';
import { ActionError } from '../errors/action-error.js';
import { errorName, messageOf } from '../errors/aws-errors.js';
import { findStartedDeployment, type ServiceRef } from './find-deployment.js';
import { serviceDeploymentConsoleUrl } from './native-preflight.js';
import { nativeSnapshotOf } from './native-snapshot.js';

export interface EcsEngineDeps extends ServiceRef {
  region: string;
  clock: Clock;
  /** Aborted on SIGTERM/SIGINT: checked before every call that changes something. */
  signal?: AbortSignal;
  debug?: (line: string) => void;
}

/** Refuse a state-changing call once the run is cancelled (the stop with rollback is the exception). */
export function refuseIfCancelled(signal: AbortSignal | undefined, call: string): void {
  if (signal?.aborted)
    throw new ActionError(`The workflow run was cancelled; ${call} was not sent.`);
}

/**
 * Starts an ECS-native deployment: UpdateService with the new task definition and nothing else
 * (the strategy and hooks belong to infrastructure). The deployment is the response's
 * `currentServiceDeployment` when it is a new one, else the newest listed since the call.
 */
export async function startServiceDeployment(
  deps: EcsEngineDeps,
  taskDefinitionArn: string,
  runningBefore: string | undefined,
): Promise<string> {
  refuseIfCancelled(deps.signal, 'UpdateService');
  const calledAt = deps.clock.now();
  const out = await deps.ecs.send(
    new UpdateServiceCommand({
      cluster: deps.cluster,
      service: deps.service,
      taskDefinition: taskDefinitionArn,
    }),
  );
  const named = out.service?.currentServiceDeployment;
  if (named && named !== runningBefore) return named;
  const found = await findStartedDeployment(deps, calledAt, runningBefore);
  if (found) return found;
  throw new ActionError(
    `UpdateService of ${deps.cluster}/${deps.service} to ${taskDefinitionArn} was accepted, but no new service deployment appeared in ListServiceDeployments;`,
    'check the service in the ECS console (a deployment may still have started) and re-run with on-conflict: wait.',
  );
}

/** The ECS-native engine (BLUE_GREEN, LINEAR, CANARY) behind the common adapter shape. */
export class NativeEngine implements EngineAdapter {
  readonly engine = 'native' as const;
  private prev?: EngineSnapshot;
  private evidence?: ServiceEvidence;

  constructor(private readonly deps: EcsEngineDeps) {}

  async read(arn: string, options: { withEvidence?: boolean } = {}): Promise<EngineSnapshot> {
    const d = await describeServiceDeployment(this.deps, arn);
    const seen = options.withEvidence
      ? await this.newEvidence(d.startedAt ?? d.createdAt)
      : undefined;
    const prev = this.prev?.deploymentId === arn ? this.prev : undefined;
    this.prev = nativeSnapshotOf(d, prev, this.deps.clock.now(), seen);
    return this.prev;
  }

  async continue(snapshot: EngineSnapshot, holdId: string): Promise<string> {
    refuseIfCancelled(this.deps.signal, 'ContinueServiceDeployment(CONTINUE)');
    try {
      await this.deps.ecs.send(
        new ContinueServiceDeploymentCommand({
          serviceDeploymentArn: snapshot.deploymentId,
          hookId: holdId,
          action: 'CONTINUE',
        }),
      );
      return `ContinueServiceDeployment(CONTINUE) sent for hook ${holdId}`;
    } catch (error) {
      // The hook left AWAITING_ACTION meanwhile (someone promoted it, or it expired): the next read says which.
      if (errorName(error) === 'InvalidParameterException')
        return `hook ${holdId} no longer awaits action (${messageOf(error)})`;
      throw error;
    }
  }

  /**
   * A held deployment is rolled back through its hook (ContinueServiceDeployment ROLLBACK), any
   * other with StopServiceDeployment ROLLBACK, as ecspresso does (spec §4.3). One that already
   * ended is not an error: the next read shows its final state.
   */
  async stopWithRollback(snapshot: EngineSnapshot): Promise<string> {
    const arn = snapshot.deploymentId;
    if (snapshot.hold) {
      try {
        await this.deps.ecs.send(
          new ContinueServiceDeploymentCommand({
            serviceDeploymentArn: arn,
            hookId: snapshot.hold.id,
            action: 'ROLLBACK',
          }),
        );
        return `ContinueServiceDeployment(ROLLBACK) sent for hook ${snapshot.hold.id}`;
      } catch (error) {
        if (errorName(error) !== 'InvalidParameterException') throw error;
        this.deps.debug?.(`hook ${snapshot.hold.id} no longer held: ${messageOf(error)}`);
      }
    }
    return stopServiceDeployment(this.deps, arn);
  }

  /** ECS rolls back within the same service deployment: keep reading it. */
  followRollback(snapshot: EngineSnapshot): string {
    return snapshot.deploymentId;
  }

  consoleUrl(arn: string): string {
    return serviceDeploymentConsoleUrl(this.deps.region, arn);
  }

  private async newEvidence(since: Date | undefined) {
    this.evidence ??= new ServiceEvidence(
      this.deps.ecs,
      this.deps.cluster,
      this.deps.service,
      since ?? new Date(this.deps.clock.now() - 60_000),
    );
    try {
      return {
        events: await this.evidence.newEvents(),
        stoppedTasks: await this.evidence.newStoppedTasks(),
      };
    } catch (error) {
      this.deps.debug?.(`ECS evidence unavailable: ${messageOf(error)}`);
      return undefined;
    }
  }
}

/** StopServiceDeployment(ROLLBACK); a deployment that already ended answers ConflictException. */
export async function stopServiceDeployment(deps: ServiceRef, arn: string): Promise<string> {
  try {
    await deps.ecs.send(
      new StopServiceDeploymentCommand({ serviceDeploymentArn: arn, stopType: 'ROLLBACK' }),
    );
    return `StopServiceDeployment(ROLLBACK) sent for ${arn}`;
  } catch (error) {
    if (errorName(error) === 'ConflictException') return `${arn} had already ended`;
    throw error;
  }
}

/** DescribeServiceDeployments for one ARN; an unknown one is an expected failure naming it. */
export async function describeServiceDeployment(
  deps: ServiceRef,
  arn: string,
): Promise<ServiceDeployment> {
  const out = await deps.ecs.send(
    new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn] }),
  );
  const found = out.serviceDeployments?.find((d) => d.serviceDeploymentArn === arn);
  if (found) return found;
  const reason = out.failures?.[0]?.reason ?? 'MISSING';
  throw new ActionError(
    `Service deployment ${arn} was not found (${reason});`,
    'check deployment-id, the region (AWS_REGION) and that the deployment is less than 90 days old.',
  );
}
