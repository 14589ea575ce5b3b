// The ECS deployment-group rules of Create/UpdateDeploymentGroup (spec A.3), one row per rule:
// a valid group with one field broken, the exception name and message the real SDK surfaces.
import {
  CreateDeploymentGroupCommand,
  GetDeploymentGroupCommand,
  UpdateDeploymentGroupCommand,
  type CreateDeploymentGroupCommandInput,
} from '@aws-sdk/client-codedeploy';
import { CreateServiceCommand, type CreateServiceCommandInput } from '@aws-sdk/client-ecs';
import {
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeTargetGroupsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caught, startHarness, type Harness } from './harness.js';

let h: Harness;
let valid: CreateDeploymentGroupCommandInput;

const ROLE = 'arn:aws:iam::123456789012:role/codedeploy';

beforeAll(async () => {
  h = await startHarness({ speed: 0 });
  const lb = (await h.elbv2.send(new DescribeLoadBalancersCommand({ Names: ['staging-web'] })))
    .LoadBalancers![0]!;
  const listeners = (
    await h.elbv2.send(new DescribeListenersCommand({ LoadBalancerArn: lb.LoadBalancerArn }))
  ).Listeners!;
  const port = (p: number) => listeners.find((l) => l.Port === p)!.ListenerArn!;
  const blue = (
    await h.elbv2.send(new DescribeTargetGroupsCommand({ Names: ['staging-web-blue'] }))
  ).TargetGroups![0]!.TargetGroupArn!;
  const service = (
    serviceName: string,
    type: 'CODE_DEPLOY' | 'ECS',
  ): CreateServiceCommandInput => ({
    cluster: 'staging',
    serviceName,
    taskDefinition: 'web',
    desiredCount: 1,
    launchType: 'FARGATE',
    deploymentController: { type },
    loadBalancers: [{ targetGroupArn: blue, containerName: 'web', containerPort: 8080 }],
    networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-1'] } },
  });
  await h.ecs.send(new CreateServiceCommand(service('api', 'CODE_DEPLOY')));
  await h.ecs.send(new CreateServiceCommand(service('rolling', 'ECS')));
  valid = {
    applicationName: 'AppECS-staging-web',
    deploymentGroupName: 'DgpECS-staging-api',
    serviceRoleArn: ROLE,
    deploymentConfigName: 'CodeDeployDefault.ECSAllAtOnce',
    deploymentStyle: { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' },
    ecsServices: [{ clusterName: 'staging', serviceName: 'api' }],
    loadBalancerInfo: {
      targetGroupPairInfoList: [
        {
          targetGroups: [{ name: 'staging-web-blue' }, { name: 'staging-web-green' }],
          prodTrafficRoute: { listenerArns: [port(80)] },
          testTrafficRoute: { listenerArns: [port(8443)] },
        },
      ],
    },
    blueGreenDeploymentConfiguration: {
      deploymentReadyOption: { actionOnTimeout: 'CONTINUE_DEPLOYMENT', waitTimeInMinutes: 0 },
      terminateBlueInstancesOnDeploymentSuccess: {
        action: 'TERMINATE',
        terminationWaitTimeInMinutes: 5,
      },
    },
  };
});
afterAll(async () => {
  await h.emulator.stop();
});

type Input = CreateDeploymentGroupCommandInput;
const pair = (i: Input) => i.loadBalancerInfo!.targetGroupPairInfoList![0]!;
const bg = (i: Input) => i.blueGreenDeploymentConfiguration!;

const RULES: [string, (i: Input) => void, string, string][] = [
  [
    'no service role',
    (i) => delete i.serviceRoleArn,
    'RoleRequiredException',
    'Role ARN is required for ECS deployment groups.',
  ],
  [
    'a service role that is no IAM role ARN',
    (i) => (i.serviceRoleArn = 'codedeploy'),
    'InvalidRoleException',
    'The service role ARN codedeploy is not a valid IAM role ARN.',
  ],
  [
    'a Server deployment config',
    (i) => (i.deploymentConfigName = 'CodeDeployDefault.OneAtATime'),
    'InvalidDeploymentConfigNameException',
    'The deployment configuration CodeDeployDefault.OneAtATime is for the Server compute platform; an ECS deployment group needs an ECS configuration.',
  ],
  [
    'no deployment style',
    (i) => delete i.deploymentStyle,
    'InvalidDeploymentStyleException',
    'Deployment type or deployment option cannot be null or empty',
  ],
  [
    'an IN_PLACE deployment style',
    (i) =>
      (i.deploymentStyle = {
        deploymentType: 'IN_PLACE',
        deploymentOption: 'WITH_TRAFFIC_CONTROL',
      }),
    'InvalidDeploymentStyleException',
    'For ECS deployment, the deployment type must be BLUE_GREEN, and deployment option must be WITH_TRAFFIC_CONTROL.',
  ],
  [
    'autoScalingGroups',
    (i) => (i.autoScalingGroups = ['asg-1']),
    'InvalidAutoScalingGroupException',
    'For ECS deployment group, autoScalingGroups can not be specified',
  ],
  [
    'two ECS services',
    (i) => i.ecsServices!.push({ clusterName: 'staging', serviceName: 'web' }),
    'InvalidECSServiceException',
    'For ECS deployment group, exactly one ECS service must be specified in ecsServices',
  ],
  [
    'a service that does not exist',
    (i) => (i.ecsServices = [{ clusterName: 'staging', serviceName: 'nope' }]),
    'InvalidECSServiceException',
    'The ECS service nope in cluster staging does not exist.',
  ],
  [
    'a service with the ECS controller',
    (i) => (i.ecsServices = [{ clusterName: 'staging', serviceName: 'rolling' }]),
    'InvalidECSServiceException',
    "Deployment group's ECS service must be configured for a CODE_DEPLOY deployment controller.",
  ],
  [
    'a service another group has',
    (i) => (i.ecsServices = [{ clusterName: 'staging', serviceName: 'web' }]),
    'ECSServiceMappingLimitExceededException',
    'The ECS service staging:web is already associated with deployment group DgpECS-staging-web.',
  ],
  [
    'no loadBalancerInfo',
    (i) => delete i.loadBalancerInfo,
    'InvalidLoadBalancerInfoException',
    'For ECS deployment group, loadBalancerInfo must be specified',
  ],
  [
    'an elbInfoList',
    (i) => (i.loadBalancerInfo!.elbInfoList = [{ name: 'classic' }]),
    'InvalidLoadBalancerInfoException',
    'For ECS deployment group, loadBalancerInfo must not contain elbInfo list',
  ],
  [
    'a targetGroupInfoList',
    (i) => (i.loadBalancerInfo!.targetGroupInfoList = [{ name: 'staging-web-blue' }]),
    'InvalidLoadBalancerInfoException',
    'For ECS deployment group, loadBalancerInfo must not contain targetGroupInfo list',
  ],
  [
    'no target group pair',
    (i) => (i.loadBalancerInfo!.targetGroupPairInfoList = []),
    'InvalidTargetGroupPairException',
    'For ECS deployment group, targetGroupPairInfoList must contain exactly one target group pair',
  ],
  [
    'one target group twice',
    (i) => (pair(i).targetGroups = [{ name: 'staging-web-blue' }, { name: 'staging-web-blue' }]),
    'InvalidTargetGroupPairException',
    'A target group pair must contain exactly two different target groups, given by name',
  ],
  [
    'a target group that does not exist',
    (i) => (pair(i).targetGroups = [{ name: 'staging-web-blue' }, { name: 'nope' }]),
    'InvalidTargetGroupPairException',
    'The target group nope does not exist.',
  ],
  [
    'no production listener',
    (i) => (pair(i).prodTrafficRoute = { listenerArns: [] }),
    'InvalidTargetGroupPairException',
    'The production traffic route must contain exactly one listener ARN',
  ],
  [
    'no blueGreenDeploymentConfiguration',
    (i) => delete i.blueGreenDeploymentConfiguration,
    'InvalidBlueGreenDeploymentConfigurationException',
    'For ECS deployment group, blueGreenDeploymentConfiguration must be specified',
  ],
  [
    'CONTINUE_DEPLOYMENT with a timeout',
    (i) =>
      (bg(i).deploymentReadyOption = {
        actionOnTimeout: 'CONTINUE_DEPLOYMENT',
        waitTimeInMinutes: 10,
      }),
    'InvalidBlueGreenDeploymentConfigurationException',
    "Deployment ready action cannot be set to 'CONTINUE_DEPLOYMENT' when timeout is specified",
  ],
  [
    'a Ready wait over 120 hours',
    (i) =>
      (bg(i).deploymentReadyOption = {
        actionOnTimeout: 'STOP_DEPLOYMENT',
        waitTimeInMinutes: 7201,
      }),
    'InvalidBlueGreenDeploymentConfigurationException',
    'The deployment ready wait time must be between 0 and 7200 minutes (120 hours)',
  ],
  [
    'KEEP_ALIVE for the original task set',
    (i) => (bg(i).terminateBlueInstancesOnDeploymentSuccess = { action: 'KEEP_ALIVE' }),
    'InvalidBlueGreenDeploymentConfigurationException',
    'For ECS deployment group, the original task set must be terminated: action must be TERMINATE',
  ],
  [
    'a termination wait over 2880 minutes',
    (i) =>
      (bg(i).terminateBlueInstancesOnDeploymentSuccess = {
        action: 'TERMINATE',
        terminationWaitTimeInMinutes: 2881,
      }),
    'InvalidBlueGreenDeploymentConfigurationException',
    'terminationWaitTimeInMinutes must be between 0 and 2880',
  ],
  [
    'auto rollback enabled without events',
    (i) => (i.autoRollbackConfiguration = { enabled: true, events: [] }),
    'InvalidAutoRollbackConfigException',
    'Auto rollback is enabled but no rollback events are specified',
  ],
  [
    'an alarm configuration enabled without alarms',
    (i) => (i.alarmConfiguration = { enabled: true, alarms: [] }),
    'InvalidAlarmConfigException',
    'The alarm configuration is enabled but contains no alarms.',
  ],
  [
    'the same alarm twice',
    (i) => (i.alarmConfiguration = { enabled: true, alarms: [{ name: 'a' }, { name: 'a' }] }),
    'InvalidAlarmConfigException',
    'Alarm names must be non-empty and unique.',
  ],
  [
    'eleven alarms',
    (i) =>
      (i.alarmConfiguration = {
        enabled: true,
        alarms: [...'abcdefghijk'].map((name) => ({ name })),
      }),
    'AlarmsLimitExceededException',
    'The maximum number of alarms for a deployment group (10) was exceeded.',
  ],
];

describe('ECS deployment group rules', () => {
  it.each(RULES)('refuses %s', async (_what, breakIt, name, message) => {
    const input = structuredClone(valid);
    breakIt(input);
    const error = await caught(h.codedeploy.send(new CreateDeploymentGroupCommand(input)));
    expect({ name: error.name, message: error.message }).toEqual({ name, message });
    expect(error.$metadata.httpStatusCode).toBe(400);
  });

  it('accepts the valid group, and UpdateDeploymentGroup applies the same rules', async () => {
    await h.codedeploy.send(new CreateDeploymentGroupCommand(valid));
    const key = {
      applicationName: valid.applicationName,
      deploymentGroupName: 'DgpECS-staging-api',
    };
    const got = (await h.codedeploy.send(new GetDeploymentGroupCommand(key))).deploymentGroupInfo!;
    expect(got.ecsServices).toEqual([{ clusterName: 'staging', serviceName: 'api' }]);
    expect(got.computePlatform).toBe('ECS');

    const update = (extra: Partial<UpdateDeploymentGroupCommand['input']>) =>
      h.codedeploy.send(
        new UpdateDeploymentGroupCommand({
          applicationName: valid.applicationName,
          currentDeploymentGroupName: 'DgpECS-staging-api',
          ...extra,
        }),
      );
    const keepAlive = await caught(
      update({
        blueGreenDeploymentConfiguration: {
          ...valid.blueGreenDeploymentConfiguration,
          terminateBlueInstancesOnDeploymentSuccess: { action: 'KEEP_ALIVE' },
        },
      }),
    );
    expect(keepAlive.name).toBe('InvalidBlueGreenDeploymentConfigurationException');
    const taken = await caught(update({ newDeploymentGroupName: 'DgpECS-staging-web' }));
    expect(taken.name).toBe('DeploymentGroupAlreadyExistsException');
    expect(taken.message).toBe(
      'The deployment group DgpECS-staging-web already exists with the user or AWS account.',
    );
    // A valid update keeps what it does not name.
    await update({ deploymentConfigName: 'CodeDeployDefault.ECSLinear10PercentEvery1Minutes' });
    const updated = (await h.codedeploy.send(new GetDeploymentGroupCommand(key)))
      .deploymentGroupInfo!;
    expect(updated.deploymentConfigName).toBe('CodeDeployDefault.ECSLinear10PercentEvery1Minutes');
    expect(updated.ecsServices).toEqual(got.ecsServices);
  });
});
