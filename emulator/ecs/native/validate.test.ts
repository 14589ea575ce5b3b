import { describe, expect, it } from 'vitest';
import { controllerChangeProblem, nativeInputProblem } from './validate.js';

const lambda = {
  targetType: 'AWS_LAMBDA',
  hookTargetArn: 'arn:aws:lambda:us-east-1:123456789012:function:check',
  roleArn: 'arn:aws:iam::123456789012:role/hooks',
  lifecycleStages: ['POST_TEST_TRAFFIC_SHIFT'],
};
const pause = { targetType: 'PAUSE', lifecycleStages: ['PRE_PRODUCTION_TRAFFIC_SHIFT'] };
const bg = { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 5 };
const lb = {
  targetGroupArn: 'tg-blue',
  containerName: 'web',
  containerPort: 8080,
  advancedConfiguration: {
    alternateTargetGroupArn: 'tg-green',
    productionListenerRule: 'rule-prod',
    roleArn: 'arn:aws:iam::123456789012:role/ecs-elb',
  },
};

describe('nativeInputProblem', () => {
  const rows: [string, Record<string, any>, any[], string, RegExp | undefined][] = [
    ['rolling default', {}, [], 'ECS', undefined],
    ['blue/green complete', bg, [lb], 'ECS', undefined],
    ['linear with defaults', { strategy: 'LINEAR' }, [lb], 'ECS', undefined],
    [
      'canary 0.5 %',
      { strategy: 'CANARY', canaryConfiguration: { canaryPercent: 0.5 } },
      [lb],
      'ECS',
      undefined,
    ],
    [
      'unknown strategy',
      { strategy: 'SHADOW' },
      [],
      'ECS',
      /strategy "SHADOW".*ROLLING, BLUE_GREEN/,
    ],
    ['native on CODE_DEPLOY', bg, [], 'CODE_DEPLOY', /needs the ECS deployment controller/],
    [
      'blue/green without bake',
      { strategy: 'BLUE_GREEN' },
      [],
      'ECS',
      /bakeTimeInMinutes is required/,
    ],
    [
      'bake out of range',
      { ...bg, bakeTimeInMinutes: 1441 },
      [],
      'ECS',
      /bakeTimeInMinutes 1441 is out of range/,
    ],
    [
      'linear block on canary',
      { strategy: 'CANARY', linearConfiguration: {} },
      [],
      'ECS',
      /linearConfiguration is only valid with strategy LINEAR/,
    ],
    [
      'canary block on blue/green',
      { ...bg, canaryConfiguration: {} },
      [],
      'ECS',
      /canaryConfiguration is only valid with strategy CANARY/,
    ],
    [
      'step below 3',
      { strategy: 'LINEAR', linearConfiguration: { stepPercent: 2 } },
      [],
      'ECS',
      /stepPercent 2 is invalid/,
    ],
    [
      'step not a tenth',
      { strategy: 'LINEAR', linearConfiguration: { stepPercent: 10.05 } },
      [],
      'ECS',
      /steps of 0.1/,
    ],
    [
      'step bake negative',
      { strategy: 'LINEAR', linearConfiguration: { stepBakeTimeInMinutes: -1 } },
      [],
      'ECS',
      /stepBakeTimeInMinutes -1/,
    ],
    [
      'canary 0',
      { strategy: 'CANARY', canaryConfiguration: { canaryPercent: 0 } },
      [],
      'ECS',
      /canaryPercent 0 is invalid/,
    ],
    [
      'canary bake 2000',
      { strategy: 'CANARY', canaryConfiguration: { canaryBakeTimeInMinutes: 2000 } },
      [],
      'ECS',
      /canaryBakeTimeInMinutes 2000/,
    ],
    ['hooks on rolling', { lifecycleHooks: [pause] }, [], 'ECS', /lifecycleHooks need strategy/],
    [
      'pause at production shift',
      { ...bg, lifecycleHooks: [{ ...pause, lifecycleStages: ['PRODUCTION_TRAFFIC_SHIFT'] }] },
      [],
      'ECS',
      /PAUSE hook cannot run/,
    ],
    [
      'pause at test shift',
      { ...bg, lifecycleHooks: [{ ...pause, lifecycleStages: ['TEST_TRAFFIC_SHIFT'] }] },
      [],
      'ECS',
      /TEST_TRAFFIC_SHIFT, where a PAUSE/,
    ],
    [
      'pause with a target',
      { ...bg, lifecycleHooks: [{ ...pause, hookTargetArn: 'x' }] },
      [],
      'ECS',
      /hookTargetArn is not used by a PAUSE hook/,
    ],
    [
      'lambda without target',
      { ...bg, lifecycleHooks: [{ ...lambda, hookTargetArn: undefined }] },
      [],
      'ECS',
      /hookTargetArn is required/,
    ],
    [
      'lambda without role',
      { ...bg, lifecycleHooks: [{ ...lambda, roleArn: undefined }] },
      [],
      'ECS',
      /roleArn is required/,
    ],
    [
      'hook without stages',
      { ...bg, lifecycleHooks: [{ ...pause, lifecycleStages: [] }] },
      [],
      'ECS',
      /lifecycleStages is required/,
    ],
    [
      'hook at SCALE_UP',
      { ...bg, lifecycleHooks: [{ ...pause, lifecycleStages: ['SCALE_UP'] }] },
      [],
      'ECS',
      /"SCALE_UP", which is not a hook stage/,
    ],
    [
      'unknown hook type',
      { ...bg, lifecycleHooks: [{ ...pause, targetType: 'SNS' }] },
      [],
      'ECS',
      /targetType "SNS"/,
    ],
    [
      '11 pause hooks',
      { ...bg, lifecycleHooks: Array(11).fill(pause) },
      [],
      'ECS',
      /11 PAUSE hooks/,
    ],
    [
      'pause timeout too long',
      { ...bg, lifecycleHooks: [{ ...pause, timeoutConfiguration: { timeoutInMinutes: 20161 } }] },
      [],
      'ECS',
      /timeoutInMinutes 20161/,
    ],
    [
      'lambda timeout over a day',
      { ...bg, lifecycleHooks: [{ ...lambda, timeoutConfiguration: { timeoutInMinutes: 1441 } }] },
      [],
      'ECS',
      /timeoutInMinutes 1441/,
    ],
    [
      'bad timeout action',
      { ...bg, lifecycleHooks: [{ ...pause, timeoutConfiguration: { action: 'IGNORE' } }] },
      [],
      'ECS',
      /action "IGNORE"/,
    ],
    [
      'alarms without rollback',
      { alarms: { alarmNames: [], enable: true } },
      [],
      'ECS',
      /alarms.rollback is required/,
    ],
    [
      'breaker without rollback',
      { deploymentCircuitBreaker: { enable: true } },
      [],
      'ECS',
      /deploymentCircuitBreaker.rollback is required/,
    ],
    [
      'breaker bad threshold',
      {
        deploymentCircuitBreaker: {
          enable: true,
          rollback: true,
          thresholdConfiguration: { type: 'RATIO', value: 1 },
        },
      },
      [],
      'ECS',
      /thresholdConfiguration.type "RATIO"/,
    ],
    ['two load balancers', bg, [lb, lb], 'ECS', /loadBalancers has 2 entries/],
    [
      'no alternate target group',
      bg,
      [
        {
          ...lb,
          advancedConfiguration: {
            ...lb.advancedConfiguration,
            alternateTargetGroupArn: undefined,
          },
        },
      ],
      'ECS',
      /alternateTargetGroupArn is required/,
    ],
    [
      'no production rule',
      bg,
      [
        {
          ...lb,
          advancedConfiguration: { ...lb.advancedConfiguration, productionListenerRule: undefined },
        },
      ],
      'ECS',
      /productionListenerRule is required/,
    ],
    [
      'no infrastructure role',
      bg,
      [{ ...lb, advancedConfiguration: { ...lb.advancedConfiguration, roleArn: undefined } }],
      'ECS',
      /roleArn is required/,
    ],
    [
      'empty test rule',
      bg,
      [{ ...lb, advancedConfiguration: { ...lb.advancedConfiguration, testListenerRule: '' } }],
      'ECS',
      /testListenerRule is empty/,
    ],
    [
      'alternate equals primary',
      bg,
      [
        {
          ...lb,
          advancedConfiguration: {
            ...lb.advancedConfiguration,
            alternateTargetGroupArn: 'tg-blue',
          },
        },
      ],
      'ECS',
      /same as targetGroupArn/,
    ],
  ];
  it.each(rows)('%s', (_name, config, lbs, controller, expected) => {
    const problem = nativeInputProblem(config, lbs, controller);
    if (expected) expect(problem).toMatch(expected);
    else expect(problem).toBeUndefined();
  });
});

describe('controllerChangeProblem', () => {
  const calm = { ongoingDeployment: false, config: {} };
  const rows: [string, string, string, typeof calm, RegExp | undefined][] = [
    ['CODE_DEPLOY to ECS', 'CODE_DEPLOY', 'ECS', calm, undefined],
    ['ECS to EXTERNAL', 'ECS', 'EXTERNAL', calm, undefined],
    ['EXTERNAL to ECS', 'EXTERNAL', 'ECS', calm, undefined],
    ['same type', 'ECS', 'ECS', { ...calm, ongoingDeployment: true }, undefined],
    ['ECS to CODE_DEPLOY', 'ECS', 'CODE_DEPLOY', calm, /cannot change from ECS to CODE_DEPLOY/],
    ['unknown type', 'ECS', 'NOMAD', calm, /"NOMAD" is invalid/],
    [
      'during a deployment',
      'CODE_DEPLOY',
      'ECS',
      { ...calm, ongoingDeployment: true },
      /during an ongoing service deployment/,
    ],
    [
      'from ECS with alarms',
      'ECS',
      'EXTERNAL',
      { ...calm, config: { alarms: { enable: true } } },
      /alarms is enabled/,
    ],
    [
      'from ECS with breaker',
      'ECS',
      'EXTERNAL',
      { ...calm, config: { deploymentCircuitBreaker: { enable: true } } },
      /deploymentCircuitBreaker is enabled/,
    ],
    [
      'from ECS blue/green',
      'ECS',
      'EXTERNAL',
      { ...calm, config: { strategy: 'BLUE_GREEN' } },
      /strategy is BLUE_GREEN/,
    ],
  ];
  it.each(rows)('%s', (_name, from, to, context, expected) => {
    const problem = controllerChangeProblem(from, to, context);
    if (expected) expect(problem).toMatch(expected);
    else expect(problem).toBeUndefined();
  });
});
