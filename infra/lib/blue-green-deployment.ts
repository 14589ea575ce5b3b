import { Duration, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct } from 'constructs';
import type { DeploymentEngine } from './config.js';

export interface BlueGreenDeploymentProps {
  readonly name: string;
  readonly engine: DeploymentEngine;
  readonly service: ecs.BaseService;
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
 * What stops and rolls back a release, on either engine: alarms on both target groups (whichever
 * colour is serving), a failure and a manual stop. With CodeDeploy, its ECS application and
 * deployment group; with the ECS engine, the service's own deployment alarms (the strategy, the
 * alternate target group and the gate's hold are on the service, lib/service.ts).
 */
export class BlueGreenDeployment extends Construct {
  /** CodeDeploy engine only. */
  readonly codeDeploy?: {
    readonly application: codedeploy.EcsApplication;
    readonly deploymentGroup: codedeploy.EcsDeploymentGroup;
  };
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

    if (props.engine.kind === 'ecs') {
      props.service.enableDeploymentAlarms(
        this.alarms.map((alarm) => alarm.alarmName),
        { behavior: ecs.AlarmBehavior.ROLLBACK_ON_ALARM },
      );
      return;
    }
    this.codeDeploy = this.codeDeployGroup(props);
  }

  private codeDeployGroup(props: BlueGreenDeploymentProps) {
    const application = new codedeploy.EcsApplication(this, 'Application', {
      applicationName: props.name,
    });
    const deploymentGroup = new codedeploy.EcsDeploymentGroup(this, 'DeploymentGroup', {
      application,
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
    Validations.of(deploymentGroup.role).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AWSCodeDeployRoleForECS]',
      reason:
        'The AWS-maintained service-role policy CodeDeploy needs to drive ECS task sets, the ALB and alarms.',
    });
    return { application, deploymentGroup };
  }
}
