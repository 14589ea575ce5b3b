/** Deployment groups for ECS with the validation rules of spec A.4 (verbatim messages where known). */
import { randomUUID } from 'node:crypto';
import { AwsError, type Handler } from '../protocol/json-service.js';
import type { EmulatorState } from '../state.js';
import type { DeploymentGroup } from './resources.js';
import { findApplication } from './applications.js';
import { configMissing, groupMissing, NAME_PATTERN, required } from './errors.js';

const ROLLBACK_EVENTS = [
  'DEPLOYMENT_FAILURE',
  'DEPLOYMENT_STOP_ON_ALARM',
  'DEPLOYMENT_STOP_ON_REQUEST',
];

export function groupKey(app: string, group: string): string {
  return `${app}/${group}`;
}

export function findGroup(state: EmulatorState, app: string, name: unknown): DeploymentGroup {
  if (!name) throw required('DeploymentGroupNameRequiredException', 'The deployment group name');
  const group = state.codedeploy.groups.get(groupKey(app, String(name)));
  if (!group) throw groupMissing(String(name));
  return group;
}

function fail(code: string, message: string): never {
  throw new AwsError(code, message);
}

/** Validates the ECS-relevant fields of Create/UpdateDeploymentGroup and returns them normalized. */
export function validateEcsGroup(
  state: EmulatorState,
  applicationName: string,
  input: any,
  ownName: string | undefined,
): Omit<DeploymentGroup, 'applicationName' | 'deploymentGroupId' | 'deploymentGroupName' | 'tags'> {
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
    blueGreenDeploymentConfiguration: {
      deploymentReadyOption: {
        actionOnTimeout: ready.actionOnTimeout ?? 'CONTINUE_DEPLOYMENT',
        waitTimeInMinutes: readyWait,
      },
      terminateBlueInstancesOnDeploymentSuccess: {
        action: 'TERMINATE',
        terminationWaitTimeInMinutes: terminationWait,
      },
    },
    autoRollbackConfiguration: autoRollback,
    alarmConfiguration: alarms,
    deploymentStyle: { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' },
    triggerConfigurations: input.triggerConfigurations ?? [],
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

export function createDeploymentGroup(state: EmulatorState, input: any): DeploymentGroup {
  const app = findApplication(state, input?.applicationName);
  const name = input.deploymentGroupName;
  if (!name) throw required('DeploymentGroupNameRequiredException', 'The deployment group name');
  if (!NAME_PATTERN.test(name))
    fail('InvalidDeploymentGroupNameException', `The deployment group name ${name} is not valid.`);
  if (state.codedeploy.groups.has(groupKey(app.applicationName, name))) {
    fail(
      'DeploymentGroupAlreadyExistsException',
      `The deployment group ${name} already exists with the user or AWS account.`,
    );
  }
  if (app.computePlatform !== 'ECS') {
    fail(
      'InvalidInputException',
      'This emulator supports deployment groups of ECS applications only.',
    );
  }
  const fields = validateEcsGroup(state, app.applicationName, input, name);
  const group: DeploymentGroup = {
    applicationName: app.applicationName,
    deploymentGroupId: randomUUID(),
    deploymentGroupName: name,
    tags: input.tags ?? [],
    ...fields,
  };
  state.codedeploy.groups.set(groupKey(app.applicationName, name), group);
  return group;
}

export function groupView(g: DeploymentGroup): Record<string, unknown> {
  const last = (l: DeploymentGroup['lastSuccessfulDeployment']) =>
    l && {
      deploymentId: l.deploymentId,
      status: l.status,
      ...(l.endTime !== undefined ? { endTime: new Date(l.endTime) } : {}),
      createTime: new Date(l.createTime),
    };
  return {
    applicationName: g.applicationName,
    deploymentGroupId: g.deploymentGroupId,
    deploymentGroupName: g.deploymentGroupName,
    deploymentConfigName: g.deploymentConfigName,
    ec2TagFilters: [],
    onPremisesInstanceTagFilters: [],
    autoScalingGroups: [],
    serviceRoleArn: g.serviceRoleArn,
    ...(g.targetRevision ? { targetRevision: g.targetRevision } : {}),
    triggerConfigurations: g.triggerConfigurations,
    alarmConfiguration: g.alarmConfiguration,
    autoRollbackConfiguration: g.autoRollbackConfiguration,
    deploymentStyle: g.deploymentStyle,
    outdatedInstancesStrategy: 'UPDATE',
    blueGreenDeploymentConfiguration: g.blueGreenDeploymentConfiguration,
    loadBalancerInfo: g.loadBalancerInfo,
    ...(g.lastSuccessfulDeployment
      ? { lastSuccessfulDeployment: last(g.lastSuccessfulDeployment) }
      : {}),
    ...(g.lastAttemptedDeployment
      ? { lastAttemptedDeployment: last(g.lastAttemptedDeployment) }
      : {}),
    computePlatform: 'ECS',
    ecsServices: g.ecsServices,
    terminationHookEnabled: false,
  };
}

export function groupHandlers(state: EmulatorState): Record<string, Handler> {
  const { groups } = state.codedeploy;
  return {
    CreateDeploymentGroup(input) {
      return { deploymentGroupId: createDeploymentGroup(state, input).deploymentGroupId };
    },
    GetDeploymentGroup(input) {
      const app = findApplication(state, input?.applicationName);
      return {
        deploymentGroupInfo: groupView(
          findGroup(state, app.applicationName, input.deploymentGroupName),
        ),
      };
    },
    BatchGetDeploymentGroups(input) {
      const app = findApplication(state, input?.applicationName);
      const names: string[] = input.deploymentGroupNames ?? [];
      if (names.length === 0)
        throw required('DeploymentGroupNameRequiredException', 'The deployment group name');
      const found = names.map((n) => groups.get(groupKey(app.applicationName, n)));
      const missing = names.filter((_, i) => !found[i]);
      return {
        deploymentGroupsInfo: found.filter((g) => g).map((g) => groupView(g!)),
        ...(missing.length
          ? { errorMessage: `Deployment groups not found: ${missing.join(', ')}` }
          : {}),
      };
    },
    ListDeploymentGroups(input) {
      const app = findApplication(state, input?.applicationName);
      return {
        applicationName: app.applicationName,
        deploymentGroups: [...groups.values()]
          .filter((g) => g.applicationName === app.applicationName)
          .map((g) => g.deploymentGroupName)
          .sort(),
      };
    },
    UpdateDeploymentGroup(input) {
      const app = findApplication(state, input?.applicationName);
      const current = findGroup(state, app.applicationName, input.currentDeploymentGroupName);
      const newName: string = input.newDeploymentGroupName ?? current.deploymentGroupName;
      if (
        newName !== current.deploymentGroupName &&
        groups.has(groupKey(app.applicationName, newName))
      ) {
        fail(
          'DeploymentGroupAlreadyExistsException',
          `The deployment group ${newName} already exists with the user or AWS account.`,
        );
      }
      const merged = { ...groupView(current), ...stripUndefined(input) };
      const fields = validateEcsGroup(
        state,
        app.applicationName,
        merged,
        current.deploymentGroupName,
      );
      groups.delete(groupKey(app.applicationName, current.deploymentGroupName));
      const updated: DeploymentGroup = { ...current, ...fields, deploymentGroupName: newName };
      groups.set(groupKey(app.applicationName, newName), updated);
      return { hooksNotCleanedUp: [] };
    },
    DeleteDeploymentGroup(input) {
      const app = findApplication(state, input?.applicationName);
      if (!input.deploymentGroupName)
        throw required('DeploymentGroupNameRequiredException', 'The deployment group name');
      groups.delete(groupKey(app.applicationName, input.deploymentGroupName));
      return { hooksNotCleanedUp: [] };
    },
  };
}

function stripUndefined(input: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined && v !== null));
}
