/**
 * The validation rules of spec A.4 for an ECS deployment group (verbatim messages where known),
 * one function per part of the input, in the order CodeDeploy checks them.
 */
import { AwsError } from '../protocol/json-service.js';
import type { EmulatorState } from '../state.js';
import { configMissing } from './errors.js';
import type { DeploymentGroup } from './resources.js';

const ROLLBACK_EVENTS = [
  'DEPLOYMENT_FAILURE',
  'DEPLOYMENT_STOP_ON_ALARM',
  'DEPLOYMENT_STOP_ON_REQUEST',
];

function fail(code: string, message: string): never {
  throw new AwsError(code, message);
}

type GroupFields = Omit<
  DeploymentGroup,
  'applicationName' | 'deploymentGroupId' | 'deploymentGroupName' | 'tags'
>;

/** Validates the ECS-relevant fields of Create/UpdateDeploymentGroup and returns them normalized. */
export function validateEcsGroup(
  state: EmulatorState,
  applicationName: string,
  input: any,
  ownName: string | undefined,
): GroupFields {
  const configName = checkRoleAndConfig(state, input);
  checkDeploymentStyle(input);
  const { serviceName, clusterName } = checkEcsService(state, applicationName, input, ownName);
  const { names, prod, test } = checkTargetGroupPair(state, input);
  const blueGreenDeploymentConfiguration = checkBlueGreen(input);
  const autoRollback = validateAutoRollback(input.autoRollbackConfiguration);
  const alarms = validateAlarms(input.alarmConfiguration);
  return {
    deploymentConfigName: configName,
    serviceRoleArn: input.serviceRoleArn,
    ecsServices: [{ serviceName, clusterName }],
    loadBalancerInfo: {
      targetGroupPairInfoList: [
        {
          targetGroups: names.map((name) => ({ name })),
          prodTrafficRoute: { listenerArns: prod },
          ...(test.length ? { testTrafficRoute: { listenerArns: test } } : {}),
        },
      ],
    },
    blueGreenDeploymentConfiguration,
    autoRollbackConfiguration: autoRollback,
    alarmConfiguration: alarms,
    deploymentStyle: { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' },
    triggerConfigurations: input.triggerConfigurations ?? [],
  };
}

function checkRoleAndConfig(state: EmulatorState, input: any): string {
  if (!input.serviceRoleArn)
    fail('RoleRequiredException', 'Role ARN is required for ECS deployment groups.');
  if (!/^arn:aws[a-z-]*:iam::\d{12}:role\/.+/.test(input.serviceRoleArn)) {
    fail(
      'InvalidRoleException',
      `The service role ARN ${input.serviceRoleArn} is not a valid IAM role ARN.`,
    );
  }
  const configName: string = input.deploymentConfigName ?? 'CodeDeployDefault.ECSAllAtOnce';
  const config = state.codedeploy.configs.get(configName);
  if (!config) throw configMissing(configName);
  if (config.computePlatform !== 'ECS') {
    fail(
      'InvalidDeploymentConfigNameException',
      `The deployment configuration ${configName} is for the ${config.computePlatform} compute platform; an ECS deployment group needs an ECS configuration.`,
    );
  }
  return configName;
}

function checkDeploymentStyle(input: any): void {
  const style = input.deploymentStyle;
  if (!style?.deploymentType || !style?.deploymentOption) {
    fail(
      'InvalidDeploymentStyleException',
      'Deployment type or deployment option cannot be null or empty',
    );
  }
  if (style.deploymentType !== 'BLUE_GREEN' || style.deploymentOption !== 'WITH_TRAFFIC_CONTROL') {
    fail(
      'InvalidDeploymentStyleException',
      'For ECS deployment, the deployment type must be BLUE_GREEN, and deployment option must be WITH_TRAFFIC_CONTROL.',
    );
  }
  if (Array.isArray(input.autoScalingGroups) && input.autoScalingGroups.length > 0) {
    fail(
      'InvalidAutoScalingGroupException',
      'For ECS deployment group, autoScalingGroups can not be specified',
    );
  }
}

function checkEcsService(
  state: EmulatorState,
  applicationName: string,
  input: any,
  ownName: string | undefined,
): { serviceName: string; clusterName: string } {
  const services = input.ecsServices;
  if (!Array.isArray(services) || services.length !== 1) {
    fail(
      'InvalidECSServiceException',
      'For ECS deployment group, exactly one ECS service must be specified in ecsServices',
    );
  }
  const { serviceName, clusterName } = services[0] ?? {};
  const service = state.ecs.clusters.get(String(clusterName))?.services.get(String(serviceName));
  if (!service || service.status !== 'ACTIVE') {
    fail(
      'InvalidECSServiceException',
      `The ECS service ${serviceName} in cluster ${clusterName} does not exist.`,
    );
  }
  if (service.deploymentController.type !== 'CODE_DEPLOY') {
    fail(
      'InvalidECSServiceException',
      "Deployment group's ECS service must be configured for a CODE_DEPLOY deployment controller.",
    );
  }
  for (const other of state.codedeploy.groups.values()) {
    const mapped = other.ecsServices.some(
      (s) => s.serviceName === serviceName && s.clusterName === clusterName,
    );
    const self = other.applicationName === applicationName && other.deploymentGroupName === ownName;
    if (mapped && !self) {
      fail(
        'ECSServiceMappingLimitExceededException',
        `The ECS service ${clusterName}:${serviceName} is already associated with deployment group ${other.deploymentGroupName}.`,
      );
    }
  }
  return { serviceName, clusterName };
}

function checkTargetGroupPair(
  state: EmulatorState,
  input: any,
): { names: string[]; prod: string[]; test: string[] } {
  const lbInfo = input.loadBalancerInfo;
  if (!lbInfo)
    fail(
      'InvalidLoadBalancerInfoException',
      'For ECS deployment group, loadBalancerInfo must be specified',
    );
  if (lbInfo.elbInfoList?.length) {
    fail(
      'InvalidLoadBalancerInfoException',
      'For ECS deployment group, loadBalancerInfo must not contain elbInfo list',
    );
  }
  if (lbInfo.targetGroupInfoList?.length) {
    fail(
      'InvalidLoadBalancerInfoException',
      'For ECS deployment group, loadBalancerInfo must not contain targetGroupInfo list',
    );
  }
  const pairs = lbInfo.targetGroupPairInfoList;
  if (!Array.isArray(pairs) || pairs.length !== 1) {
    fail(
      'InvalidTargetGroupPairException',
      'For ECS deployment group, targetGroupPairInfoList must contain exactly one target group pair',
    );
  }
  const pair = pairs[0];
  const names: string[] = (pair.targetGroups ?? []).map((t: any) => t?.name);
  if (names.length !== 2 || names[0] === names[1]) {
    fail(
      'InvalidTargetGroupPairException',
      'A target group pair must contain exactly two different target groups, given by name',
    );
  }
  const elb = state.elb;
  const tgs = names.map((n) => [...elb.targetGroups.values()].find((t) => t.name === n));
  tgs.forEach((tg, i) => {
    if (!tg)
      fail('InvalidTargetGroupPairException', `The target group ${names[i]} does not exist.`);
  });
  const prod: string[] = pair.prodTrafficRoute?.listenerArns ?? [];
  const test: string[] = pair.testTrafficRoute?.listenerArns ?? [];
  if (prod.length !== 1)
    fail(
      'InvalidTargetGroupPairException',
      'The production traffic route must contain exactly one listener ARN',
    );
  if (test.length > 1)
    fail(
      'InvalidTargetGroupPairException',
      'The test traffic route may contain at most one listener ARN',
    );
  const listeners = [...prod, ...test].map((arn) => {
    const listener = elb.listeners.get(arn);
    if (!listener) fail('InvalidTargetGroupPairException', `The listener ${arn} does not exist.`);
    return listener;
  });
  if (new Set(listeners.map((l) => l.loadBalancerArn)).size > 1) {
    fail(
      'InvalidTargetGroupPairException',
      'The production and test listeners must belong to the same load balancer',
    );
  }
  return { names, prod, test };
}

function checkBlueGreen(input: any): GroupFields['blueGreenDeploymentConfiguration'] {
  const bg = input.blueGreenDeploymentConfiguration;
  if (!bg) {
    fail(
      'InvalidBlueGreenDeploymentConfigurationException',
      'For ECS deployment group, blueGreenDeploymentConfiguration must be specified',
    );
  }
  const ready = bg.deploymentReadyOption ?? { actionOnTimeout: 'CONTINUE_DEPLOYMENT' };
  const readyWait = ready.waitTimeInMinutes ?? 0;
  if (
    !['CONTINUE_DEPLOYMENT', 'STOP_DEPLOYMENT'].includes(
      ready.actionOnTimeout ?? 'CONTINUE_DEPLOYMENT',
    )
  ) {
    fail(
      'InvalidBlueGreenDeploymentConfigurationException',
      `Unknown deployment ready action ${ready.actionOnTimeout}`,
    );
  }
  if (
    (ready.actionOnTimeout ?? 'CONTINUE_DEPLOYMENT') === 'CONTINUE_DEPLOYMENT' &&
    readyWait !== 0
  ) {
    fail(
      'InvalidBlueGreenDeploymentConfigurationException',
      "Deployment ready action cannot be set to 'CONTINUE_DEPLOYMENT' when timeout is specified",
    );
  }
  if (readyWait < 0 || readyWait > 7200) {
    fail(
      'InvalidBlueGreenDeploymentConfigurationException',
      'The deployment ready wait time must be between 0 and 7200 minutes (120 hours)',
    );
  }
  const terminate = bg.terminateBlueInstancesOnDeploymentSuccess ?? { action: 'TERMINATE' };
  if ((terminate.action ?? 'TERMINATE') !== 'TERMINATE') {
    fail(
      'InvalidBlueGreenDeploymentConfigurationException',
      'For ECS deployment group, the original task set must be terminated: action must be TERMINATE',
    );
  }
  const terminationWait = terminate.terminationWaitTimeInMinutes ?? 0;
  if (terminationWait < 0 || terminationWait > 2880) {
    fail(
      'InvalidBlueGreenDeploymentConfigurationException',
      'terminationWaitTimeInMinutes must be between 0 and 2880',
    );
  }
  return {
    deploymentReadyOption: {
      actionOnTimeout: ready.actionOnTimeout ?? 'CONTINUE_DEPLOYMENT',
      waitTimeInMinutes: readyWait,
    },
    terminateBlueInstancesOnDeploymentSuccess: {
      action: 'TERMINATE',
      terminationWaitTimeInMinutes: terminationWait,
    },
  };
}

export function validateAutoRollback(config: any): { enabled: boolean; events: string[] } {
  if (!config) return { enabled: false, events: [] };
  const events: string[] = config.events ?? [];
  if (events.some((e) => !ROLLBACK_EVENTS.includes(e))) {
    fail(
      'InvalidAutoRollbackConfigException',
      `Auto rollback events must be among ${ROLLBACK_EVENTS.join(', ')}`,
    );
  }
  if (config.enabled && events.length === 0) {
    fail(
      'InvalidAutoRollbackConfigException',
      'Auto rollback is enabled but no rollback events are specified',
    );
  }
  return { enabled: !!config.enabled, events };
}

export function validateAlarms(config: any): DeploymentGroup['alarmConfiguration'] {
  if (!config) return { enabled: false, ignorePollAlarmFailure: false, alarms: [] };
  const alarms: { name: string }[] = config.alarms ?? [];
  if (alarms.length > 10)
    fail(
      'AlarmsLimitExceededException',
      'The maximum number of alarms for a deployment group (10) was exceeded.',
    );
  const names = alarms.map((a) => a?.name);
  if (names.some((n) => !n) || new Set(names).size !== names.length) {
    fail('InvalidAlarmConfigException', 'Alarm names must be non-empty and unique.');
  }
  if (config.enabled && alarms.length === 0) {
    fail(
      'InvalidAlarmConfigException',
      'The alarm configuration is enabled but contains no alarms.',
    );
  }
  return {
    enabled: !!config.enabled,
    ignorePollAlarmFailure: !!config.ignorePollAlarmFailure,
    alarms,
  };
}
