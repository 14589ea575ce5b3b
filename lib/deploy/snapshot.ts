/**
 * The one picture of a deployment every engine reads its state into (CodeDeploy, ECS-native
 * blue/green/linear/canary, rolling). The shared decision, poll timing and progress lines read
 * only this, never the engine's own API shapes.
 */

export type EngineKind = 'codedeploy' | 'native' | 'rolling';

/**
 * Where a deployment is, in engine-neutral words. `held`: the replacement serves test traffic
 * and the engine waits for a decision (a PAUSE hook at POST_TEST_TRAFFIC_SHIFT, CodeDeploy's
 * Ready wait). `stopping` and `rolling-back` are on the way to a terminal phase.
 */
export type Phase =
  | 'created'
  | 'scaling'
  | 'test-traffic'
  | 'held'
  | 'shifting'
  | 'baking'
  | 'cleaning-up'
  | 'stopping'
  | 'rolling-back'
  | 'succeeded'
  | 'rolled-back'
  | 'failed';

/** The `outcome` output: one vocabulary across engines. */
export type Outcome = 'succeeded' | 'failed' | 'rolled-back' | 'ready' | 'in-progress';

/** The forward order of the phases a healthy deployment passes through. */
export const FORWARD_PHASES: readonly Phase[] = [
  'created',
  'scaling',
  'test-traffic',
  'held',
  'shifting',
  'baking',
  'cleaning-up',
  'succeeded',
];

export const TERMINAL_PHASES: readonly Phase[] = ['succeeded', 'rolled-back', 'failed'];

/** One revision (service revision, task set, rolling deployment) and the traffic it gets. */
export interface RevisionTraffic {
  id: string;
  /** target: what this deployment brings; source: what it replaces. */
  role: 'target' | 'source';
  /** Percent of production traffic; undefined where the engine has no weights (rolling). */
  productionPercent?: number;
  testPercent?: number;
  running: number;
  pending: number;
  requested: number;
  /** The engine's own name for it, where it has one (CodeDeploy's Blue / Green task set label). */
  label?: string;
  /** The engine's own status word for it, where it has one (a task set's PRIMARY / ACTIVE). */
  status?: string;
}

/** A lifecycle hook of this deployment (ECS hook details; CodeDeploy lifecycle events). */
export interface HookView {
  id: string;
  /** The stage it belongs to, as the engine names it (POST_TEST_TRAFFIC_SHIFT, AfterAllowTestTraffic). */
  stage?: string;
  /** PAUSE, AWS_LAMBDA, or the engine's own kind. */
  kind: string;
  /** The engine's word: AWAITING_ACTION, IN_PROGRESS, SUCCEEDED, FAILED, TIMED_OUT, … */
  status: string;
  expiresAt?: Date;
  /** What the engine does when the hook expires: ROLLBACK or CONTINUE. */
  timeoutAction?: string;
}

/** A wait the engine runs on a known clock: the deployment cannot move on before it ends. */
export interface Timer {
  what: 'bake' | 'step-bake' | 'canary-bake' | 'hook-expiry' | 'termination-wait';
  /** The earliest it can end. */
  endsAt: Date;
  /**
   * The latest it can end, when its start was seen only between two reads: its change stays due
   * (polled every second) until then.
   */
  endsBy?: Date;
}

/** A failure detector the engine runs (circuit breaker, CloudWatch alarms). */
export interface MonitorView {
  /** DISABLED, MONITORING, MONITORING_COMPLETE, TRIGGERED. */
  status: string;
  failureCount?: number;
  threshold?: number;
  alarmNames?: string[];
  triggeredAlarmNames?: string[];
}

export interface RollbackView {
  reason?: string;
  startedAt?: Date;
  /** The revision (or task definition) being returned to. */
  revision?: string;
  /** Engines whose rollback is a deployment of its own (CodeDeploy): its id, to follow. */
  deploymentId?: string;
  /** The engine's own note on the rollback (CodeDeploy's rollbackMessage), shown, never decided on. */
  message?: string;
}

/** What explains the state: shown with progress and with a failure. */
export interface Evidence {
  statusReason?: string;
  rollback?: RollbackView;
  circuitBreaker?: MonitorView;
  alarms?: MonitorView;
  /** Service events seen with this poll (already new-only), oldest first. */
  events: string[];
  /** Stopped-task lines seen with this poll, newest first. */
  stoppedTasks: string[];
}

export interface EngineSnapshot {
  engine: EngineKind;
  /** CodeDeploy deployment id, service deployment ARN, or rolling deployment id (ecs-svc/…). */
  deploymentId: string;
  /** The engine's own status word (CodeDeploy `Succeeded`, ECS `SUCCESSFUL`, rollout `COMPLETED`). */
  status: string;
  /** The engine's own stage word, when it has one (ECS lifecycleStage). */
  stage?: string;
  phase: Phase;
  /** BLUE_GREEN, LINEAR, CANARY, ROLLING, or the CodeDeploy configuration name. */
  strategy?: string;
  revisions: RevisionTraffic[];
  hooks: HookView[];
  /** The hook holding the deployment for a decision now (a PAUSE hook AWAITING_ACTION), if any. */
  hold?: HookView;
  timers: Timer[];
  /**
   * Epoch ms when the engine's own timer next may change the deployment (a bake's, interval's,
   * termination wait's or pause's end), as the adapter knows it; past once it ended and the
   * change has not been seen yet. Undefined when nothing on a clock is pending. Paces the polls.
   */
  changeDueAt?: number;
  /**
   * Some of the engine's timers are unknown to the action (the steps of a custom CodeDeploy
   * configuration): while traffic shifts, the polls follow its movement (poll-delay.ts).
   */
  clockHidden?: boolean;
  evidence: Evidence;
  startedAt?: Date;
  /** When a read first saw the current stage: where bake times are counted from. */
  stageSince?: Date;
  /** When a read first saw the current production weights: where step bakes are counted from. */
  trafficSince?: Date;
}

export function isTerminalPhase(phase: Phase): boolean {
  return TERMINAL_PHASES.includes(phase);
}

export function outcomeOf(phase: Phase): Outcome {
  switch (phase) {
    case 'held':
      return 'ready';
    case 'succeeded':
    case 'rolled-back':
    case 'failed':
      return phase;
    default:
      return 'in-progress';
  }
}

/** Position in FORWARD_PHASES, or -1 for stopping, rolling back and failures. */
export function forwardIndex(phase: Phase): number {
  return FORWARD_PHASES.indexOf(phase);
}

/** The replacement serves test traffic and was held for a decision, or has gone beyond that. */
export function readyReached(s: EngineSnapshot): boolean {
  return forwardIndex(s.phase) >= forwardIndex('held');
}

/** Production traffic is all on the new revision (the source may still run, baking). */
export function trafficShifted(s: EngineSnapshot): boolean {
  if (forwardIndex(s.phase) >= forwardIndex('baking')) return true;
  if (s.phase !== 'shifting') return false;
  const target = s.revisions.find((r) => r.role === 'target');
  return (target?.productionPercent ?? 0) >= 100;
}

/** The target revision's production percent, when the engine reports weights. */
export function productionOnTarget(s: EngineSnapshot): number | undefined {
  return s.revisions.find((r) => r.role === 'target')?.productionPercent;
}

/** "reason; rollback reason" for a failed or rolled-back deployment, or undefined. */
export function failureText(s: EngineSnapshot): string | undefined {
  const parts = [s.evidence.statusReason, s.evidence.rollback?.reason].filter(
    (p): p is string => !!p,
  );
  const unique = parts.filter((p, i) => parts.indexOf(p) === i);
  return unique.length ? unique.join('; ') : undefined;
}

export function emptyEvidence(): Evidence {
  return { events: [], stoppedTasks: [] };
}
