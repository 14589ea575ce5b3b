import {
  GetDeploymentTargetCommand,
  ListDeploymentTargetsCommand,
  type CodeDeployClient,
  type DeploymentTarget,
} from '@aws-sdk/client-codedeploy';
import type { ECSClient } from '@aws-sdk/client-ecs';
import type { Clock } from '../clock/clock.js';
import type { EngineAdapter } from '../deploy/engine.js';
import type { EngineSnapshot } from '../deploy/snapshot.js';
import { errorName, isTransient, messageOf } from '../errors/aws-errors.js';
import { getDeployment } from './active-deployment.js';
import { deploymentConsoleUrl } from './console-url.js';
import { CODEDEPLOY_WORDING } from './progress.js';
import { ServiceEvidence } from './service-evidence.js';
import { codeDeploySnapshot, isTerminal, targetReadNeeded } from './snapshot.js';
import { continueDeployment, stopWithRollback } from './stop-deployment.js';
import { codeDeployTimers, serverClockFaster, type SeenSince } from './timers.js';

export interface CodeDeployEngineDeps {
  codedeploy: CodeDeployClient;
  region: string;
  clock: Clock;
  /** For service events and stopped-task reasons; evidence only. */
  ecs?: ECSClient;
  service?: { cluster: string; service: string };
  debug?: (line: string) => void;
}

/** What the adapter remembers of one deployment's ECS target between reads. */
interface TargetMemory {
  targetId?: string;
  target?: DeploymentTarget;
}

/** … and of the deployment: its target, and since when each phase and traffic split was seen. */
interface DeploymentMemory extends TargetMemory {
  seen: SeenSince;
}

/**
 * CodeDeploy blue/green behind the common adapter shape: GetDeployment (and the ECS target while
 * it can change) read into the common snapshot, ContinueDeployment(READY_WAIT) to go on from the
 * Ready wait, StopDeployment with autoRollbackEnabled to stop, and the rollback deployment
 * CodeDeploy announces in rollbackInfo to follow.
 */
export class CodeDeployEngine implements EngineAdapter {
  readonly engine = 'codedeploy' as const;
  readonly wording = CODEDEPLOY_WORDING;
  private readonly memories = new Map<string, DeploymentMemory>();
  /**
   * After AWS refused a target read (AccessDenied, say) only GetDeployment is read: the status and
   * the rollback link are what following the stop needs, and the target read would only refuse again.
   */
  private targetsRefused = false;
  private evidence?: ServiceEvidence;
  private reportedEnd = new Set<string>();

  constructor(private readonly deps: CodeDeployEngineDeps) {}

  async read(
    deploymentId: string,
    options: { withEvidence?: boolean } = {},
  ): Promise<EngineSnapshot> {
    const info = await getDeployment(this.deps.codedeploy, deploymentId);
    const status = info.status ?? 'Unknown';
    const memory = this.memories.get(deploymentId) ?? { seen: {} };
    this.memories.set(deploymentId, memory);
    if (!this.targetsRefused && targetReadNeeded(status, memory.target?.ecsTarget?.status)) {
      try {
        Object.assign(
          memory,
          await readTarget(this.deps.codedeploy, deploymentId, memory.targetId),
        );
      } catch (error) {
        if (!isTransient(error)) this.targetsRefused = true;
        throw error;
      }
    }
    const snapshot = codeDeploySnapshot(info, memory.target);
    const now = this.deps.clock.now();
    const timers = codeDeployTimers(info, snapshot, memory.seen, now);
    // Timed on the action's clock, which must run as CodeDeploy's does (not a sped-up emulator).
    if (!serverClockFaster(info, memory.target, memory.seen, now)) snapshot.timers = timers;
    // The read that first sees a failure brings what explains it, whatever the pace of evidence.
    const failedNow =
      isTerminal(status) && status !== 'Succeeded' && !this.reportedEnd.has(deploymentId);
    if (failedNow) this.reportedEnd.add(deploymentId);
    if ((options.withEvidence || failedNow) && status !== 'Created')
      await this.addEvidence(snapshot, info.startTime ?? info.createTime);
    return snapshot;
  }

  /** Ends the Ready wait; a deployment that already left it (someone promoted it) is fine. */
  async continue(snapshot: EngineSnapshot, _holdId?: string): Promise<string> {
    const sent = await continueDeployment(
      this.deps.codedeploy,
      snapshot.deploymentId,
      'READY_WAIT',
    );
    return sent ? '' : `${snapshot.deploymentId} no longer waits in Ready`;
  }

  /** StopDeployment with autoRollbackEnabled: CodeDeploy then starts a rollback deployment. */
  stopWithRollback(snapshot: EngineSnapshot): Promise<string> {
    return stopWithRollback(this.deps.codedeploy, snapshot.deploymentId);
  }

  /** CodeDeploy's rollback is a deployment of its own: read that one from now on. */
  followRollback(_snapshot: EngineSnapshot, rollbackId: string): string {
    return rollbackId;
  }

  consoleUrl(deploymentId: string): string {
    return deploymentConsoleUrl(this.deps.region, deploymentId);
  }

  /** API calls made for evidence (service events, stopped tasks), for the call count. */
  get evidenceCalls(): number {
    return this.evidence?.calls ?? 0;
  }

  private async addEvidence(snapshot: EngineSnapshot, startedAt: Date | undefined): Promise<void> {
    const { ecs, service } = this.deps;
    if (!ecs || !service) return;
    this.evidence ??= new ServiceEvidence(
      ecs,
      service.cluster,
      service.service,
      startedAt ?? new Date(this.deps.clock.now() - 60_000),
    );
    try {
      snapshot.evidence.events = await this.evidence.newEvents();
      snapshot.evidence.stoppedTasks = await this.evidence.newStoppedTasks();
    } catch (error) {
      this.deps.debug?.(`ECS evidence unavailable: ${messageOf(error)}`);
    }
  }
}

/** The ECS target of a deployment; nothing before it starts (DeploymentNotStartedException, spec A.9). */
export async function readTarget(
  codedeploy: CodeDeployClient,
  deploymentId: string,
  known: string | undefined,
): Promise<TargetMemory> {
  try {
    let targetId = known;
    if (!targetId) {
      const list = await codedeploy.send(new ListDeploymentTargetsCommand({ deploymentId }));
      targetId = list.targetIds?.[0];
      if (!targetId) return {};
    }
    const out = await codedeploy.send(new GetDeploymentTargetCommand({ deploymentId, targetId }));
    return { target: out.deploymentTarget, targetId };
  } catch (error) {
    const name = errorName(error);
    if (
      name === 'DeploymentNotStartedException' ||
      name === 'DeploymentTargetDoesNotExistException'
    )
      return {};
    throw error;
  }
}
