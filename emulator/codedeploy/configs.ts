/** Deployment configurations: the predefined ones (spec A.3) and custom ECS/Lambda/Server ones. */
import { randomUUID } from 'node:crypto';
import { AwsError, type Handler } from '../protocol/json-service.js';
import type { EmulatorState } from '../state.js';
import type { DeploymentConfig, TrafficRoutingConfig } from './resources.js';
import { configMissing, NAME_PATTERN, required } from './errors.js';

const ECS_PREDEFINED: [string, TrafficRoutingConfig][] = [
  ['CodeDeployDefault.ECSAllAtOnce', { type: 'AllAtOnce' }],
  ['CodeDeployDefault.ECSLinear10PercentEvery1Minutes', linear(10, 1)],
  ['CodeDeployDefault.ECSLinear10PercentEvery3Minutes', linear(10, 3)],
  ['CodeDeployDefault.ECSCanary10Percent5Minutes', canary(10, 5)],
  ['CodeDeployDefault.ECSCanary10Percent15Minutes', canary(10, 15)],
];

const LAMBDA_PREDEFINED: [string, TrafficRoutingConfig][] = [
  ['CodeDeployDefault.LambdaAllAtOnce', { type: 'AllAtOnce' }],
  ['CodeDeployDefault.LambdaCanary10Percent5Minutes', canary(10, 5)],
  ['CodeDeployDefault.LambdaLinear10PercentEvery1Minute', linear(10, 1)],
];

const SERVER_PREDEFINED: [string, { type: string; value: number }][] = [
  ['CodeDeployDefault.OneAtATime', { type: 'HOST_COUNT', value: 1 }],
  ['CodeDeployDefault.HalfAtATime', { type: 'FLEET_PERCENT', value: 50 }],
  ['CodeDeployDefault.AllAtOnce', { type: 'HOST_COUNT', value: 0 }],
];

function linear(linearPercentage: number, linearInterval: number): TrafficRoutingConfig {
  return { type: 'TimeBasedLinear', timeBasedLinear: { linearPercentage, linearInterval } };
}

function canary(canaryPercentage: number, canaryInterval: number): TrafficRoutingConfig {
  return { type: 'TimeBasedCanary', timeBasedCanary: { canaryPercentage, canaryInterval } };
}

export function predefinedConfigs(now: number): DeploymentConfig[] {
  let n = 0;
  const id = () => `00000000-0000-0000-0000-0000000000${String(++n).padStart(2, '0')}`;
  return [
    ...SERVER_PREDEFINED.map(([name, hosts]) => ({
      deploymentConfigId: id(),
      deploymentConfigName: name,
      computePlatform: 'Server' as const,
      createTime: now,
      minimumHealthyHosts: hosts,
      predefined: true,
    })),
    ...LAMBDA_PREDEFINED.map(([name, routing]) => ({
      deploymentConfigId: id(),
      deploymentConfigName: name,
      computePlatform: 'Lambda' as const,
      createTime: now,
      trafficRoutingConfig: routing,
      predefined: true,
    })),
    ...ECS_PREDEFINED.map(([name, routing], i) => ({
      // ECSLinear10PercentEvery1Minutes is ...000015 in AWS Config records.
      deploymentConfigId: `00000000-0000-0000-0000-0000000000${String(13 + i + (i >= 1 ? 1 : 0)).padStart(2, '0')}`,
      deploymentConfigName: name,
      computePlatform: 'ECS' as const,
      createTime: now,
      trafficRoutingConfig: routing,
      predefined: true,
    })),
  ];
}

/** Checks a traffic routing config; returns the message of InvalidTrafficRoutingConfigurationException. */
export function trafficRoutingProblem(config: any): string | undefined {
  if (!config || typeof config !== 'object') return 'The traffic routing configuration is missing.';
  const { type } = config;
  const percentOk = (p: unknown) =>
    typeof p === 'number' && Number.isInteger(p) && p >= 1 && p <= 99;
  const intervalOk = (i: unknown) =>
    typeof i === 'number' && Number.isInteger(i) && i >= 1 && i <= 2880;
  if (type === 'AllAtOnce') {
    if (config.timeBasedCanary || config.timeBasedLinear) {
      return 'An AllAtOnce traffic routing configuration must not contain timeBasedCanary or timeBasedLinear.';
    }
    return undefined;
  }
  if (type === 'TimeBasedCanary') {
    const c = config.timeBasedCanary;
    if (!c || config.timeBasedLinear)
      return 'A TimeBasedCanary configuration requires timeBasedCanary only.';
    if (!percentOk(c.canaryPercentage))
      return 'canaryPercentage must be an integer between 1 and 99.';
    if (!intervalOk(c.canaryInterval))
      return 'canaryInterval must be an integer number of minutes between 1 and 2880.';
    return undefined;
  }
  if (type === 'TimeBasedLinear') {
    const l = config.timeBasedLinear;
    if (!l || config.timeBasedCanary)
      return 'A TimeBasedLinear configuration requires timeBasedLinear only.';
    if (!percentOk(l.linearPercentage))
      return 'linearPercentage must be an integer between 1 and 99.';
    if (!intervalOk(l.linearInterval))
      return 'linearInterval must be an integer number of minutes between 1 and 2880.';
    const total = (Math.ceil(100 / l.linearPercentage) - 1) * l.linearInterval;
    if (total > 2880)
      return 'The time between the first and the last traffic shift must not exceed 2880 minutes.';
    return undefined;
  }
  return `Traffic routing type must be one of AllAtOnce, TimeBasedCanary, TimeBasedLinear; got ${JSON.stringify(type ?? null)}.`;
}

export function findConfig(state: EmulatorState, name: string): DeploymentConfig {
  const config = state.codedeploy.configs.get(name);
  if (!config) throw configMissing(name);
  return config;
}

function configView(c: DeploymentConfig): Record<string, unknown> {
  return {
    deploymentConfigId: c.deploymentConfigId,
    deploymentConfigName: c.deploymentConfigName,
    ...(c.minimumHealthyHosts ? { minimumHealthyHosts: c.minimumHealthyHosts } : {}),
    createTime: new Date(c.createTime),
    computePlatform: c.computePlatform,
    ...(c.trafficRoutingConfig ? { trafficRoutingConfig: c.trafficRoutingConfig } : {}),
  };
}

export function configHandlers(state: EmulatorState): Record<string, Handler> {
  const { configs, groups } = state.codedeploy;
  return {
    CreateDeploymentConfig(input, ctx) {
      const name = input?.deploymentConfigName;
      if (!name) throw required('DeploymentConfigNameRequiredException', 'Deployment config name');
      if (!NAME_PATTERN.test(name) || name.startsWith('CodeDeployDefault.')) {
        throw new AwsError(
          'InvalidDeploymentConfigNameException',
          `The deployment configuration name ${name} is not valid: use 1-100 letters, numbers and +=,.@_- and do not start with CodeDeployDefault.`,
        );
      }
      if (configs.has(name)) {
        throw new AwsError(
          'DeploymentConfigAlreadyExistsException',
          `The deployment configuration ${name} already exists.`,
        );
      }
      if ([...configs.values()].filter((c) => !c.predefined).length >= 200) {
        throw new AwsError(
          'DeploymentConfigLimitExceededException',
          'The limit of 200 custom deployment configurations was reached.',
        );
      }
      const platform = input.computePlatform ?? 'Server';
      if (!['Server', 'Lambda', 'ECS'].includes(platform)) {
        throw new AwsError(
          'InvalidComputePlatformException',
          `The compute platform ${platform} is not valid.`,
        );
      }
      if (platform !== 'Server') {
        const problem = trafficRoutingProblem(input.trafficRoutingConfig);
        if (problem) throw new AwsError('InvalidTrafficRoutingConfigurationException', problem);
        if (input.minimumHealthyHosts) {
          throw new AwsError(
            'InvalidMinimumHealthyHostValueException',
            'minimumHealthyHosts applies to the Server compute platform only.',
          );
        }
      } else if (!input.minimumHealthyHosts) {
        throw new AwsError(
          'InvalidMinimumHealthyHostValueException',
          'minimumHealthyHosts is required for the Server compute platform.',
        );
      }
      const config: DeploymentConfig = {
        deploymentConfigId: randomUUID(),
        deploymentConfigName: name,
        computePlatform: platform,
        createTime: ctx.now().getTime(),
        ...(input.trafficRoutingConfig ? { trafficRoutingConfig: input.trafficRoutingConfig } : {}),
        ...(input.minimumHealthyHosts ? { minimumHealthyHosts: input.minimumHealthyHosts } : {}),
        predefined: false,
      };
      configs.set(name, config);
      return { deploymentConfigId: config.deploymentConfigId };
    },
    GetDeploymentConfig(input) {
      const name = input?.deploymentConfigName;
      if (!name) throw required('DeploymentConfigNameRequiredException', 'Deployment config name');
      return { deploymentConfigInfo: configView(findConfig(state, name)) };
    },
    ListDeploymentConfigs() {
      return { deploymentConfigsList: [...configs.keys()] };
    },
    DeleteDeploymentConfig(input) {
      const name = input?.deploymentConfigName;
      if (!name) throw required('DeploymentConfigNameRequiredException', 'Deployment config name');
      const config = configs.get(name);
      if (config?.predefined) {
        throw new AwsError(
          'InvalidOperationException',
          `The predefined deployment configuration ${name} cannot be deleted.`,
        );
      }
      if ([...groups.values()].some((g) => g.deploymentConfigName === name)) {
        throw new AwsError(
          'DeploymentConfigInUseException',
          `The deployment configuration ${name} is in use by a deployment group.`,
        );
      }
      configs.delete(name);
      return {};
    },
  };
}
