import { describe, expect, it } from 'vitest';
import { hookPayload, readHookAnswer } from './hooks.js';
import type { NativeDeployment } from './model.js';
import { buildPlan } from './stages.js';
import { weightsFor } from './traffic.js';

const config = {
  strategy: 'CANARY',
  canaryConfiguration: { canaryPercent: 10 },
  lifecycleHooks: [
    { hookTargetArn: 'fn', roleArn: 'r', lifecycleStages: ['PRE_SCALE_UP'], hookDetails: { a: 1 } },
  ],
};
const d = {
  arn: 'arn:deployment',
  serviceArn: 'arn:service',
  targetRevisionArn: 'green',
  sourceRevisionArns: ['blue'],
  productionPercent: 10,
  configuration: config,
  plan: buildPlan('CANARY', config, { hasSource: true, reconcile: false }),
  phaseIndex: 0,
} as unknown as NativeDeployment;

describe('hookPayload', () => {
  it.each([
    ['PRE_SCALE_UP', {}, {}],
    ['TEST_TRAFFIC_SHIFT', { green: 100, blue: 0 }, {}],
    ['PRE_PRODUCTION_TRAFFIC_SHIFT', {}, { green: 10, blue: 90 }],
    ['PRODUCTION_TRAFFIC_SHIFT', {}, { green: 10, blue: 90 }],
    ['POST_PRODUCTION_TRAFFIC_SHIFT', {}, {}],
  ] as const)('%s carries test %j and production %j', (stage, test, production) => {
    const payload = hookPayload(d, { stage, hookIndex: 0 }) as any;
    expect(payload).toMatchObject({
      lifecycleStage: stage,
      resourceArn: 'arn:deployment',
      hookDetails: { a: 1 },
    });
    expect(payload.executionDetails).toEqual({
      serviceArn: 'arn:service',
      targetServiceRevisionArn: 'green',
      testTrafficWeights: test,
      productionTrafficWeights: production,
    });
    expect(payload.executionId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('a rollback shows green at 0 and merges details returned with IN_PROGRESS', () => {
    const payload = hookPayload(
      d,
      { stage: 'PRODUCTION_TRAFFIC_SHIFT', hookIndex: 0, carriedDetails: { b: 2 } },
      true,
    ) as any;
    expect(payload.executionDetails.productionTrafficWeights).toEqual({ green: 0, blue: 100 });
    expect(payload.hookDetails).toEqual({ a: 1, b: 2 });
  });
});

describe('readHookAnswer', () => {
  it.each([
    [{ hookStatus: 'SUCCEEDED' }, true],
    [{ hookStatus: 'IN_PROGRESS', callBackDelay: 5, hookDetails: { x: 1 } }, true],
    [{ hookStatus: 'FAILED' }, true],
    [{ hookStatus: 'succeeded' }, false],
    [{ status: 'SUCCEEDED' }, false],
    [null, false],
    ['SUCCEEDED', false],
  ])('%j -> ok %s', (body, ok) => {
    expect(readHookAnswer(body).ok).toBe(ok);
  });
});

describe('weightsFor', () => {
  it.each([
    [0, { blue: 100, green: 0 }],
    [10, { blue: 90, green: 10 }],
    [100, { blue: 0, green: 100 }],
    [0.5, { blue: 995, green: 5 }],
    [33.3, { blue: 667, green: 333 }],
  ])('%s %% green', (percent, weights) => {
    expect(weightsFor(percent)).toEqual(weights);
  });
});
