import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse as parseYamlLoose } from 'yaml';
import { ActionErrors } from '../errors/action-error.js';
import {
  appSpecProblems,
  appSpecRevision,
  appSpecTarget,
  parseAppSpec,
  renderAppSpec,
  TASK_DEFINITION_PLACEHOLDER,
  withTaskDefinition,
} from './appspec.js';

const ARN = 'arn:aws:ecs:us-east-1:111122223333:task-definition/web:42';

describe('renderAppSpec', () => {
  it('generates version 0.0 with one ECS service resource and the placeholder', () => {
    expect(renderAppSpec({ containerName: 'web', containerPort: 8080 })).toEqual({
      version: '0.0',
      Resources: [
        {
          TargetService: {
            Type: 'AWS::ECS::Service',
            Properties: {
              TaskDefinition: TASK_DEFINITION_PLACEHOLDER,
              LoadBalancerInfo: { ContainerName: 'web', ContainerPort: 8080 },
            },
          },
        },
      ],
    });
  });

  it('adds platform version, network, capacity providers and hooks in lifecycle order', () => {
    const spec = renderAppSpec({
      containerName: 'web',
      containerPort: 80,
      platformVersion: '1.4.0',
      networkConfiguration: {
        Subnets: ['subnet-1'],
        SecurityGroups: ['sg-1'],
        AssignPublicIp: 'DISABLED',
      },
      capacityProviderStrategy: [{ CapacityProvider: 'FARGATE_SPOT', Weight: 3, Base: 0 }],
      hooks: { AfterAllowTraffic: 'after', BeforeInstall: 'before' },
    });
    expect(spec.Resources[0]!.TargetService!.Properties).toMatchObject({
      PlatformVersion: '1.4.0',
      NetworkConfiguration: {
        AwsvpcConfiguration: {
          Subnets: ['subnet-1'],
          SecurityGroups: ['sg-1'],
          AssignPublicIp: 'DISABLED',
        },
      },
      CapacityProviderStrategy: [{ CapacityProvider: 'FARGATE_SPOT', Weight: 3, Base: 0 }],
    });
    expect(spec.Hooks).toEqual([{ BeforeInstall: 'before' }, { AfterAllowTraffic: 'after' }]);
    expect(appSpecProblems(spec)).toEqual([]);
  });

  it('throws every problem of its parameters', () => {
    expect(() =>
      renderAppSpec({ containerName: '', containerPort: 0, hooks: { BeforeTraffic: 'x' } }),
    ).toThrow(ActionErrors);
  });
});

describe('parseAppSpec', () => {
  it('reads lower-case keys (YAML) into the documented PascalCase', () => {
    const spec = parseAppSpec(
      readFileSync('test/fixtures/taskdefs/appspec-template.yaml', 'utf8'),
      'appspec.yaml',
    );
    expect(appSpecTarget(spec)).toEqual({
      logicalName: 'WebService',
      taskDefinition: TASK_DEFINITION_PLACEHOLDER,
      containerName: 'web',
      containerPort: 8080,
    });
    expect(spec.version).toBe('0.0');
    expect(spec.Hooks).toEqual([{ AfterAllowTestTraffic: 'web-smoke-test' }]);
  });

  it('reads JSON and round-trips what renderAppSpec produced', () => {
    const spec = renderAppSpec({
      containerName: 'web',
      containerPort: 80,
      hooks: { BeforeInstall: 'f' },
    });
    expect(parseAppSpec(JSON.stringify(spec), 'appspec.json')).toEqual(spec);
  });

  it('names the file on a syntax error', () => {
    expect(() => parseAppSpec('version: 0.0\nResources: [', 'deploy/appspec.yml')).toThrow(
      /^deploy\/appspec\.yml is not valid YAML or JSON/,
    );
  });

  const bad: Array<[string, string, string[]]> = [
    ['a list', '- a', ['AppSpec is a list; write a mapping with version: 0.0 and Resources']],
    [
      'wrong version and no resources',
      'version: 1.0',
      [
        'AppSpec version is 1; write version: 0.0 (the only version CodeDeploy accepts)',
        'AppSpec Resources is missing; write a list with exactly one AWS::ECS::Service resource',
      ],
    ],
    [
      'two resources',
      `version: 0.0\nResources:\n  - A: {Type: AWS::ECS::Service, Properties: {TaskDefinition: "${ARN}", LoadBalancerInfo: {ContainerName: web, ContainerPort: 80}}}\n  - B: {Type: AWS::ECS::Service, Properties: {TaskDefinition: "${ARN}", LoadBalancerInfo: {ContainerName: web, ContainerPort: 80}}}`,
      [
        'AppSpec Resources is 2 resources; write a list with exactly one AWS::ECS::Service resource',
      ],
    ],
    [
      'latest as the revision, port as a string, unknown hook (the seeds)',
      'version: 0.0\nResources:\n  - svc:\n      Type: AWS::ECS::Service\n      Properties:\n        TaskDefinition: "arn:aws:ecs:us-east-1:111122223333:task-definition/web:latest"\n        LoadBalancerInfo: {ContainerName: web, ContainerPort: "80"}\nHooks:\n  - BeforeTraffic: fn',
      [
        `AppSpec Resources[0].svc.Properties.TaskDefinition is "arn:aws:ecs:us-east-1:111122223333:task-definition/web:latest", which is not a task definition ARN with a numeric revision; write "<TASK_DEFINITION>" and let bluegreen-deploy fill in the exact registered ARN`,
        'AppSpec Resources[0].svc.Properties.LoadBalancerInfo.ContainerPort is "80" (a string); write it as a number: ContainerPort: 80',
        'AppSpec hook "BeforeTraffic" is not an ECS lifecycle hook; use one of: BeforeInstall, AfterInstall, AfterAllowTestTraffic, BeforeAllowTraffic, AfterAllowTraffic',
      ],
    ],
    [
      'wrong type, no container name, unknown property',
      'version: 0.0\nResources:\n  - svc:\n      Type: AWS::Lambda::Function\n      Properties:\n        TaskDefinition: <TASK_DEFINITION>\n        LoadBalancerInfo: {ContainerPort: 80}\n        Role: x',
      [
        'AppSpec Resources[0].svc.Type is "AWS::Lambda::Function"; write Type: AWS::ECS::Service',
        'AppSpec Resources[0].svc.Properties has unknown key "Role"; allowed keys are: TaskDefinition, LoadBalancerInfo, PlatformVersion, NetworkConfiguration, CapacityProviderStrategy',
        'AppSpec Resources[0].svc.Properties.LoadBalancerInfo.ContainerName is missing; write the name of the container the load balancer sends traffic to',
      ],
    ],
    [
      'bad network and strategy',
      'version: 0.0\nResources:\n  - svc:\n      Type: AWS::ECS::Service\n      Properties:\n        TaskDefinition: <TASK_DEFINITION>\n        LoadBalancerInfo: {ContainerName: web, ContainerPort: 80}\n        NetworkConfiguration: {AwsvpcConfiguration: {Subnets: [], AssignPublicIp: "yes"}}\n        CapacityProviderStrategy: [{CapacityProvider: FARGATE, Weight: -1}]',
      [
        'AppSpec Resources[0].svc.Properties.NetworkConfiguration.AwsvpcConfiguration.Subnets is []; write a list of 1 to 16 subnet IDs',
        'AppSpec Resources[0].svc.Properties.NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp is "yes"; write ENABLED or DISABLED',
        'AppSpec Resources[0].svc.Properties.CapacityProviderStrategy[0].Weight is -1; write a whole number from 0 to 1000',
      ],
    ],
    [
      'hooks as a mapping instead of a list',
      `version: 0.0\nResources:\n  - svc: {Type: AWS::ECS::Service, Properties: {TaskDefinition: "${ARN}", LoadBalancerInfo: {ContainerName: web, ContainerPort: 80}}}\nHooks: {BeforeInstall: fn}`,
      [
        'AppSpec Hooks is {"BeforeInstall":"fn"}; write a list of single-key mappings, e.g. "- BeforeAllowTraffic: my-function"',
      ],
    ],
  ];

  it.each(bad)('reports every problem: %s', (_name, text, problems) => {
    expect(appSpecProblems(parseYamlLoose(text))).toEqual(problems);
    try {
      parseAppSpec(text, 'appspec.yml');
      expect.unreachable();
    } catch (error) {
      expect((error as ActionErrors).problems).toEqual(problems.map((p) => `appspec.yml: ${p}`));
    }
  });
});

describe('withTaskDefinition and appSpecRevision', () => {
  it('returns a copy with the ARN, leaving the template as it was', () => {
    const template = renderAppSpec({ containerName: 'web', containerPort: 80 });
    const filled = withTaskDefinition(template, ARN);
    expect(appSpecTarget(filled).taskDefinition).toBe(ARN);
    expect(appSpecTarget(template).taskDefinition).toBe(TASK_DEFINITION_PLACEHOLDER);
  });

  it('hashes exactly the content string it returns', () => {
    const revision = appSpecRevision(
      withTaskDefinition(renderAppSpec({ containerName: 'web', containerPort: 80 }), ARN),
    );
    expect(revision.sha256).toBe(createHash('sha256').update(revision.content).digest('hex'));
    expect(JSON.parse(revision.content).Resources[0].TargetService.Properties.TaskDefinition).toBe(
      ARN,
    );
  });
});
