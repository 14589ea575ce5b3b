import { describe, expect, it } from 'vitest';
import { nextStep, ROLLBACK_LINK_GRACE_MS, type Step, type WatchState } from './next-step.js';
import type { EngineSnapshot } from './snapshot.js';
import { ARN, held, snap, state } from './testing/snapshots.js';

const shifting = (target: number) =>
  snap({
    stage: 'PRODUCTION_TRAFFIC_SHIFT',
    phase: 'shifting',
    revisions: [
      {
        id: 'rev/2',
        role: 'target',
        productionPercent: target,
        running: 2,
        pending: 0,
        requested: 2,
      },
      {
        id: 'rev/1',
        role: 'source',
        productionPercent: 100 - target,
        running: 2,
        pending: 0,
        requested: 2,
      },
    ],
  });
const baking = snap({ stage: 'BAKE_TIME', phase: 'baking' });
const succeeded = snap({ status: 'SUCCESSFUL', stage: 'CLEAN_UP', phase: 'succeeded' });
const rollingBack = snap({
  status: 'ROLLBACK_IN_PROGRESS',
  phase: 'rolling-back',
  evidence: {
    events: [],
    stoppedTasks: [],
    statusReason:
      'Service deployment rolled back because the circuit breaker threshold was exceeded.',
  },
});
const rolledBack = snap({
  status: 'ROLLBACK_SUCCESSFUL',
  phase: 'rolled-back',
  evidence: { ...rollingBack.evidence },
});
const rollbackFailed = snap({
  status: 'ROLLBACK_FAILED',
  phase: 'failed',
  evidence: {
    events: [],
    stoppedTasks: [],
    statusReason: 'No rollback candidate was found to run the rollback',
  },
});
const stopped = snap({
  status: 'STOPPED',
  phase: 'failed',
  evidence: { events: [], stoppedTasks: [], statusReason: 'alarm api-5xx' },
});
const codedeployFailed = snap({
  engine: 'codedeploy',
  deploymentId: 'd-AAAAAAAAA',
  status: 'Failed',
  stage: undefined,
  phase: 'failed',
  evidence: {
    events: [],
    stoppedTasks: [],
    statusReason: 'HEALTH_CONSTRAINTS: tasks failed',
    rollback: { deploymentId: 'd-BBBBBBBBB' },
  },
});

type Row = [string, EngineSnapshot, Partial<WatchState>, Step | { kind: Step['kind'] }];

describe('nextStep', () => {
  it.each<Row>([
    [
      'created: done as soon as it exists',
      snap({ status: 'PENDING', stage: undefined, phase: 'created' }),
      { waitUntil: 'created' },
      { kind: 'succeed', reason: 'the deployment was created' },
    ],
    ['scaling: poll', snap(), {}, { kind: 'poll', delayMs: 2000 }],
    ['held with a pending gate: run it', held, { gate: 'pending' }, { kind: 'run-gate' }],
    [
      'held, gate passed: continue the hook',
      held,
      { gate: 'passed' },
      { kind: 'continue', holdId: 'ecs-pause-abc' },
    ],
    [
      'held, gate failed: stop with the gate reason',
      held,
      { gate: 'failed', stopReason: 'the gate failed: FAIL GET / 500' },
      { kind: 'stop', reason: 'the gate failed: FAIL GET / 500' },
    ],
    [
      'held, already continued: poll closely until it moves, not on the expiry',
      held,
      { gate: 'passed', continuedHold: 'ecs-pause-abc', sinceChangeMs: 1000 },
      { kind: 'poll', delayMs: 2000 },
    ],
    [
      'held, no gate, a pause nobody asked for: wait on it',
      held,
      { gate: 'none' },
      { kind: 'poll' },
    ],
    [
      'held, no gate, CodeDeploy Ready (auto-continue): continue',
      held,
      { gate: 'none', autoContinue: true },
      { kind: 'continue', holdId: 'ecs-pause-abc' },
    ],
    [
      'ready: held with no gate is done',
      held,
      { waitUntil: 'ready' },
      { kind: 'succeed', reason: 'the replacement is ready and waits for promotion' },
    ],
    [
      'ready: held after a passed gate is done',
      held,
      { waitUntil: 'ready', gate: 'passed' },
      { kind: 'succeed', reason: 'the replacement passed the gate and waits for promotion' },
    ],
    [
      'ready: the gate runs first',
      held,
      { waitUntil: 'ready', gate: 'pending' },
      { kind: 'run-gate' },
    ],
    [
      'ready: past the hold is done',
      shifting(20),
      { waitUntil: 'ready' },
      { kind: 'succeed', reason: 'the replacement is ready' },
    ],
    ['traffic-shifted: 20% is not yet', shifting(20), {}, { kind: 'poll' }],
    [
      'traffic-shifted: 100% on the new revision',
      shifting(100),
      {},
      {
        kind: 'succeed',
        reason:
          'production traffic is on the replacement (the old revision stays until the bake and clean-up end)',
      },
    ],
    ['traffic-shifted: baking is past the shift', baking, {}, { kind: 'succeed' }],
    ['complete: baking is not complete', baking, { waitUntil: 'complete' }, { kind: 'poll' }],
    [
      'complete: SUCCESSFUL',
      succeeded,
      { waitUntil: 'complete' },
      { kind: 'succeed', reason: 'the deployment succeeded' },
    ],
    [
      'cancelled: stop with rollback',
      shifting(20),
      { cancelled: true },
      { kind: 'stop', reason: 'the workflow run was cancelled' },
    ],
    [
      'timeout: stop naming the last state',
      shifting(20),
      { elapsedMs: 30 * 60_000 },
      {
        kind: 'stop',
        reason: `timed out after 30m; last state: IN_PROGRESS PRODUCTION_TRAFFIC_SHIFT · production: new 20% / old 80%`,
      },
    ],
    [
      'the gate ran out of time: stop',
      held,
      { gate: 'timed-out' },
      {
        kind: 'stop',
        reason: `timed out after 30m while the gate ran; last state: IN_PROGRESS POST_TEST_TRAFFIC_SHIFT · held by ecs-pause-abc`,
      },
    ],
    [
      'ECS rolls back by itself: follow the rollback',
      rollingBack,
      {},
      {
        kind: 'follow-rollback',
        deploymentId: ARN,
        reason: `deployment ${ARN} ROLLBACK_IN_PROGRESS: Service deployment rolled back because the circuit breaker threshold was exceeded.`,
      },
    ],
    [
      'ECS rolling back when cancelled: report it started',
      rollingBack,
      { cancelled: true },
      {
        kind: 'fail',
        reason: `deployment ${ARN} ROLLBACK_IN_PROGRESS: Service deployment rolled back because the circuit breaker threshold was exceeded.; rollback OLM8zqSkPUsjz_-lRIUeE started`,
        rolledBack: false,
      },
    ],
    [
      'rolled back already: a failure naming the reason',
      rolledBack,
      {},
      {
        kind: 'fail',
        reason: `deployment ${ARN} ROLLBACK_SUCCESSFUL: Service deployment rolled back because the circuit breaker threshold was exceeded.; rolled back (ROLLBACK_SUCCESSFUL)`,
        rolledBack: true,
      },
    ],
    [
      'rollback failed: not rolled back',
      rollbackFailed,
      { rollbackExpected: false },
      {
        kind: 'fail',
        reason: `deployment ${ARN} ROLLBACK_FAILED: No rollback candidate was found to run the rollback; not rolled back`,
        rolledBack: false,
      },
    ],
    [
      'STOPPED without rollback (rollback off in the service)',
      stopped,
      { rollbackExpected: false },
      {
        kind: 'fail',
        reason: `deployment ${ARN} STOPPED: alarm api-5xx; not rolled back`,
        rolledBack: false,
      },
    ],
    [
      'CodeDeploy Failed with a rollback deployment: follow it',
      codedeployFailed,
      {},
      {
        kind: 'follow-rollback',
        deploymentId: 'd-BBBBBBBBB',
        reason: 'deployment d-AAAAAAAAA Failed: HEALTH_CONSTRAINTS: tasks failed',
      },
    ],
    [
      'Failed, rollback expected, link not there yet: poll',
      snap({ ...codedeployFailed, evidence: { events: [], stoppedTasks: [] } }),
      { terminalForMs: 1000 },
      { kind: 'poll' },
    ],
    [
      'Failed, no rollback link after the grace: fail',
      snap({ ...codedeployFailed, evidence: { events: [], stoppedTasks: [] } }),
      { terminalForMs: ROLLBACK_LINK_GRACE_MS },
      {
        kind: 'fail',
        reason: 'deployment d-AAAAAAAAA Failed: no error information; not rolled back',
        rolledBack: false,
      },
    ],
    [
      'stopping: ECS now rolling back, follow it',
      rollingBack,
      { phase: 'stopping', stopReason: 'timed out after 30m' },
      { kind: 'follow-rollback', deploymentId: ARN, reason: 'timed out after 30m' },
    ],
    [
      'stopping: not acted on yet, poll',
      shifting(20),
      { phase: 'stopping', stopReason: 'x' },
      { kind: 'poll' },
    ],
    [
      'stopping: it succeeded first',
      succeeded,
      { phase: 'stopping', stopReason: 'the workflow run was cancelled' },
      {
        kind: 'fail',
        reason: `the workflow run was cancelled; but ${ARN} succeeded before the stop took effect: run command: rollback to redeploy the previous revision`,
        rolledBack: false,
      },
    ],
    [
      'stopping and cancelled: report what was sent',
      shifting(20),
      { phase: 'stopping', cancelled: true, stopReason: 'the workflow run was cancelled' },
      {
        kind: 'fail',
        reason: `the workflow run was cancelled; stop with rollback sent, ${ARN} was IN_PROGRESS when the step ended`,
        rolledBack: false,
      },
    ],
    [
      'stopping past the rollback budget',
      shifting(20),
      { phase: 'stopping', phaseElapsedMs: 10 * 60_000, stopReason: 'x' },
      {
        kind: 'fail',
        reason: `x; deployment ${ARN} is IN_PROGRESS; it had not ended after the stop`,
        rolledBack: false,
      },
    ],
    [
      'rolling back: done, the expected failure',
      rolledBack,
      { phase: 'rolling-back', stopReason: 'the gate failed' },
      {
        kind: 'fail',
        reason: `the gate failed; rolled back (ROLLBACK_SUCCESSFUL)`,
        rolledBack: true,
      },
    ],
    [
      'rolling back: CodeDeploy rollback deployment Succeeded',
      snap({
        engine: 'codedeploy',
        deploymentId: 'd-BBBBBBBBB',
        status: 'Succeeded',
        phase: 'succeeded',
      }),
      { deploymentId: 'd-AAAAAAAAA', phase: 'rolling-back', stopReason: 'x' },
      { kind: 'fail', reason: 'x; rolled back by d-BBBBBBBBB', rolledBack: true },
    ],
    [
      'rolling back: the rollback failed',
      rollbackFailed,
      { phase: 'rolling-back', stopReason: 'x' },
      {
        kind: 'fail',
        reason: `x; rollback ${ARN} ROLLBACK_FAILED: No rollback candidate was found to run the rollback`,
        rolledBack: false,
      },
    ],
    ['rolling back: still going, poll', rollingBack, { phase: 'rolling-back' }, { kind: 'poll' }],
    [
      'rolling back past the budget',
      rollingBack,
      { phase: 'rolling-back', phaseElapsedMs: 10 * 60_000, stopReason: 'x' },
      { kind: 'fail', reason: `x; rollback ${ARN} still ROLLBACK_IN_PROGRESS`, rolledBack: false },
    ],
    [
      'a refused read while deploying: stop',
      shifting(20),
      { watchError: 'AccessDenied' },
      { kind: 'stop', reason: 'AccessDenied' },
    ],
    [
      'a refused read after it ended: say so',
      succeeded,
      { watchError: 'AccessDenied' },
      {
        kind: 'fail',
        reason: `AccessDenied; not stopped because ${ARN} had already ended (SUCCESSFUL)`,
        rolledBack: false,
      },
    ],
    [
      'a refused read while stopping: rollback state unknown',
      shifting(20),
      { phase: 'stopping', watchError: 'AccessDenied', stopReason: 'x' },
      {
        kind: 'fail',
        reason: `x; stop with rollback sent (${ARN} was IN_PROGRESS; accepted), then AccessDenied: the rollback state is unknown`,
        rolledBack: false,
      },
    ],
    [
      'a refused read while rolling back',
      rollingBack,
      { phase: 'rolling-back', watchError: 'AccessDenied', stopReason: 'x' },
      {
        kind: 'fail',
        reason: `x; rollback ${ARN} was ROLLBACK_IN_PROGRESS when AccessDenied`,
        rolledBack: false,
      },
    ],
    [
      'the stop itself failed',
      shifting(20),
      { stopError: 'AccessDenied', stopReason: 'timed out' },
      {
        kind: 'fail',
        reason: `timed out; not stopped: the stop of ${ARN} failed: AccessDenied (it was IN_PROGRESS; stop it in the console)`,
        rolledBack: false,
      },
    ],
  ])('%s', (_name, snapshot, over, expected) => {
    const step = nextStep(state(over), snapshot);
    expect(step).toMatchObject(expected);
  });

  it('never ends a rolled-back deployment as a success, whatever wait-until says', () => {
    for (const waitUntil of ['created', 'ready', 'traffic-shifted', 'complete'] as const) {
      const step = nextStep(state({ waitUntil }), rolledBack);
      expect(step).toMatchObject({ kind: 'fail', rolledBack: true });
    }
  });
});
