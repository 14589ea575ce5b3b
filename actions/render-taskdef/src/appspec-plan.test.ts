import type { RegisterTaskDefinitionCommandInput } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import { parseAppSpec, type EcsAppSpec } from '../../../lib/codedeploy/appspec.js';
import { planAppSpec, type AppSpecRequest } from './appspec-plan.js';

/** web (8080) with a log router and a sidecar (9000, 9001) beside it. */
const td: RegisterTaskDefinitionCommandInput = {
  family: 'web',
  containerDefinitions: [
    { name: 'web', image: 'w', essential: true, portMappings: [{ containerPort: 8080 }] },
    { name: 'log-router', image: 'l', essential: true },
    {
      name: 'envoy',
      image: 'e',
      essential: false,
      portMappings: [{ containerPort: 9000 }, { containerPort: 9001 }],
    },
  ],
};

const template = parseAppSpec(
  [
    'version: 0.0',
    'Resources:',
    '  - WebService:',
    '      Type: AWS::ECS::Service',
    '      Properties:',
    '        TaskDefinition: <TASK_DEFINITION>',
    '        LoadBalancerInfo: {ContainerName: web, ContainerPort: 8080}',
    '        PlatformVersion: 1.4.0',
    '        NetworkConfiguration:',
    '          AwsvpcConfiguration: {Subnets: [subnet-t], AssignPublicIp: DISABLED}',
    '        CapacityProviderStrategy: [{CapacityProvider: FARGATE, Weight: 1}]',
    'Hooks:',
    '  - AfterAllowTraffic: template-after',
    '  - BeforeInstall: template-before',
  ].join('\n'),
  'appspec.yaml',
);

const plan = (request: Partial<AppSpecRequest>, taskDefinition = td) =>
  planAppSpec(taskDefinition, { hooks: {}, ...request });
const fromTemplate = (spec: EcsAppSpec = template) => ({ spec, problems: [] });
const props = (spec: EcsAppSpec | undefined) => {
  const resource = spec!.Resources[0]!;
  return Object.values(resource)[0]!.Properties;
};

describe('planAppSpec: which container and port take traffic', () => {
  it.each<[string, Partial<AppSpecRequest>, string, number]>([
    ['the single essential container with a port', {}, 'web', 8080],
    ['container-name', { containerName: 'web' }, 'web', 8080],
    [
      'container-name and container-port on a non-essential container',
      { containerName: 'envoy', containerPort: 9001 },
      'envoy',
      9001,
    ],
    ['container-port alone', { containerPort: 8080 }, 'web', 8080],
    ['the template', { template: fromTemplate() }, 'web', 8080],
    [
      'inputs over the template',
      { template: fromTemplate(), containerName: 'envoy', containerPort: 9000 },
      'envoy',
      9000,
    ],
  ])('%s', (_case, request, name, port) => {
    const result = plan(request);
    expect(result.problems).toEqual([]);
    expect(props(result.appSpec).LoadBalancerInfo).toEqual({
      ContainerName: name,
      ContainerPort: port,
    });
  });

  it.each<[string, Partial<AppSpecRequest>, string]>([
    [
      'an unknown container-name',
      { containerName: 'api' },
      'AppSpec: container "api" is not in task definition family "web"; containers are: web, log-router, envoy',
    ],
    [
      'a container with several ports and no container-port',
      { containerName: 'envoy' },
      'AppSpec: container "envoy" has several ports (9000, 9001); set container-port to the one the load balancer uses',
    ],
    [
      'a container-port the named container lacks',
      { containerName: 'web', containerPort: 9000 },
      'AppSpec: container "web" has no containerPort 9000 in its portMappings; its ports are: 8080; add the port mapping or change container-port',
    ],
    [
      'a container-port no essential container has',
      { containerPort: 9000 },
      'AppSpec: no essential container with port 9000 in task definition family "web"; essential containers are: web (8080), log-router (no ports); set container-name and container-port to match one',
    ],
    [
      'a hook that is not an ECS lifecycle hook',
      { hooks: { AfterDeploy: 'fn' } },
      'AppSpec hook "AfterDeploy" is not an ECS lifecycle hook; use one of: BeforeInstall, AfterInstall, AfterAllowTestTraffic, BeforeAllowTraffic, AfterAllowTraffic',
    ],
  ])('a problem for %s', (_case, request, problem) => {
    expect(plan(request)).toEqual({ problems: [problem] });
  });

  it('the template TaskDefinition and logical name are kept', () => {
    const result = plan({ template: fromTemplate() });
    expect(Object.keys(result.appSpec!.Resources[0]!)).toEqual(['WebService']);
    expect(props(result.appSpec).TaskDefinition).toBe('<TASK_DEFINITION>');
  });
});

describe('planAppSpec: what passes through to the AppSpec', () => {
  const network = { Subnets: ['subnet-a', 'subnet-b'], SecurityGroups: ['sg-1'] };
  const strategy = [{ CapacityProvider: 'FARGATE_SPOT', Weight: 3, Base: 1 }];
  it.each<[string, Partial<AppSpecRequest>, Record<string, unknown>]>([
    ['nothing optional when nothing is asked', {}, {}],
    ['platform-version', { platformVersion: 'LATEST' }, { PlatformVersion: 'LATEST' }],
    [
      'the network configuration',
      { network },
      { NetworkConfiguration: { AwsvpcConfiguration: network } },
    ],
    [
      'capacity-provider-strategy',
      { capacityProviderStrategy: strategy },
      { CapacityProviderStrategy: strategy },
    ],
    [
      "the template's values when no input overrides them",
      { template: fromTemplate() },
      {
        PlatformVersion: '1.4.0',
        NetworkConfiguration: {
          AwsvpcConfiguration: { Subnets: ['subnet-t'], AssignPublicIp: 'DISABLED' },
        },
        CapacityProviderStrategy: [{ CapacityProvider: 'FARGATE', Weight: 1 }],
      },
    ],
    [
      'inputs over the template',
      {
        template: fromTemplate(),
        platformVersion: 'LATEST',
        network,
        capacityProviderStrategy: strategy,
      },
      {
        PlatformVersion: 'LATEST',
        NetworkConfiguration: { AwsvpcConfiguration: network },
        CapacityProviderStrategy: strategy,
      },
    ],
  ])('%s', (_case, request, expected) => {
    const result = plan(request);
    expect(result.problems).toEqual([]);
    const { TaskDefinition, LoadBalancerInfo, ...optional } = props(result.appSpec);
    expect(TaskDefinition).toBe('<TASK_DEFINITION>');
    expect(LoadBalancerInfo).toEqual({ ContainerName: 'web', ContainerPort: 8080 });
    expect(optional).toEqual(expected);
  });

  it.each<[string, Partial<AppSpecRequest>, Array<Record<string, string>> | undefined]>([
    ['no hooks', {}, undefined],
    [
      'input hooks in lifecycle order',
      { hooks: { AfterAllowTraffic: 'after', BeforeInstall: 'before' } },
      [{ BeforeInstall: 'before' }, { AfterAllowTraffic: 'after' }],
    ],
    [
      'template hooks, an input hook of the same name replacing one',
      { template: fromTemplate(), hooks: { AfterAllowTraffic: 'input-after', AfterInstall: 'x' } },
      [
        { BeforeInstall: 'template-before' },
        { AfterInstall: 'x' },
        { AfterAllowTraffic: 'input-after' },
      ],
    ],
  ])('hooks: %s', (_case, request, hooks) => {
    expect(plan(request).appSpec!.Hooks).toEqual(hooks);
  });
});

describe('planAppSpec: when there is no AppSpec', () => {
  const noPorts: RegisterTaskDefinitionCommandInput = {
    family: 'worker',
    containerDefinitions: [{ name: 'worker', image: 'w' }],
  };

  it('skips with a reason when no container has a port and nothing asks for one', () => {
    expect(plan({}, noPorts)).toEqual({
      problems: [],
      skipped:
        'no container has a port mapping, so the service is not load balanced and no AppSpec was written',
    });
  });

  it.each<[string, Partial<AppSpecRequest>, string]>([
    [
      'container-name',
      { containerName: 'worker' },
      'AppSpec: container "worker" has no portMappings; add one or set container-port',
    ],
    [
      'container-port',
      { containerPort: 80 },
      'AppSpec: no essential container with port 80 in task definition family "worker"; essential containers are: worker (no ports); set container-name and container-port to match one',
    ],
    [
      'a template',
      { template: fromTemplate() },
      'AppSpec: container "web" is not in task definition family "worker"; containers are: worker',
    ],
  ])('does not skip when %s asks for a load balancer', (_case, request, problem) => {
    expect(plan(request, noPorts)).toEqual({ problems: [problem] });
  });

  it("returns a broken template's problems as they are, without planning around it", () => {
    const problems = ['appspec.yaml: AppSpec version is "1.0"; write version: 0.0'];
    expect(plan({ template: { problems }, containerName: 'api' })).toEqual({ problems });
  });
});
