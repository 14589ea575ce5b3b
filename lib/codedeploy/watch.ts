import {
  GetDeploymentTargetCommand,
  ListDeploymentTargetsCommand,
  type CodeDeployClient,
  type DeploymentInfo,
  type DeploymentTarget,
} from '@aws-sdk/client-codedeploy';
import type { ECSClient } from '@aws-sdk/client-ecs';
import { errorName, isTransient, messageOf } from '../errors/aws-errors.js';
import { getDeployment } from './active-deployment.js';
import type { Clock } from '../clock/clock.js';
import {
  nextDeploymentStep,
  type GateState,
  type WaitUntil,
  type WatchPhase,
  type WatchState,
} from './next-step.js';
import { changed, progressLines } from './progress.js';
import { ServiceEvidence } from './service-evidence.js';
import { isTerminal, snapshotOf, targetReadNeeded, type DeploymentSnapshot } from './snapshot.js';
import { continueDeployment, stopWithRollback } from './stop-deployment.js';
import type { GateVerdict } from '../gate/ready-gate.js';

export interface WatchDeps {
  codedeploy: CodeDeployClient;
  /** For service events and stopped-task reasons; evidence only. */
  ecs?: ECSClient;
  clock: Clock;
  log: (line: string) => void;
  debug?: (line: string) => void;
  /** Aborts on SIGTERM/SIGINT: the loop stops the deployment with rollback and reports. */
  signal?: AbortSignal;
}

export interface WatchRequest {
  deploymentId: string;
  waitUntil: WaitUntil;
  timeoutMs: number;
  rollbackTimeoutMs?: number;
  /** The deployment's auto-rollback is on: a failure should be followed by a rollback deployment. */
  rollbackExpected: boolean;
  /** Runs the Ready gate within `budgetMs`, what is left of `timeoutMs`. */
  gate?: (budgetMs: number) => Promise<GateVerdict>;
  service?: { cluster: string; service: string };
  /** Stop the deployment with rollback first (rollback command, on-conflict replace). */
  stopReason?: string;
}

export interface TimelineEntry {
  atMs: number;
  line: string;
}

export interface WatchOutcome {
  ok: boolean;
  reason: string;
  deploymentId: string;
  /** Last status seen of the deployment itself (not of its rollback). */
  status: string;
  rolledBack: boolean;
  rollbackDeploymentId?: string;
  last: DeploymentSnapshot;
  timeline: TimelineEntry[];
  /** Gate results, ECS service events and stopped-task reasons worth showing with a failure. */
  evidence: string[];
  apiCalls: number;
  /** From the start of the watch to its end. */
  elapsedMs: number;
}

const EVENTS_EVERY_MS = 10_000;
const STOPPED_TASKS_EVERY_MS = 30_000;

/**
 * Follows a deployment until nextDeploymentStep says it is done, performing each step: poll,
 * run the Ready gate, continue, stop with rollback, follow the rollback deployment. It never
 * returns an ambiguous result: ok, or a reason with the rollback state.
 */
export async function watchDeployment(
  deps: WatchDeps,
  request: WatchRequest,
): Promise<WatchOutcome> {
  const { clock, log } = deps;
  const started = clock.now();
  const timeline: TimelineEntry[] = [];
  const evidence: string[] = [];
  const note = (line: string) => {
    log(line);
    timeline.push({ atMs: clock.now() - started, line: line.trim() });
  };
  let apiCalls = 0;
  let phase: WatchPhase = 'deploying';
  let phaseStarted = started;
  let currentId = request.deploymentId;
  let targetId: string | undefined;
  let lastTarget: DeploymentTarget | undefined;
  let prev: DeploymentSnapshot | undefined;
  let original: DeploymentSnapshot = {
    deploymentId: request.deploymentId,
    status: 'Unknown',
    lifecycleEvents: [],
    taskSets: [],
  };
  let lastChange = started;
  let terminalSince: number | undefined;
  let gate: GateState = request.gate ? 'pending' : 'none';
  let continued = false;
  let failedPolls = 0;
  let stopReason = request.stopReason;
  let watchError: string | undefined;
  let stopError: string | undefined;
  // After an unexpected error only GetDeployment is read: the status and rollback link are what
  // following the stop needs, and a refused target read (AccessDenied) would only refuse again.
  let readTargets = true;
  let rollbackId: string | undefined;
  let evidenceSource: ServiceEvidence | undefined;
  let lastEvents = 0;
  let lastStoppedTasks = 0;

  const stop = async (reason: string) => {
    stopReason ??= reason;
    watchError = undefined;
    apiCalls++;
    note(`Stopping ${currentId} with rollback: ${reason}`);
    try {
      log(`  ${await stopWithRollback(deps.codedeploy, currentId)}`);
    } catch (error) {
      stopError = messageOf(error);
      note(`StopDeployment failed: ${stopError}`);
      return;
    }
    phase = 'stopping';
    phaseStarted = lastChange = clock.now();
  };
  if (request.stopReason) await stop(request.stopReason);

  const collectEvidence = async (force: boolean) => {
    if (!deps.ecs || !request.service) return;
    const now = clock.now();
    evidenceSource ??= new ServiceEvidence(
      deps.ecs,
      request.service.cluster,
      request.service.service,
      original.startedAt ?? new Date(started - 60_000),
    );
    try {
      if (force || now - lastEvents >= EVENTS_EVERY_MS) {
        lastEvents = now;
        for (const line of await evidenceSource.newEvents()) {
          log(`  ECS: ${line}`);
          evidence.push(`ECS: ${line}`);
        }
      }
      if (force || now - lastStoppedTasks >= STOPPED_TASKS_EVERY_MS) {
        lastStoppedTasks = now;
        for (const line of await evidenceSource.newStoppedTasks()) {
          log(`  ECS: ${line}`);
          evidence.push(`ECS: ${line}`);
        }
      }
    } catch (error) {
      deps.debug?.(`ECS evidence unavailable: ${messageOf(error)}`);
    }
  };

  for (;;) {
    let snapshot: DeploymentSnapshot;
    let info: DeploymentInfo | undefined;
    try {
      apiCalls++;
      info = await getDeployment(deps.codedeploy, currentId);
      let target = lastTarget;
      if (
        readTargets &&
        targetReadNeeded(info.status ?? 'Unknown', lastTarget?.ecsTarget?.status)
      ) {
        const read = await readTarget(deps.codedeploy, currentId, targetId);
        apiCalls += read.calls;
        targetId = read.targetId;
        target = read.target;
      }
      lastTarget = target;
      snapshot = snapshotOf(info, target);
      failedPolls = 0;
    } catch (error) {
      if (isTransient(error)) {
        failedPolls++;
        deps.debug?.(`poll ${currentId} failed (${failedPolls} in a row): ${messageOf(error)}`);
        if (failedPolls === 3)
          log(`  AWS is throttling or failing (${messageOf(error)}); polling less often`);
      } else {
        watchError = `could not follow ${currentId}: ${messageOf(error)}`;
        readTargets = false;
      }
      // GetDeployment may have answered before the target read was refused: decide on that.
      snapshot =
        watchError && info
          ? snapshotOf(info, lastTarget)
          : (prev ?? {
              deploymentId: currentId,
              status: 'Unknown',
              lifecycleEvents: [],
              taskSets: [],
            });
    }
    const now = clock.now();
    if (changed(prev, snapshot) && snapshot.status !== 'Unknown') {
      for (const line of progressLines(prev, snapshot)) note(line);
      lastChange = now;
    }
    // A failed poll saw nothing: keep the last real snapshot, or the next one reads "Unknown → …".
    if (snapshot.status !== 'Unknown') prev = snapshot;
    if (phase !== 'rolling-back' && snapshot.status !== 'Unknown') original = snapshot;
    terminalSince = isTerminal(snapshot.status) ? (terminalSince ?? now) : undefined;
    if (phase === 'deploying' && snapshot.status !== 'Created') await collectEvidence(false);
    if (isTerminal(snapshot.status) && snapshot.status !== 'Succeeded' && phase !== 'rolling-back')
      await collectEvidence(true);

    const state: WatchState = {
      phase,
      waitUntil: request.waitUntil,
      elapsedMs: now - started,
      timeoutMs: request.timeoutMs,
      phaseElapsedMs: now - phaseStarted,
      rollbackTimeoutMs: request.rollbackTimeoutMs ?? 10 * 60_000,
      sinceChangeMs: now - lastChange,
      terminalForMs: terminalSince === undefined ? 0 : now - terminalSince,
      gate,
      continued,
      rollbackExpected: request.rollbackExpected || phase !== 'deploying',
      cancelled: deps.signal?.aborted ?? false,
      failedPollsInARow: failedPolls,
      stopReason,
      watchError,
      stopError,
    };
    const step = nextDeploymentStep(snapshot, state);
    switch (step.kind) {
      case 'watch':
        await clock.sleep(step.delayMs, deps.signal);
        break;
      case 'run-gate': {
        note('Ready: running the gate against the test listener');
        const budgetMs = Math.max(0, request.timeoutMs - (clock.now() - started));
        const verdict = await request.gate!(budgetMs).catch((error: unknown): GateVerdict => ({
          passed: false,
          lines: [`FAIL the gate could not run: ${messageOf(error)}`],
        }));
        for (const line of verdict.lines) log(`  ${line}`);
        gate = verdict.timedOut ? 'timed-out' : verdict.passed ? 'passed' : 'failed';
        if (verdict.timedOut) {
          evidence.push(...verdict.lines);
        } else if (!verdict.passed) {
          stopReason = `the Ready gate failed: ${verdict.lines.find((l) => l.startsWith('FAIL')) ?? verdict.lines.at(-1) ?? 'no detail'}`;
          evidence.push(...verdict.lines);
        }
        note(
          verdict.timedOut
            ? 'Gate cut short by the timeout'
            : verdict.passed
              ? 'Gate passed'
              : 'Gate failed',
        );
        break;
      }
      case 'continue':
        apiCalls++;
        note(
          gate === 'passed'
            ? 'Promoting: ContinueDeployment(READY_WAIT)'
            : 'Ready and no gate configured: ContinueDeployment(READY_WAIT)',
        );
        try {
          await continueDeployment(deps.codedeploy, currentId, 'READY_WAIT');
          continued = true;
        } catch (error) {
          watchError = `ContinueDeployment(READY_WAIT) ${currentId} failed: ${messageOf(error)}`;
          note(watchError);
        }
        lastChange = clock.now();
        break;
      case 'stop':
        await stop(step.reason);
        break;
      case 'follow-rollback':
        stopReason ??= step.reason;
        rollbackId = step.rollbackDeploymentId;
        note(`Following rollback deployment ${rollbackId}`);
        phase = 'rolling-back';
        phaseStarted = lastChange = clock.now();
        currentId = rollbackId;
        targetId = undefined;
        lastTarget = undefined;
        prev = undefined;
        break;
      case 'succeed':
      case 'fail': {
        const ok = step.kind === 'succeed';
        note(ok ? `Done: ${step.reason}` : `Failed: ${step.reason}`);
        return {
          ok,
          reason: step.reason,
          deploymentId: request.deploymentId,
          status: original.status,
          rolledBack: step.kind === 'fail' && step.rolledBack,
          rollbackDeploymentId: rollbackId ?? original.rollbackDeploymentId,
          last: original,
          timeline,
          evidence,
          apiCalls: apiCalls + (evidenceSource?.calls ?? 0),
          elapsedMs: clock.now() - started,
        };
      }
    }
  }
}

/** The ECS target of a deployment; nothing before it starts (DeploymentNotStartedException, spec A.9). */
export async function readTarget(
  codedeploy: CodeDeployClient,
  deploymentId: string,
  known: string | undefined,
): Promise<{ target?: DeploymentTarget; targetId?: string; calls: number }> {
  let calls = 0;
  try {
    let targetId = known;
    if (!targetId) {
      calls++;
      const list = await codedeploy.send(new ListDeploymentTargetsCommand({ deploymentId }));
      targetId = list.targetIds?.[0];
      if (!targetId) return { calls };
    }
    calls++;
    const out = await codedeploy.send(new GetDeploymentTargetCommand({ deploymentId, targetId }));
    return { target: out.deploymentTarget, targetId, calls };
  } catch (error) {
    const name = errorName(error);
    if (
      name === 'DeploymentNotStartedException' ||
      name === 'DeploymentTargetDoesNotExistException'
    )
      return { calls };
    throw error;
  }
}
