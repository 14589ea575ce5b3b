import { describe, expect, it } from 'vitest';
import type { HookRun, NativeDeployment } from './model.js';
import {
  buildPlan,
  nextNativeStep,
  productionSteps,
  STAGE_LIMIT_MS,
  type Observations,
} from './stages.js';

const MINUTE = 60_000;
const calm: Observations = {
  greenReady: true,
  greenFailures: 0,
  greenLive: 2,
  blueLive: 2,
  otherLive: 0,
};

function deployment(over: Partial<NativeDeployment> = {}): NativeDeployment {
  const configuration = over.configuration ?? { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 5 };
  return {
    arn: 'arn:d',
    ecsSvcId: 'ecs-svc/1',
    clusterName: 'c',
    serviceName: 's',
    serviceArn: 'arn:s',
    clusterArn: 'arn:c',
    status: 'IN_PROGRESS',
    createdAt: 0,
    updatedAt: 0,
    strategy: 'BLUE_GREEN',
    configuration,
    targetRevisionArn: 'rev-green',
    sourceRevisionArns: ['rev-blue'],
    blueTaskSetId: 'b',
    greenTaskSetId: 'g',
    productionPercent: 0,
    testOnGreen: false,
    plan: buildPlan('BLUE_GREEN', configuration, { hasSource: true, reconcile: false }),
    phaseIndex: 0,
    phaseSince: 0,
    phaseEntered: true,
    hooksStarted: true,
    hooks: [],
    circuitBreaker: { enabled: false, failureCount: 0, threshold: 3, tripped: false },
    alarmsTriggered: [],
    ...over,
  };
}

const at = (plan: NativeDeployment['plan'], stage: string) =>
  plan.findIndex((p) => p.stage === stage);
const hook = (over: Partial<HookRun>): HookRun => ({
  hookId: 'h',
  targetType: 'PAUSE',
  stage: 'POST_SCALE_UP',
  status: 'AWAITING_ACTION',
  startedAt: 0,
  expiresAt: 60 * MINUTE,
  timeoutAction: 'ROLLBACK',
  hookIndex: 0,
  phaseIndex: 0,
  ...over,
});

describe('productionSteps', () => {
  it.each([
    ['BLUE_GREEN', {}, [100]],
    ['CANARY', {}, [5, 100]],
    ['CANARY', { canaryConfiguration: { canaryPercent: 10 } }, [10, 100]],
    ['LINEAR', { linearConfiguration: { stepPercent: 25 } }, [25, 50, 75, 100]],
    ['LINEAR', { linearConfiguration: { stepPercent: 30 } }, [30, 60, 90, 100]],
    ['LINEAR', { linearConfiguration: { stepPercent: 33.3 } }, [33.3, 66.6, 99.9, 100]],
  ])('%s %j', (strategy, config, steps) => {
    expect(productionSteps(strategy, config)).toEqual(steps);
  });
});

describe('buildPlan', () => {
  it('blue/green: the stage order of spec §2.2, PRE_PRODUCTION reported as POST_TEST', () => {
    const plan = buildPlan(
      'BLUE_GREEN',
      { bakeTimeInMinutes: 5 },
      { hasSource: true, reconcile: true },
    );
    expect(
      plan.map((p) => `${p.stage}${p.productionPercent ? `@${p.productionPercent}` : ''}`),
    ).toEqual([
      'RECONCILE_SERVICE',
      'PRE_SCALE_UP',
      'SCALE_UP',
      'POST_SCALE_UP',
      'TEST_TRAFFIC_SHIFT',
      'POST_TEST_TRAFFIC_SHIFT',
      'PRE_PRODUCTION_TRAFFIC_SHIFT',
      'PRODUCTION_TRAFFIC_SHIFT@100',
      'POST_PRODUCTION_TRAFFIC_SHIFT',
      'BAKE_TIME',
      'CLEAN_UP',
    ]);
    expect(plan[at(plan, 'PRE_PRODUCTION_TRAFFIC_SHIFT')]!.reported).toBe(
      'POST_TEST_TRAFFIC_SHIFT',
    );
    expect(plan[at(plan, 'BAKE_TIME')]!.waitMs).toBe(5 * MINUTE);
  });
  it('canary: the canary step bakes, the 100 % step does not', () => {
    const plan = buildPlan(
      'CANARY',
      { canaryConfiguration: { canaryPercent: 10, canaryBakeTimeInMinutes: 3 } },
      { hasSource: true, reconcile: false },
    );
    const shifts = plan.filter((p) => p.stage === 'PRODUCTION_TRAFFIC_SHIFT');
    expect(shifts.map((p) => [p.productionPercent, p.waitMs])).toEqual([
      [10, 3 * MINUTE],
      [100, undefined],
    ]);
  });
  it('first deployment: scale up and clean up only', () => {
    expect(
      buildPlan('LINEAR', {}, { hasSource: false, reconcile: false }).map((p) => p.stage),
    ).toEqual(['SCALE_UP', 'CLEAN_UP']);
  });
});

describe('nextNativeStep', () => {
  const plan = buildPlan(
    'BLUE_GREEN',
    { bakeTimeInMinutes: 5 },
    { hasSource: true, reconcile: false },
  );
  const rows: [string, Partial<NativeDeployment>, number, Partial<Observations>, string][] = [
    ['pending starts', { status: 'PENDING' }, 0, {}, 'start'],
    ['terminal does nothing', { status: 'SUCCESSFUL' }, 0, {}, 'none'],
    ['stop requested becomes stopped', { status: 'STOP_REQUESTED' }, 0, {}, 'stopped'],
    ['rollback requested begins', { status: 'ROLLBACK_REQUESTED' }, 0, {}, 'begin-rollback'],
    [
      'rollback waits for green to stop',
      { status: 'ROLLBACK_IN_PROGRESS' },
      0,
      { greenLive: 1 },
      'none',
    ],
    [
      'rollback done when green is gone',
      { status: 'ROLLBACK_IN_PROGRESS' },
      0,
      { greenLive: 0 },
      'rollback-done',
    ],
    ['unentered phase is entered', { phaseEntered: false }, 0, {}, 'enter'],
    ['entered phase starts hooks', { hooksStarted: false }, 0, {}, 'start-hooks'],
    [
      'scale up waits for healthy green',
      { phaseIndex: at(plan, 'SCALE_UP') },
      0,
      { greenReady: false },
      'none',
    ],
    [
      'scale up moves on when green is healthy',
      { phaseIndex: at(plan, 'SCALE_UP') },
      0,
      {},
      'next',
    ],
    ['bake waits', { phaseIndex: at(plan, 'BAKE_TIME') }, 4 * MINUTE, {}, 'none'],
    ['bake ends', { phaseIndex: at(plan, 'BAKE_TIME') }, 5 * MINUTE, {}, 'next'],
    ['clean up waits for blue', { phaseIndex: at(plan, 'CLEAN_UP') }, 0, { blueLive: 1 }, 'none'],
    ['clean up finishes', { phaseIndex: at(plan, 'CLEAN_UP') }, 0, { blueLive: 0 }, 'finish'],
    [
      'alarm rolls back',
      { configuration: { alarms: { rollback: true } } },
      0,
      { alarm: 'a' },
      'fail:rollback',
    ],
    [
      'alarm without rollback stops',
      { configuration: { alarms: { rollback: false } } },
      0,
      { alarm: 'a' },
      'fail:stop',
    ],
    [
      'alarm ignored in clean up',
      { phaseIndex: at(plan, 'CLEAN_UP') },
      0,
      { alarm: 'a', blueLive: 0 },
      'finish',
    ],
    [
      'breaker at threshold',
      {
        circuitBreaker: { enabled: true, failureCount: 0, threshold: 3, tripped: false },
        configuration: { deploymentCircuitBreaker: { rollback: true } },
      },
      0,
      { greenFailures: 3 },
      'fail:rollback',
    ],
    [
      'breaker below threshold',
      { circuitBreaker: { enabled: true, failureCount: 0, threshold: 3, tripped: false } },
      0,
      { greenFailures: 2 },
      'next',
    ],
    ['stage over 24 h', {}, STAGE_LIMIT_MS + 1, {}, 'fail:rollback'],
    ['abort stops', { stopRequest: { type: 'ABORT', reason: 'x' } }, 0, {}, 'fail:stop'],
    [
      'network problem before test shift',
      { phaseIndex: at(plan, 'TEST_TRAFFIC_SHIFT'), phaseEntered: false },
      0,
      { networkProblem: 'bad' },
      'fail:rollback',
    ],
    ['pause waits', { hooks: [hook({})] }, 0, {}, 'none'],
    ['pause expires', { hooks: [hook({})] }, 60 * MINUTE, {}, 'hook-timeout'],
    [
      'timed out with CONTINUE moves on',
      { hooks: [hook({ status: 'TIMED_OUT', timeoutAction: 'CONTINUE' })] },
      0,
      {},
      'next',
    ],
    [
      'timed out with ROLLBACK rolls back',
      { hooks: [hook({ status: 'TIMED_OUT' })] },
      0,
      {},
      'fail:rollback',
    ],
    [
      'failed lambda rolls back',
      { hooks: [hook({ targetType: 'AWS_LAMBDA', status: 'FAILED' })] },
      0,
      {},
      'fail:rollback',
    ],
    [
      'lambda in flight waits',
      { hooks: [hook({ targetType: 'AWS_LAMBDA', status: 'IN_PROGRESS', inFlight: true })] },
      0,
      {},
      'none',
    ],
    [
      'lambda callback due re-invokes',
      { hooks: [hook({ targetType: 'AWS_LAMBDA', status: 'IN_PROGRESS', nextInvokeAt: 30_000 })] },
      30_000,
      {},
      'invoke',
    ],
    [
      'hooks of another phase are ignored',
      { phaseIndex: 1, hooks: [hook({ phaseIndex: 0 })] },
      0,
      {},
      'next',
    ],
  ];
  it.each(rows)('%s', (_name, over, now, obs, expected) => {
    const decision = nextNativeStep(deployment({ plan, ...over }), now, { ...calm, ...obs });
    const label =
      decision.do === 'fail' ? `fail:${decision.rollback ? 'rollback' : 'stop'}` : decision.do;
    expect(label).toBe(expected);
  });
});
