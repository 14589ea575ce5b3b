import type { DeploymentLifecycleHook, Service } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import {
  gateHookExpiresFirst,
  gateHookProblem,
  serviceDeploymentConsoleUrl,
} from './native-preflight.js';

const withHooks = (...lifecycleHooks: DeploymentLifecycleHook[]): Service => ({
  serviceName: 'web',
  deploymentConfiguration: { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 5, lifecycleHooks },
});
const pauseAtTest: DeploymentLifecycleHook = {
  targetType: 'PAUSE',
  lifecycleStages: ['POST_TEST_TRAFFIC_SHIFT'],
  timeoutConfiguration: { timeoutInMinutes: 60, action: 'ROLLBACK' },
};

describe('gateHookProblem', () => {
  const missing =
    'test-url needs ECS to hold the deployment at test traffic, but service "web" has no PAUSE lifecycle hook at POST_TEST_TRAFFIC_SHIFT; ' +
    "declare one in infrastructure: CDK CfnService deploymentConfiguration.lifecycleHooks [{targetType: 'PAUSE', lifecycleStages: ['POST_TEST_TRAFFIC_SHIFT'], timeoutConfiguration: {timeoutInMinutes: 60, action: 'ROLLBACK'}}], " +
    'Terraform deployment_configuration { lifecycle_hook { target_type = "PAUSE", lifecycle_stages = ["POST_TEST_TRAFFIC_SHIFT"] } }, ' +
    'or aws ecs update-service --deployment-configuration with that lifecycleHooks entry.';

  it.each<[string, Service, string[], string | undefined]>([
    ['nothing asks for a hold', withHooks(), [], undefined],
    ['the hook is there', withHooks(pauseAtTest), ['test-url'], undefined],
    ['no hooks at all', withHooks(), ['test-url'], missing],
    [
      'a PAUSE hook elsewhere does not hold at test traffic',
      withHooks({ targetType: 'PAUSE', lifecycleStages: ['PRE_SCALE_UP'] }),
      ['test-url'],
      missing,
    ],
    [
      'a Lambda hook at the stage does not hold for a decision',
      withHooks({
        targetType: 'AWS_LAMBDA',
        hookTargetArn: 'arn:fn',
        lifecycleStages: ['POST_TEST_TRAFFIC_SHIFT'],
      }),
      ['test-url'],
      missing,
    ],
  ])('%s', (_name, service, asks, expected) => {
    expect(gateHookProblem(service, asks)).toBe(expected);
  });

  it('names everything that asks for the hold', () => {
    expect(gateHookProblem(withHooks(), ['test-command', 'wait-until: ready'])).toMatch(
      /^test-command and wait-until: ready need ECS to hold the deployment at test traffic,/,
    );
  });
});

describe('gateHookExpiresFirst', () => {
  it.each<[string, Service, number, ReturnType<typeof gateHookExpiresFirst>]>([
    ['60-minute pause, 30-minute timeout', withHooks(pauseAtTest), 30 * 60_000, undefined],
    [
      '60-minute pause, 2-hour timeout',
      withHooks(pauseAtTest),
      120 * 60_000,
      { minutes: 60, action: 'ROLLBACK' },
    ],
    [
      'default pause (1440 min, ROLLBACK), 48 h timeout',
      withHooks({ targetType: 'PAUSE', lifecycleStages: ['POST_TEST_TRAFFIC_SHIFT'] }),
      48 * 3_600_000,
      { minutes: 1440, action: 'ROLLBACK' },
    ],
    ['no hook', withHooks(), 120 * 60_000, undefined],
  ])('%s', (_name, service, timeoutMs, expected) => {
    expect(gateHookExpiresFirst(service, timeoutMs)).toEqual(expected);
  });
});

describe('serviceDeploymentConsoleUrl', () => {
  it('opens the service deployment in the ECS console', () => {
    expect(
      serviceDeploymentConsoleUrl(
        'eu-west-2',
        'arn:aws:ecs:eu-west-2:123456789012:service-deployment/prod/web/OLM8zqSkPUsjz_-lRIUeE',
      ),
    ).toBe(
      'https://eu-west-2.console.aws.amazon.com/ecs/v2/clusters/prod/services/web/deployments/OLM8zqSkPUsjz_-lRIUeE?region=eu-west-2',
    );
  });
});
