/**
 * Lifecycle hooks (spec §3): PAUSE hooks wait for ContinueServiceDeployment; AWS_LAMBDA hooks are
 * POSTed, with the real nested payload, to the local HTTP handler the control API bound to the
 * function ARN, and answer `{hookStatus, callBackDelay, hookDetails}`.
 */
import { randomUUID } from 'node:crypto';
import type { EmulatorState } from '../../state.js';
import type { HookRun, LifecycleHookConfig, NativeDeployment } from './model.js';
import { lambdaHookId, nativeStore, pauseHookId } from './store.js';

const MINUTE = 60_000;
/** IN_PROGRESS without callBackDelay is invoked again after 30 s (spec §3.1). */
export const DEFAULT_CALLBACK_MS = 30_000;
const DEFAULT_TIMEOUT_MINUTES = 1440;

function hooksOf(d: NativeDeployment): LifecycleHookConfig[] {
  return Array.isArray(d.configuration.lifecycleHooks) ? d.configuration.lifecycleHooks : [];
}

/** Starts the hooks registered for the current phase's stage; invokes Lambda ones at once. */
export function startPhaseHooks(state: EmulatorState, d: NativeDeployment, now: number): void {
  const phase = d.plan[d.phaseIndex]!;
  hooksOf(d).forEach((hook, hookIndex) => {
    if (!hook.lifecycleStages?.includes(phase.stage)) return;
    const pause = hook.targetType === 'PAUSE';
    const timeout = hook.timeoutConfiguration;
    const run: HookRun = {
      hookId: pause ? pauseHookId() : lambdaHookId(),
      targetType: pause ? 'PAUSE' : 'AWS_LAMBDA',
      ...(pause ? {} : { targetArn: hook.hookTargetArn! }),
      stage: phase.stage,
      status: pause ? 'AWAITING_ACTION' : 'IN_PROGRESS',
      startedAt: now,
      expiresAt: now + (timeout?.timeoutInMinutes ?? DEFAULT_TIMEOUT_MINUTES) * MINUTE,
      timeoutAction: timeout?.action ?? 'ROLLBACK',
      hookIndex,
      phaseIndex: d.phaseIndex,
    };
    d.hooks.push(run);
    if (!pause) invokeLambda(state, d, run, now);
  });
  d.hooksStarted = true;
}

function revisionWeights(d: NativeDeployment, greenPercent: number): Record<string, number> {
  const source = d.sourceRevisionArns[0];
  return {
    [d.targetRevisionArn]: greenPercent,
    ...(source ? { [source]: 100 - greenPercent } : {}),
  };
}

/** The invocation payload (spec §3.1): weights only in the stages that move traffic. */
export function hookPayload(
  d: NativeDeployment,
  run: Pick<HookRun, 'stage' | 'hookIndex' | 'carriedDetails'>,
  rollback = false,
): Record<string, unknown> {
  const phase =
    d.plan.find((p, i) => i >= d.phaseIndex && p.stage === run.stage) ?? d.plan[d.phaseIndex];
  const prod = rollback
    ? 0
    : run.stage === 'PRODUCTION_TRAFFIC_SHIFT'
      ? (phase?.productionPercent ?? 100)
      : d.productionPercent;
  const details = hooksOf(d)[run.hookIndex]?.hookDetails;
  const merged =
    run.carriedDetails && details && typeof details === 'object' && !Array.isArray(details)
      ? { ...(details as object), ...run.carriedDetails }
      : (run.carriedDetails ?? details);
  return {
    executionId: randomUUID(),
    lifecycleStage: run.stage,
    resourceArn: d.arn,
    executionDetails: {
      serviceArn: d.serviceArn,
      targetServiceRevisionArn: d.targetRevisionArn,
      testTrafficWeights:
        run.stage === 'TEST_TRAFFIC_SHIFT' ? revisionWeights(d, rollback ? 0 : 100) : {},
      productionTrafficWeights:
        run.stage === 'PRODUCTION_TRAFFIC_SHIFT' || run.stage === 'PRE_PRODUCTION_TRAFFIC_SHIFT'
          ? revisionWeights(
              d,
              run.stage === 'PRE_PRODUCTION_TRAFFIC_SHIFT' ? d.productionPercent : prod,
            )
          : {},
    },
    ...(merged !== undefined ? { hookDetails: merged } : {}),
  };
}

/** Reads a handler's answer; returns the problem when it is not a valid hook result. */
export function readHookAnswer(
  body: unknown,
):
  | {
      ok: true;
      hookStatus: 'SUCCEEDED' | 'FAILED' | 'IN_PROGRESS';
      callBackDelay?: number;
      hookDetails?: unknown;
    }
  | { ok: false; problem: string } {
  const answer = body as any;
  const status = answer?.hookStatus;
  if (status !== 'SUCCEEDED' && status !== 'FAILED' && status !== 'IN_PROGRESS') {
    return {
      ok: false,
      problem: `the handler answered hookStatus ${JSON.stringify(status)}, not SUCCEEDED, FAILED or IN_PROGRESS`,
    };
  }
  return {
    ok: true,
    hookStatus: status,
    ...(typeof answer.callBackDelay === 'number' ? { callBackDelay: answer.callBackDelay } : {}),
    ...(answer.hookDetails !== undefined ? { hookDetails: answer.hookDetails } : {}),
  };
}

/** POSTs one invocation; the answer lands on `run` when it arrives (the next scheduler pass acts on it). */
export function invokeLambda(
  state: EmulatorState,
  d: NativeDeployment,
  run: HookRun,
  now: number,
  clock: () => number = () => now,
): void {
  const url = nativeStore(state).lambdas.get(run.targetArn ?? '');
  if (!url) {
    run.status = 'FAILED';
    run.finishedAt = now;
    run.failure = `no handler is bound to ${run.targetArn} (POST /_emulator/lambda {functionArn, url})`;
    return;
  }
  run.inFlight = true;
  const payload = hookPayload(d, run);
  post(url, payload).then(
    (body) => {
      run.inFlight = false;
      if (run.status !== 'IN_PROGRESS') return; // timed out or rolled back meanwhile
      const answer = readHookAnswer(body);
      const at = clock();
      if (!answer.ok) {
        run.status = 'FAILED';
        run.failure = answer.problem;
        run.finishedAt = at;
      } else if (answer.hookStatus === 'IN_PROGRESS') {
        run.nextInvokeAt =
          at +
          (answer.callBackDelay !== undefined ? answer.callBackDelay * 1000 : DEFAULT_CALLBACK_MS);
        if (answer.hookDetails && typeof answer.hookDetails === 'object')
          run.carriedDetails = {
            ...run.carriedDetails,
            ...(answer.hookDetails as Record<string, unknown>),
          };
      } else {
        run.status = answer.hookStatus;
        run.finishedAt = at;
      }
    },
    (error: unknown) => {
      run.inFlight = false;
      if (run.status !== 'IN_PROGRESS') return;
      run.status = 'FAILED';
      run.failure = `the function failed: ${(error as Error).message}`;
      run.finishedAt = clock();
    },
  );
}

/** Rollback re-invokes the traffic-shift Lambda hooks with green at 0 (spec §3.1); answers are not awaited [infer]. */
export function notifyRollback(state: EmulatorState, d: NativeDeployment): void {
  hooksOf(d).forEach((hook, hookIndex) => {
    if (hook.targetType === 'PAUSE') return;
    for (const stage of ['TEST_TRAFFIC_SHIFT', 'PRODUCTION_TRAFFIC_SHIFT'] as const) {
      if (!hook.lifecycleStages?.includes(stage)) continue;
      const url = nativeStore(state).lambdas.get(hook.hookTargetArn ?? '');
      if (url) post(url, hookPayload(d, { stage, hookIndex }, true)).catch(() => undefined);
    }
  });
}

async function post(url: string, payload: unknown): Promise<unknown> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(payload),
  });
  if (!res.ok) throw new Error(`handler answered HTTP ${res.status}`);
  return res.json();
}
