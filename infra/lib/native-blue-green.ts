import { type Duration, Validations } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import type * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { NativeStrategy } from './config.js';

/** The stage the gate holds at: green has all test traffic, blue all production traffic. */
export const GATE_STAGE = 'POST_TEST_TRAFFIC_SHIFT';

/**
 * The FargateService props that choose an ECS-native strategy (L2 support: deploymentStrategy,
 * bakeTime, canaryConfiguration, linearConfiguration). `bakeTime` is how long both revisions run
 * after production moved: the old one stays for an instant rollback, as CodeDeploy's termination
 * wait keeps the blue task set. The circuit breaker rolls back a green revision whose tasks keep
 * failing to start, instead of waiting hours for the stage to time out.
 */
export function nativeStrategyProps(
  strategy: NativeStrategy,
  bakeTime: Duration,
): Pick<
  ecs.FargateServiceProps,
  | 'deploymentStrategy'
  | 'bakeTime'
  | 'canaryConfiguration'
  | 'linearConfiguration'
  | 'circuitBreaker'
> {
  const common = { bakeTime, circuitBreaker: { enable: true, rollback: true } };
  switch (strategy.type) {
    case 'BLUE_GREEN':
      return { deploymentStrategy: ecs.DeploymentStrategy.BLUE_GREEN, ...common };
    case 'CANARY':
      return {
        deploymentStrategy: ecs.DeploymentStrategy.CANARY,
        ...common,
        canaryConfiguration: { stepPercent: strategy.percent, stepBakeTime: strategy.bakeTime },
      };
    case 'LINEAR':
      return {
        deploymentStrategy: ecs.DeploymentStrategy.LINEAR,
        ...common,
        linearConfiguration: {
          stepPercent: strategy.stepPercent,
          stepBakeTime: strategy.stepBakeTime,
        },
      };
  }
}

export interface LoadBalancerInfrastructureRoleProps {
  readonly targetGroups: readonly elbv2.IApplicationTargetGroup[];
  readonly rules: readonly elbv2.ApplicationListenerRule[];
}

/**
 * The role ECS assumes to move traffic during a native deployment. It carries exactly what the
 * AWS managed policy AmazonECSInfrastructureRolePolicyForLoadBalancers allows an ALB service, but
 * on this service's two target groups and two rules instead of every one in the account.
 */
export class LoadBalancerInfrastructureRole extends Construct {
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: LoadBalancerInfrastructureRoleProps) {
    super(scope, id);
    this.role = new iam.Role(this, 'Role', {
      description: 'ECS-native blue/green: register targets and rewrite the rules of this service',
      assumedBy: new iam.ServicePrincipal('ecs.amazonaws.com'),
    });
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'ReadLoadBalancing',
        actions: [
          'elasticloadbalancing:DescribeListeners',
          'elasticloadbalancing:DescribeRules',
          'elasticloadbalancing:DescribeTargetGroups',
          'elasticloadbalancing:DescribeTargetHealth',
        ],
        resources: ['*'],
      }),
    );
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'RegisterTasks',
        actions: ['elasticloadbalancing:RegisterTargets', 'elasticloadbalancing:DeregisterTargets'],
        resources: props.targetGroups.map((group) => group.targetGroupArn),
      }),
    );
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'ShiftTraffic',
        actions: ['elasticloadbalancing:ModifyRule'],
        resources: props.rules.map((rule) => rule.listenerRuleArn),
      }),
    );
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'elasticloadbalancing Describe* calls have no resource-level permissions; IAM accepts only "*". Target registration and rule changes name the target groups and rules of this service.',
    });
  }
}

/**
 * Holds every deployment at POST_TEST_TRAFFIC_SHIFT until ContinueServiceDeployment (the gate
 * passed, or promote.yml), or rolls it back after `timeout`. Without a timeoutConfiguration ECS
 * would wait its default 24 h and then roll back; a timeout sized to the approvals you expect
 * stops a forgotten deployment from holding two revisions for a day.
 *
 * Escape hatch, and only here: aws-cdk-lib's lifecycle hooks (DeploymentLifecycleLambdaTarget)
 * cover Lambda targets only; PAUSE hooks and timeoutConfiguration have no L2 yet.
 */
export function addGatePauseHook(service: ecs.FargateService, timeout: Duration) {
  const cfn = service.node.defaultChild as ecs.CfnService;
  cfn.addPropertyOverride('DeploymentConfiguration.LifecycleHooks', [
    {
      TargetType: 'PAUSE',
      LifecycleStages: [GATE_STAGE],
      TimeoutConfiguration: {
        TimeoutInMinutes: timeout.toMinutes(),
        Action: 'ROLLBACK',
      },
    },
  ]);
}
