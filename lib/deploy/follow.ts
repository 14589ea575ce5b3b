import type { Clock } from '../clock/clock.js';
import { isTransient, messageOf } from '../errors/aws-errors.js';
import type { EngineAdapter } from './engine.js';
import { evidenceDue, inTrouble } from './evidence-due.js';
import {
  nextStep,
  type GateState,
  type Step,
  type WaitUntil,
  type WatchPhase,
  type WatchState,
} from './next-step.js';
import { finalOutcome } from './outcome.js';
import { tallyEvents, tallyLines, type EventTally } from './progress.js';
import { emptyEvidence, isTerminalPhase, type EngineSnapshot, type Outcome } from './snapshot.js';
import { SHARED_WORDING, type EngineWording } from './wording.js';

/** What the gate (HTTP checks, test command) found; the shape runReadyGate returns. */
export interface GateVerdict {
  passed: boolean;
  /** The time it was given ran out before it could decide: the deploy timeout, not a verdict. */
  timedOut?: boolean;
  lines: string[];
}

export interface FollowDeps {
  adapter: EngineAdapter;
  clock: Clock;
  log: (line: string) => void;
  debug?: (line: string) => void;
  /** Aborts on SIGTERM/SIGINT: the watch stops the deployment with rollback and reports. */
  signal?: AbortSignal;
}

export interface FollowRequest {
  deploymentId: string;
  waitUntil: WaitUntil;
  timeoutMs: number;
  rollbackTimeoutMs?: number;
  /** A failure should be followed by a rollback (auto-rollback on). */
  rollbackExpected: boolean;
  /** Continue a hold nobody gates (CodeDeploy's Ready wait today); false: report it and wait. */
  autoContinue: boolean;
  /** Runs the gate within `budgetMs`, what is left of `timeoutMs`. */
  gate?: (budgetMs: number) => Promise<GateVerdict>;
  /** Stop with rollback first (rollback command, on-conflict: replace, the post step). */
  stopReason?: string;
}

export interface FollowOutcome {
  ok: boolean;
  reason: string;
  outcome: Outcome;
  deploymentId: string;
  /** The engine's own last status word of the deployment (not of a separate rollback deployment). */
  status: string;
  rolledBack: boolean;
  /** A rollback with its own id (CodeDeploy), when there was one. */
  rollbackDeploymentId?: string;
  last: EngineSnapshot;
  timeline: { atMs: number; line: string }[];
  /** Gate results, service events (with counts) and stopped tasks worth showing with a failure. */
  evidence: string[];
  elapsedMs: number;
}

/** Follows one deployment on any engine until nextStep ends it; one instance per watch. */
export function followDeployment(deps: FollowDeps, request: FollowRequest): Promise<FollowOutcome> {
  return new Follower(deps, request).run();
}

const DEFAULT_ROLLBACK_TIMEOUT_MS = 10 * 60_000;

class Follower {
  private readonly started: number;
  private readonly timeline: FollowOutcome['timeline'] = [];
  private readonly evidence: string[] = [];
  private tally: EventTally = new Map();
  /** Evidence was fetched on or after the first read in trouble. */
  private troubleExplained = false;
  private phase: WatchPhase = 'deploying';
  private phaseStarted: number;
  private currentId: string;
  private rollbackId?: string;
  private prev?: EngineSnapshot;
  private original: EngineSnapshot;
  private lastChange: number;
  private lastEvidence?: number;
  private terminalSince?: number;
  private gate: GateState;
  private continuedHold?: string;
  private failedPolls = 0;
  private stopReason?: string;
  private watchError?: string;
  private stopError?: string;
  private readonly words: EngineWording;

  constructor(
    private readonly deps: FollowDeps,
    private readonly request: FollowRequest,
  ) {
    this.started = this.phaseStarted = this.lastChange = deps.clock.now();
    this.currentId = request.deploymentId;
    this.original = unknownSnapshot(deps.adapter, request.deploymentId);
    this.gate = request.gate ? 'pending' : 'none';
    this.words = deps.adapter.wording ?? SHARED_WORDING;
  }

  async run(): Promise<FollowOutcome> {
    if (this.request.stopReason) await this.stop(this.request.stopReason, await this.read());
    for (;;) {
      const snapshot = await this.read();
      const step = nextStep(this.state(), snapshot);
      if (step.kind === 'succeed' || step.kind === 'fail') return this.finish(step);
      await this.perform(step, snapshot);
    }
  }

  private note(line: string): void {
    this.deps.log(line);
    this.timeline.push({ atMs: this.deps.clock.now() - this.started, line: line.trim() });
  }

  /** One read; a failed one keeps the last real snapshot (transient) or records why it cannot go on. */
  private async read(): Promise<EngineSnapshot> {
    const { adapter, clock } = this.deps;
    const withEvidence = evidenceDue(this.prev, clock.now(), this.lastEvidence);
    let snapshot: EngineSnapshot;
    try {
      snapshot = await adapter.read(this.currentId, { withEvidence });
      if (withEvidence) this.lastEvidence = clock.now();
      // The read that first sees trouble (a failure, a rollback) also shows why: service events
      // and stopped-task reasons, fetched at once rather than at the next evidence time.
      else if (inTrouble(snapshot) && !this.troubleExplained && !this.deps.signal?.aborted) {
        snapshot = await adapter.read(this.currentId, { withEvidence: true });
        this.lastEvidence = clock.now();
      }
      if (inTrouble(snapshot)) this.troubleExplained = true;
      this.failedPolls = 0;
    } catch (error) {
      if (isTransient(error)) {
        this.failedPolls++;
        this.deps.debug?.(
          `poll ${this.currentId} failed (${this.failedPolls} in a row): ${messageOf(error)}`,
        );
        if (this.failedPolls === 3)
          this.deps.log(`  AWS is throttling or failing (${messageOf(error)}); polling less often`);
      } else {
        this.watchError = `could not follow ${this.currentId}: ${messageOf(error)}`;
      }
      return this.prev ?? unknownSnapshot(adapter, this.currentId);
    }
    this.observe(snapshot);
    return snapshot;
  }

  /** Progress lines for what changed; remember the snapshot. */
  private observe(snapshot: EngineSnapshot): void {
    const now = this.deps.clock.now();
    const lines = this.words.progressLines(this.prev, snapshot, now);
    const events = tallyEvents(this.tally, snapshot.evidence.events);
    this.tally = events.tally;
    for (const line of lines) this.note(line);
    for (const line of events.lines) this.deps.log(`  ${line}`);
    this.evidence.push(...snapshot.evidence.stoppedTasks.map((l) => `ECS: ${l}`));
    if (lines.length) this.lastChange = now;
    this.prev = snapshot;
    if (this.phase !== 'rolling-back' || snapshot.deploymentId === this.request.deploymentId)
      this.original = snapshot;
    this.terminalSince = isTerminalPhase(snapshot.phase) ? (this.terminalSince ?? now) : undefined;
  }

  private state(): WatchState {
    const now = this.deps.clock.now();
    return {
      deploymentId: this.request.deploymentId,
      phase: this.phase,
      waitUntil: this.request.waitUntil,
      nowMs: now,
      elapsedMs: now - this.started,
      timeoutMs: this.request.timeoutMs,
      phaseElapsedMs: now - this.phaseStarted,
      rollbackTimeoutMs: this.request.rollbackTimeoutMs ?? DEFAULT_ROLLBACK_TIMEOUT_MS,
      sinceChangeMs: now - this.lastChange,
      failedPollsInARow: this.failedPolls,
      terminalForMs: this.terminalSince === undefined ? 0 : now - this.terminalSince,
      gate: this.gate,
      autoContinue: this.request.autoContinue,
      continuedHold: this.continuedHold,
      rollbackExpected: this.request.rollbackExpected || this.phase !== 'deploying',
      cancelled: this.deps.signal?.aborted ?? false,
      stopReason: this.stopReason,
      watchError: this.watchError,
      stopError: this.stopError,
      wording: this.words,
    };
  }

  private async perform(step: Exclude<Step, { kind: 'succeed' | 'fail' }>, s: EngineSnapshot) {
    switch (step.kind) {
      case 'poll':
        return this.deps.clock.sleep(step.delayMs, this.deps.signal);
      case 'run-gate':
        return this.runGate();
      case 'continue':
        return this.continueHold(s, step.holdId);
      case 'stop':
        return this.stop(step.reason, s);
      case 'follow-rollback': {
        this.stopReason ??= step.reason;
        const next = this.deps.adapter.followRollback(s, step.deploymentId);
        if (next !== this.currentId) {
          this.rollbackId = next;
          this.prev = undefined;
          this.note(`Following rollback deployment ${next}`);
        } else this.note('Following the rollback');
        this.currentId = next;
        this.phase = 'rolling-back';
        this.phaseStarted = this.lastChange = this.deps.clock.now();
        return;
      }
    }
  }

  private async stop(reason: string, s: EngineSnapshot): Promise<void> {
    this.stopReason ??= reason;
    this.watchError = undefined;
    this.note(`Stopping ${s.deploymentId} with rollback: ${reason}`);
    try {
      this.logDetail(await this.deps.adapter.stopWithRollback(s, reason));
    } catch (error) {
      this.stopError = messageOf(error);
      this.note(`${this.words.stopFailed}: ${this.stopError}`);
      return;
    }
    this.phase = 'stopping';
    this.phaseStarted = this.lastChange = this.deps.clock.now();
  }

  private async continueHold(s: EngineSnapshot, holdId: string): Promise<void> {
    this.note(this.words.continuing(holdId, this.gate === 'passed'));
    try {
      this.logDetail(await this.deps.adapter.continue(s, holdId));
      this.continuedHold = holdId;
    } catch (error) {
      this.watchError = `${this.words.continueCall(holdId, s.deploymentId)} failed: ${messageOf(error)}`;
      this.note(this.watchError);
    }
    this.lastChange = this.deps.clock.now();
  }

  private async runGate(): Promise<void> {
    this.note(this.words.gateStarts);
    const budgetMs = Math.max(0, this.request.timeoutMs - (this.deps.clock.now() - this.started));
    const verdict = await this.request.gate!(budgetMs).catch((error: unknown): GateVerdict => ({
      passed: false,
      lines: [`FAIL the gate could not run: ${messageOf(error)}`],
    }));
    for (const line of verdict.lines) this.deps.log(`  ${line}`);
    this.gate = verdict.timedOut ? 'timed-out' : verdict.passed ? 'passed' : 'failed';
    if (!verdict.passed) this.evidence.push(...verdict.lines);
    if (!verdict.passed && !verdict.timedOut) {
      const fail = verdict.lines.find((l) => l.startsWith('FAIL')) ?? verdict.lines.at(-1);
      this.stopReason = `${this.words.gate} failed: ${fail ?? 'no detail'}`;
    }
    this.note(
      verdict.timedOut
        ? 'Gate cut short by the timeout'
        : verdict.passed
          ? 'Gate passed'
          : 'Gate failed',
    );
  }

  /** An adapter's line about a call it made; an empty one says nothing more than the note before it. */
  private logDetail(line: string): void {
    if (line) this.deps.log(`  ${line}`);
  }

  private finish(step: Extract<Step, { kind: 'succeed' | 'fail' }>): FollowOutcome {
    const ok = step.kind === 'succeed';
    this.note(ok ? `Done: ${step.reason}` : `Failed: ${step.reason}`);
    return {
      ok,
      reason: step.reason,
      outcome: finalOutcome(step, this.original),
      deploymentId: this.request.deploymentId,
      status: this.original.status,
      rolledBack: step.kind === 'fail' && step.rolledBack,
      rollbackDeploymentId: this.rollbackId ?? this.original.evidence.rollback?.deploymentId,
      last: this.original,
      timeline: this.timeline,
      evidence: [...this.evidence, ...(ok ? [] : tallyLines(this.tally))],
      elapsedMs: this.deps.clock.now() - this.started,
    };
  }
}

function unknownSnapshot(adapter: EngineAdapter, deploymentId: string): EngineSnapshot {
  return {
    engine: adapter.engine,
    deploymentId,
    status: 'Unknown',
    phase: 'created',
    revisions: [],
    hooks: [],
    timers: [],
    evidence: emptyEvidence(),
  };
}
