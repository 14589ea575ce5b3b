import { Duration, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct } from 'constructs';

export interface BlueGreenDeploymentProps {
  readonly name: string;
  readonly service: ecs.IBaseService;
  readonly productionListener: elbv2.IApplicationListener;
  readonly testListener: elbv2.IApplicationListener;
  readonly blueTargetGroup: elbv2.ApplicationTargetGroup;
  readonly greenTargetGroup: elbv2.ApplicationTargetGroup;
  readonly readyWait?: Duration;
  readonly terminationWait: Duration;
}

/** The canary config a deployment uses unless the workflow overrides it per deployment. */
export const DEFAULT_DEPLOYMENT_CONFIG = codedeploy.EcsDeploymentConfig.CANARY_10PERCENT_5MINUTES;

/**
 * CodeDeploy ECS application and deployment group. Alarms on both target groups stop and roll
 * back a deployment whichever colour is serving; so do a failure and a manual stop.
 */
export class BlueGreenDeployment extends Construct {
  readonly application: codedeploy.EcsApplication;
  readonly deploymentGroup: codedeploy.EcsDeploymentGroup;
  readonly alarms: cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: BlueGreenDeploymentProps) {
    super(scope, id);
    this.alarms = [props.blueTargetGroup, props.greenTargetGroup].flatMap((targetGroup, index) => {
      const color = index === 0 ? 'Blue' : 'Green';
      return [
        new cloudwatch.Alarm(this, `${color}5xx`, {
          alarmDescription: `${props.name}: ${color} target group answers 5xx`,
          metric: targetGroup.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, {
            period: Duration.minutes(1),
            statistic: cloudwatch.Stats.SUM,
          }),
          threshold: 5,
          evaluationPeriods: 2,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        }),
        new cloudwatch.Alarm(this, `${color}UnhealthyHosts`, {
          alarmDescription: `${props.name}: ${color} target group has unhealthy targets`,
          metric: targetGroup.metrics.unhealthyHostCount({
            period: Duration.minutes(1),
            statistic: cloudwatch.Stats.MAXIMUM,
          }),
          threshold: 1,
          evaluationPeriods: 2,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        }),
      ];
    });

    this.application = new codedeploy.EcsApplication(this, 'Application', {
      applicationName: props.name,
    });
    this.deploymentGroup = new codedeploy.EcsDeploymentGroup(this, 'DeploymentGroup', {
      application: this.application,
      deploymentGroupName: props.name,
      service: props.service,
      deploymentConfig: DEFAULT_DEPLOYMENT_CONFIG,
      blueGreenDeploymentConfig: {
        blueTargetGroup: props.blueTargetGroup,
        greenTargetGroup: props.greenTargetGroup,
        listener: props.productionListener,
        testListener: props.testListener,
        deploymentApprovalWaitTime: props.readyWait,
        terminationWaitTime: props.terminationWait,
      },
      alarms: this.alarms,
      autoRollback: { failedDeployment: true, stoppedDeployment: true, deploymentInAlarm: true },
    });
    Validations.of(this.deploymentGroup.role).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AWSCodeDeployRoleForECS]',
      reason:
        'The AWS-maintained service-role policy CodeDeploy needs to drive ECS task sets, the ALB and alarms.',
    });
  }
}
