/**
 * The calls that move a CodeDeploy blue/green service to ECS-native blue/green in place, in order,
 * from facts the preflight accepted (`migrationProblems` empty). Pure data: `migration.ts` sends
 * them, `cliLine` prints each as the AWS CLI command a team without this repository would run.
 *
 * 1. The production and test listeners' default rules forward to both target groups, weights 1/0
 *    (the live group 1): traffic does not move, and ECS finds the pair it will shift.
 * 2. UpdateService: deployment controller ECS, the strategy translated from the deployment group
 *    (canary, linear or all at once; the termination wait becomes the bake time; a Ready wait that
 *    holds becomes a PAUSE hook at POST_TEST_TRAFFIC_SHIFT; the group's alarms and auto-rollback),
 *    and the target group pair with the rules and the infrastructure role ECS uses on them.
 * 3. The CodeDeploy deployment group, then its application when no other group is left.
 */
import type {
  DeleteApplicationCommandInput,
  DeleteDeploymentGroupCommandInput,
} from '@aws-sdk/client-codedeploy';
import type { DeploymentConfiguration, UpdateServiceCommandInput } from '@aws-sdk/client-ecs';
import type { ModifyListenerCommandInput } from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  defaultRule,
  liveTargetGroup,
  type GroupFacts,
  type MigrationFacts,
} from './migration-preflight.js';

export type MigrationCall =
  | { operation: 'ModifyListener'; input: ModifyListenerCommandInput; why: string }
  | { operation: 'UpdateService'; input: UpdateServiceCommandInput; why: string }
  | { operation: 'DeleteDeploymentGroup'; input: DeleteDeploymentGroupCommandInput; why: string }
  | { operation: 'DeleteApplication'; input: DeleteApplicationCommandInput; why: string };

export interface MigrationOptions {
  /** The infrastructure role ECS assumes to rewrite the rules (AmazonECSInfrastructureRolePolicyForLoadBalancers). */
  roleArn?: string;
}

/** The service's deploymentConfiguration on ECS, from the deployment group's settings. */
export function nativeDeploymentConfiguration(g: GroupFacts): DeploymentConfiguration {
  const r = g.trafficRouting;
  const config: DeploymentConfiguration = {
    strategy:
      r.type === 'TimeBasedCanary'
        ? 'CANARY'
        : r.type === 'TimeBasedLinear'
          ? 'LINEAR'
          : 'BLUE_GREEN',
    bakeTimeInMinutes: Math.min(1440, Math.max(0, g.terminationWaitMinutes)),
  };
  if (r.type === 'TimeBasedCanary')
    config.canaryConfiguration = { canaryPercent: r.percent, canaryBakeTimeInMinutes: r.minutes };
  if (r.type === 'TimeBasedLinear')
    config.linearConfiguration = { stepPercent: r.percent, stepBakeTimeInMinutes: r.minutes };
  // CodeDeploy holds in Ready only with STOP_DEPLOYMENT; CONTINUE_DEPLOYMENT reroutes at once.
  if (g.readyAction === 'STOP_DEPLOYMENT' && g.readyWaitMinutes > 0)
    config.lifecycleHooks = [
      {
        targetType: 'PAUSE',
        lifecycleStages: ['POST_TEST_TRAFFIC_SHIFT'],
        timeoutConfiguration: {
          timeoutInMinutes: Math.min(20160, g.readyWaitMinutes),
          action: 'ROLLBACK',
        },
      },
    ];
  if (g.alarms.length)
    config.alarms = { alarmNames: g.alarms, enable: true, rollback: g.autoRollback };
  config.deploymentCircuitBreaker = { enable: true, rollback: g.autoRollback };
  return config;
}

const accountOf = (arn: string) => arn.split(':')[4] ?? '';

/** The calls, in order. Only for facts whose `migrationProblems` is empty. */
export function migrationPlan(
  facts: MigrationFacts,
  options: MigrationOptions = {},
): MigrationCall[] {
  const s = facts.found!;
  const g = facts.group!;
  const blue = liveTargetGroup(s)!;
  const green = g.targetGroupArns.find((tg) => tg !== blue)!;
  const forward = {
    Type: 'forward' as const,
    ForwardConfig: {
      TargetGroups: [
        { TargetGroupArn: blue, Weight: 1 },
        { TargetGroupArn: green, Weight: 0 },
      ],
    },
  };
  const calls: MigrationCall[] = [];
  const prodRule = defaultRule(facts.productionRules)!;
  const testRule = g.testListenerArn ? defaultRule(facts.testRules) : undefined;
  for (const [which, rule] of [
    ['production', prodRule],
    ['test', testRule],
  ] as const) {
    if (!rule) continue;
    calls.push({
      operation: 'ModifyListener',
      input: { ListenerArn: rule.listenerArn, DefaultActions: [forward] },
      why: `the ${which} listener forwards to both target groups, the live one weight 1 (no traffic moves)`,
    });
  }
  const lb = s.loadBalancers[0]!;
  calls.push({
    operation: 'UpdateService',
    input: {
      cluster: facts.cluster,
      service: facts.service,
      deploymentController: { type: 'ECS' },
      deploymentConfiguration: nativeDeploymentConfiguration(g),
      loadBalancers: [
        {
          targetGroupArn: blue,
          containerName: lb.containerName,
          containerPort: lb.containerPort,
          advancedConfiguration: {
            alternateTargetGroupArn: green,
            productionListenerRule: prodRule.ruleArn,
            ...(testRule ? { testListenerRule: testRule.ruleArn } : {}),
            roleArn:
              options.roleArn ??
              `arn:aws:iam::${accountOf(s.serviceArn)}:role/ecsInfrastructureRoleForLoadBalancers`,
          },
        },
      ],
    },
    why: 'the service moves to the ECS deployment controller in place: the running tasks stay, no deployment starts',
  });
  calls.push({
    operation: 'DeleteDeploymentGroup',
    input: { applicationName: g.application, deploymentGroupName: g.name },
    why: 'CodeDeploy no longer deploys this service',
  });
  if (g.otherGroups.length === 0)
    calls.push({
      operation: 'DeleteApplication',
      input: { applicationName: g.application },
      why: 'the application has no other deployment group',
    });
  return calls;
}

const quote = (value: unknown) => `'${JSON.stringify(value).replace(/'/g, "'\\''")}'`;

/** The AWS CLI command that makes the same call. */
export function cliLine(call: MigrationCall): string {
  switch (call.operation) {
    case 'ModifyListener':
      return `aws elbv2 modify-listener --listener-arn ${call.input.ListenerArn} --default-actions ${quote(call.input.DefaultActions)}`;
    case 'UpdateService':
      return `aws ecs update-service --cli-input-json ${quote(call.input)}`;
    case 'DeleteDeploymentGroup':
      return `aws deploy delete-deployment-group --application-name ${call.input.applicationName} --deployment-group-name ${call.input.deploymentGroupName}`;
    case 'DeleteApplication':
      return `aws deploy delete-application --application-name ${call.input.applicationName}`;
  }
}
