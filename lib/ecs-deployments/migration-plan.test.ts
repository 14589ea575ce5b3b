import { describe, expect, it } from 'vitest';
import type { GroupFacts, MigrationFacts } from './migration-preflight.js';
import { cliLine, migrationPlan, nativeDeploymentConfiguration } from './migration-plan.js';

const BLUE = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-blue/1';
const GREEN = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-green/2';
const PROD = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/web/1/80';
const TEST = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/web/1/8443';

const group = (over: Partial<GroupFacts> = {}): GroupFacts => ({
  application: 'AppECS-production-web',
  name: 'DgpECS-production-web',
  services: ['production/web'],
  targetGroupArns: [BLUE, GREEN],
  productionListenerArn: PROD,
  testListenerArn: TEST,
  deploymentConfigName: 'CodeDeployDefault.ECSCanary10Percent5Minutes',
  trafficRouting: { type: 'TimeBasedCanary', percent: 10, minutes: 5 },
  readyWaitMinutes: 60,
  readyAction: 'STOP_DEPLOYMENT',
  terminationWaitMinutes: 5,
  alarms: ['production-web-5xx'],
  autoRollback: true,
  otherGroups: [],
  ...over,
});

/** Tasks live in green (after an odd number of CodeDeploy releases). */
function facts(g: GroupFacts = group()): MigrationFacts {
  return {
    cluster: 'production',
    service: 'web',
    groupNames: { application: g.application, deploymentGroup: g.name },
    found: {
      serviceArn: 'arn:aws:ecs:us-east-1:123456789012:service/production/web',
      controller: 'CODE_DEPLOY',
      loadBalancers: [{ targetGroupArn: BLUE, containerName: 'web', containerPort: 8080 }],
      taskSets: [{ id: 'ecs-svc/1', status: 'PRIMARY', targetGroupArn: GREEN }],
    },
    group: g,
    ongoingDeployments: [],
    productionRules: [
      {
        ruleArn: `${PROD}/default`,
        listenerArn: PROD,
        priority: 'default',
        forward: [{ targetGroupArn: GREEN, weight: 1 }],
      },
    ],
    testRules: [
      {
        ruleArn: `${TEST}/default`,
        listenerArn: TEST,
        priority: 'default',
        forward: [{ targetGroupArn: GREEN, weight: 1 }],
      },
    ],
  };
}

describe('nativeDeploymentConfiguration', () => {
  it.each([
    [
      'canary, holding Ready wait, alarms',
      group(),
      {
        strategy: 'CANARY',
        bakeTimeInMinutes: 5,
        canaryConfiguration: { canaryPercent: 10, canaryBakeTimeInMinutes: 5 },
        lifecycleHooks: [
          {
            targetType: 'PAUSE',
            lifecycleStages: ['POST_TEST_TRAFFIC_SHIFT'],
            timeoutConfiguration: { timeoutInMinutes: 60, action: 'ROLLBACK' },
          },
        ],
        alarms: { alarmNames: ['production-web-5xx'], enable: true, rollback: true },
        deploymentCircuitBreaker: { enable: true, rollback: true },
      },
    ],
    [
      'linear, Ready that continues at once, no alarms, no auto-rollback',
      group({
        trafficRouting: { type: 'TimeBasedLinear', percent: 10, minutes: 1 },
        readyAction: 'CONTINUE_DEPLOYMENT',
        readyWaitMinutes: 0,
        terminationWaitMinutes: 0,
        alarms: [],
        autoRollback: false,
      }),
      {
        strategy: 'LINEAR',
        bakeTimeInMinutes: 0,
        linearConfiguration: { stepPercent: 10, stepBakeTimeInMinutes: 1 },
        deploymentCircuitBreaker: { enable: true, rollback: false },
      },
    ],
    [
      'all at once, a termination wait beyond the bake limit',
      group({
        trafficRouting: { type: 'AllAtOnce' },
        readyWaitMinutes: 0,
        terminationWaitMinutes: 2880,
        alarms: [],
      }),
      {
        strategy: 'BLUE_GREEN',
        bakeTimeInMinutes: 1440,
        deploymentCircuitBreaker: { enable: true, rollback: true },
      },
    ],
  ])('%s', (_what, g, expected) => {
    expect(nativeDeploymentConfiguration(g)).toEqual(expected);
  });
});

describe('migrationPlan', () => {
  it('rules first (live group weight 1), then the controller, then CodeDeploy retired', () => {
    const calls = migrationPlan(facts());
    expect(calls.map((c) => c.operation)).toEqual([
      'ModifyListener',
      'ModifyListener',
      'UpdateService',
      'DeleteDeploymentGroup',
      'DeleteApplication',
    ]);
    const both = {
      Type: 'forward',
      ForwardConfig: {
        TargetGroups: [
          { TargetGroupArn: GREEN, Weight: 1 },
          { TargetGroupArn: BLUE, Weight: 0 },
        ],
      },
    };
    expect(calls[0]!.input).toEqual({ ListenerArn: PROD, DefaultActions: [both] });
    expect(calls[1]!.input).toEqual({ ListenerArn: TEST, DefaultActions: [both] });
    expect(calls[2]!.input).toMatchObject({
      cluster: 'production',
      service: 'web',
      deploymentController: { type: 'ECS' },
      loadBalancers: [
        {
          targetGroupArn: GREEN,
          containerName: 'web',
          containerPort: 8080,
          advancedConfiguration: {
            alternateTargetGroupArn: BLUE,
            productionListenerRule: `${PROD}/default`,
            testListenerRule: `${TEST}/default`,
            roleArn: 'arn:aws:iam::123456789012:role/ecsInfrastructureRoleForLoadBalancers',
          },
        },
      ],
    });
    expect(calls[4]!.input).toEqual({ applicationName: 'AppECS-production-web' });
  });

  it('keeps an application that has other groups, leaves out a test rule there is none of, takes the role given', () => {
    const f = facts(group({ otherGroups: ['DgpECS-production-api'], testListenerArn: undefined }));
    f.testRules = [];
    const calls = migrationPlan(f, { roleArn: 'arn:aws:iam::123456789012:role/ecs-lb' });
    expect(calls.map((c) => c.operation)).toEqual([
      'ModifyListener',
      'UpdateService',
      'DeleteDeploymentGroup',
    ]);
    const update = calls[1]!.input as { loadBalancers: { advancedConfiguration: object }[] };
    expect(update.loadBalancers[0]!.advancedConfiguration).toEqual({
      alternateTargetGroupArn: BLUE,
      productionListenerRule: `${PROD}/default`,
      roleArn: 'arn:aws:iam::123456789012:role/ecs-lb',
    });
  });

  it('prints each call as the AWS CLI command that makes it', () => {
    const lines = migrationPlan(facts()).map(cliLine);
    expect(lines[0]).toBe(
      `aws elbv2 modify-listener --listener-arn ${PROD} --default-actions '[{"Type":"forward","ForwardConfig":{"TargetGroups":[{"TargetGroupArn":"${GREEN}","Weight":1},{"TargetGroupArn":"${BLUE}","Weight":0}]}}]'`,
    );
    expect(lines[2]).toMatch(/^aws ecs update-service --cli-input-json '\{"cluster":"production"/);
    expect(lines[3]).toBe(
      'aws deploy delete-deployment-group --application-name AppECS-production-web --deployment-group-name DgpECS-production-web',
    );
    expect(lines[4]).toBe('aws deploy delete-application --application-name AppECS-production-web');
  });
});
