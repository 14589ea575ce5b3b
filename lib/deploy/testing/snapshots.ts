import type { WatchState } from '../next-step.js';
import { emptyEvidence, type EngineSnapshot, type HookView } from '../snapshot.js';

/** Snapshots and watch states for the table tests of the shared decision and renderers. */

export const ARN =
  'arn:aws:ecs:us-east-1:123456789012:service-deployment/prod/web/OLM8zqSkPUsjz_-lRIUeE';
export const NOW = Date.UTC(2026, 11, 6, 12, 0, 0);

export function snap(over: Partial<EngineSnapshot> = {}): EngineSnapshot {
  return {
    engine: 'native',
    deploymentId: ARN,
    status: 'IN_PROGRESS',
    stage: 'SCALE_UP',
    phase: 'scaling',
    revisions: [],
    hooks: [],
    timers: [],
    evidence: emptyEvidence(),
    ...over,
  };
}

export const pause: HookView = {
  id: 'ecs-pause-abc',
  stage: 'POST_TEST_TRAFFIC_SHIFT',
  kind: 'PAUSE',
  status: 'AWAITING_ACTION',
  expiresAt: new Date(NOW + 60 * 60_000),
  timeoutAction: 'ROLLBACK',
};

export const held = snap({
  stage: 'POST_TEST_TRAFFIC_SHIFT',
  phase: 'held',
  hooks: [pause],
  hold: pause,
  timers: [{ what: 'hook-expiry', endsAt: pause.expiresAt! }],
});

export function state(over: Partial<WatchState> = {}): WatchState {
  return {
    deploymentId: ARN,
    phase: 'deploying',
    waitUntil: 'traffic-shifted',
    nowMs: NOW,
    elapsedMs: 60_000,
    timeoutMs: 30 * 60_000,
    phaseElapsedMs: 60_000,
    rollbackTimeoutMs: 10 * 60_000,
    sinceChangeMs: 0,
    failedPollsInARow: 0,
    terminalForMs: 0,
    gate: 'none',
    autoContinue: false,
    rollbackExpected: true,
    cancelled: false,
    ...over,
  };
}
