/**
 * The pure core of an ECS-native service deployment: the plan a strategy gives (spec §2.2-2.4) and
 * `nextNativeStep`, which decides from a deployment, virtual "now" and what the driver observed
 * what happens next. The driver (`deployment.ts`) applies the decision; nothing here does I/O.
 */
import { isTerminal, type HookRun, type NativeDeployment, type Phase } from './model.js';

const MINUTE = 60_000;
/** A stage that takes longer than this fails the deployment and rolls back (spec §2.2). */
export const STAGE_LIMIT_MS = 24 * 60 * MINUTE;
/** STOP_REQUESTED lasts this long before STOPPED [infer: ecspresso#899 saw finishedAt ~10 s later]. */
export const STOP_DELAY_MS = 10_000;

export const REASONS = {
  user: 'Service deployment rolled back by user.',
  circuitBreaker:
    'Service deployment rolled back because the circuit breaker threshold was exceeded.',
  network:
    'Service deployment rolled back because of invalid networking configuration. Both targetGroup and alternateTargetGroup must be associated with the productionListenerRule or testListenerRule.',
  noCandidate: 'No rollback candidate was found to run the rollback',
  superseded: 'Service deployment stopped because a new service deployment was started.',
  aborted: 'Service deployment stopped by user.',
} as const;

export function alarmReason(name: string, rollback: boolean): string {
  return rollback
    ? `Service deployment rolled back because the CloudWatch alarm ${name} is in ALARM state.`
    : `Service deployment stopped because the CloudWatch alarm ${name} is in ALARM state.`;
}

/** Production percentages on green, one per traffic step. */
export function productionSteps(strategy: string, config: Record<string, any>): number[] {
  if (strategy === 'LINEAR') {
    const step = config.linearConfiguration?.stepPercent ?? 10;
    const steps: number[] = [];
    for (let k = 1; steps[steps.length - 1] !== 100; k++)
      steps.push(Math.min(100, Math.round(k * step * 10) / 10));
    return steps;
  }
  if (strategy === 'CANARY') {
    const canary = config.canaryConfiguration?.canaryPercent ?? 5;
    return canary >= 100 ? [100] : [canary, 100];
  }
  return [100];
}

function stepBakeMs(strategy: string, config: Record<string, any>): number {
  if (strategy === 'LINEAR')
    return (config.linearConfiguration?.stepBakeTimeInMinutes ?? 6) * MINUTE;
  if (strategy === 'CANARY')
    return (config.canaryConfiguration?.canaryBakeTimeInMinutes ?? 10) * MINUTE;
  return 0;
}

/** The phases of a deployment. Without a source revision (the service's first) only scale up and clean up. */
export function buildPlan(
  strategy: string,
  config: Record<string, any>,
  options: { hasSource: boolean; reconcile: boolean },
): Phase[] {
  if (!options.hasSource) {
    return [
      { stage: 'SCALE_UP', reported: 'SCALE_UP' },
      { stage: 'CLEAN_UP', reported: 'CLEAN_UP' },
    ];
  }
  const plan: Phase[] = [];
  if (options.reconcile) plan.push({ stage: 'RECONCILE_SERVICE', reported: 'RECONCILE_SERVICE' });
  for (const stage of [
    'PRE_SCALE_UP',
    'SCALE_UP',
    'POST_SCALE_UP',
    'TEST_TRAFFIC_SHIFT',
    'POST_TEST_TRAFFIC_SHIFT',
  ] as const)
    plan.push({ stage, reported: stage });
  const bake = stepBakeMs(strategy, config);
  productionSteps(strategy, config).forEach((percent, k) => {
    const reported = k === 0 ? 'POST_TEST_TRAFFIC_SHIFT' : 'PRODUCTION_TRAFFIC_SHIFT';
    plan.push({ stage: 'PRE_PRODUCTION_TRAFFIC_SHIFT', reported });
    plan.push({
      stage: 'PRODUCTION_TRAFFIC_SHIFT',
      reported: 'PRODUCTION_TRAFFIC_SHIFT',
      productionPercent: percent,
      ...(percent < 100 && bake > 0 ? { waitMs: bake } : {}),
    });
  });
  plan.push({ stage: 'POST_PRODUCTION_TRAFFIC_SHIFT', reported: 'POST_PRODUCTION_TRAFFIC_SHIFT' });
  plan.push({
    stage: 'BAKE_TIME',
    reported: 'BAKE_TIME',
    waitMs: (config.bakeTimeInMinutes ?? 0) * MINUTE,
  });
  plan.push({ stage: 'CLEAN_UP', reported: 'CLEAN_UP' });
  return plan;
}

/** What the driver saw in the emulated account this pass. */
export interface Observations {
  /** Green desired count reached and every green task passes its health check. */
  greenReady: boolean;
  /** Green tasks stopped for failing health checks or exiting (circuit-breaker count). */
  greenFailures: number;
  greenLive: number;
  blueLive: number;
  /** Live tasks of revisions other than blue and green (after a superseded deployment). */
  otherLive: number;
  /** An alarm of `alarms.alarmNames` in ALARM (when alarms are enabled). */
  alarm?: string;
  /** Why the listener rules cannot carry this deployment (spec §1.2), if they cannot. */
  networkProblem?: string;
}

export type Decision =
  | { do: 'none' }
  | { do: 'start' }
  | { do: 'fail'; reason: string; rollback: boolean; alarm?: string; breaker?: true }
  | { do: 'begin-rollback' }
  | { do: 'rollback-done' }
  | { do: 'stopped' }
  | { do: 'enter' }
  | { do: 'start-hooks' }
  | { do: 'invoke'; hook: HookRun }
  | { do: 'hook-timeout'; hook: HookRun }
  | { do: 'next' }
  | { do: 'finish' };

const NONE: Decision = { do: 'none' };

export function nextNativeStep(d: NativeDeployment, now: number, obs: Observations): Decision {
  if (isTerminal(d)) return NONE;
  switch (d.status) {
    case 'PENDING':
      return { do: 'start' };
    case 'ROLLBACK_REQUESTED':
      return { do: 'begin-rollback' };
    case 'ROLLBACK_IN_PROGRESS':
      return obs.greenLive === 0 ? { do: 'rollback-done' } : NONE;
    case 'STOP_REQUESTED':
      return now - (d.stopRequestedAt ?? 0) >= STOP_DELAY_MS ? { do: 'stopped' } : NONE;
    default:
      return inProgressStep(d, now, obs);
  }
}

function monitorStep(d: NativeDeployment, now: number, obs: Observations): Decision | undefined {
  if (d.stopRequest) {
    return d.stopRequest.type === 'ROLLBACK'
      ? { do: 'begin-rollback' }
      : { do: 'fail', reason: d.stopRequest.reason, rollback: false };
  }
  const phase = d.plan[d.phaseIndex];
  if (!phase || phase.stage === 'CLEAN_UP') return undefined;
  if (obs.alarm) {
    const rollback = d.configuration.alarms?.rollback === true;
    return { do: 'fail', reason: alarmReason(obs.alarm, rollback), rollback, alarm: obs.alarm };
  }
  const breaker = d.circuitBreaker;
  if (breaker.enabled && obs.greenFailures >= breaker.threshold) {
    const rollback = d.configuration.deploymentCircuitBreaker?.rollback === true;
    return {
      do: 'fail',
      reason: rollback
        ? REASONS.circuitBreaker
        : 'Service deployment stopped because the circuit breaker threshold was exceeded.',
      rollback,
      breaker: true,
    };
  }
  if (now - d.phaseSince > STAGE_LIMIT_MS) {
    return {
      do: 'fail',
      reason: `Service deployment rolled back because stage ${phase.reported} took longer than 24 hours.`,
      rollback: true,
    };
  }
  return undefined;
}

/** A hook is out of the way: it succeeded, or timed out with action CONTINUE. */
function hookDone(h: HookRun): boolean {
  return h.status === 'SUCCEEDED' || (h.status === 'TIMED_OUT' && h.timeoutAction === 'CONTINUE');
}

function hookStep(d: NativeDeployment, now: number): Decision | undefined {
  const runs = d.hooks.filter((h) => h.phaseIndex === d.phaseIndex);
  for (const h of runs) {
    if (h.status === 'FAILED') {
      return {
        do: 'fail',
        reason: `Service deployment rolled back because lifecycle hook ${h.targetArn ?? h.hookId} failed at ${h.stage}${h.failure ? `: ${h.failure}` : ''}.`,
        rollback: true,
      };
    }
    if (h.status === 'TIMED_OUT' && h.timeoutAction === 'ROLLBACK') {
      return {
        do: 'fail',
        reason: `Service deployment rolled back because lifecycle hook ${h.targetArn ?? h.hookId} timed out at ${h.stage}.`,
        rollback: true,
      };
    }
    if ((h.status === 'AWAITING_ACTION' || h.status === 'IN_PROGRESS') && now >= h.expiresAt)
      return { do: 'hook-timeout', hook: h };
    if (h.status === 'IN_PROGRESS' && !h.inFlight && (h.nextInvokeAt ?? 0) <= now)
      return { do: 'invoke', hook: h };
  }
  return runs.every(hookDone) ? undefined : NONE;
}

function inProgressStep(d: NativeDeployment, now: number, obs: Observations): Decision {
  const monitored = monitorStep(d, now, obs);
  if (monitored) return monitored;
  const phase = d.plan[d.phaseIndex];
  if (!phase) return { do: 'finish' };
  if (!d.phaseEntered) {
    if (obs.networkProblem && (phase.stage === 'TEST_TRAFFIC_SHIFT' || phase.productionPercent))
      return { do: 'fail', reason: obs.networkProblem, rollback: true };
    return { do: 'enter' };
  }
  if (!d.hooksStarted) return { do: 'start-hooks' };
  const hooks = hookStep(d, now);
  if (hooks) return hooks;
  if (phase.stage === 'SCALE_UP' && !obs.greenReady) return NONE;
  if (phase.stage === 'RECONCILE_SERVICE' && obs.otherLive > 0) return NONE;
  if (phase.stage === 'CLEAN_UP' && obs.blueLive > 0) return NONE;
  const settle = d.settleMs ?? 0;
  if (phase.waitMs) {
    const runs = d.hooks.filter((h) => h.phaseIndex === d.phaseIndex);
    const from = Math.max(d.phaseSince, ...runs.map((h) => h.finishedAt ?? d.phaseSince));
    if (now - from < phase.waitMs + settle) return NONE;
  }
  return d.phaseIndex + 1 >= d.plan.length ? { do: 'finish' } : { do: 'next' };
}
