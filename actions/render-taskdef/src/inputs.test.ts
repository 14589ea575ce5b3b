import { describe, expect, it } from 'vitest';
import { RecordingToolkit } from '../../../lib/github/testing/recording-toolkit.js';
import { inputReader } from '../../../lib/github/toolkit.js';
import { readInputs } from './inputs.js';
import { declaredInputs, inputsRead } from '../../../test/support/action-inputs.js';

const read = (inputs: Record<string, string>) =>
  readInputs(
    inputReader(
      new RecordingToolkit({
        'task-definition': 'test/fixtures/taskdefs/fargate-web.json',
        ...inputs,
      }),
    ),
  );

const problemsOf = (inputs: Record<string, string>): readonly string[] => {
  try {
    read(inputs);
  } catch (error) {
    return (error as { problems: readonly string[] }).problems;
  }
  throw new Error('readInputs accepted the inputs');
};

describe('readInputs', () => {
  it('defaults: a file source, merge, verify auto, no AppSpec network', () => {
    expect(read({})).toEqual({
      source: { kind: 'file', path: 'test/fixtures/taskdefs/fargate-web.json' },
      changes: {
        images: [],
        environment: [],
        secrets: [],
        envMode: 'merge',
        logConfiguration: [],
        dockerLabels: [],
        allowMutableTags: false,
      },
      containerPort: undefined,
      appspec: undefined,
      platformVersion: undefined,
      network: undefined,
      capacityProviderStrategy: undefined,
      hooks: {},
      verify: 'auto',
      outputDir: undefined,
      cluster: undefined,
      service: undefined,
    });
  });

  it('reads live: and service: sources', () => {
    expect(read({ 'task-definition': 'live:web:7' }).source).toEqual({
      kind: 'live',
      taskDefinition: 'web:7',
    });
    expect(read({ 'task-definition': 'service:prod/web' }).source).toEqual({
      kind: 'service',
      cluster: 'prod',
      service: 'web',
    });
  });

  it('several images in one step, plus the image/container-name shorthand', () => {
    const { changes } = read({
      images: 'web=repo/web@sha256:aa\nsidecar = repo/envoy:v1.30',
      image: 'repo/worker@sha256:bb',
      'container-name': 'worker',
    });
    expect(changes.images).toEqual([
      { container: 'web', image: 'repo/web@sha256:aa' },
      { container: 'sidecar', image: 'repo/envoy:v1.30' },
      { container: 'worker', image: 'repo/worker@sha256:bb' },
    ]);
    expect(changes.containerName).toBe('worker');
  });

  it('environment and secrets keep =, spaces and quotes, scoped per container', () => {
    const { changes } = read({
      environment: 'DSN=postgres://u@h/db?sslmode=require\nweb:GREETING="hello, world"',
      secrets: 'api:DB_PASSWORD=arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf',
      'env-mode': 'replace',
    });
    expect(changes.environment).toEqual([
      { container: undefined, name: 'DSN', value: 'postgres://u@h/db?sslmode=require' },
      { container: 'web', name: 'GREETING', value: 'hello, world' },
    ]);
    expect(changes.secrets).toEqual([
      {
        container: 'api',
        name: 'DB_PASSWORD',
        valueFrom: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf',
      },
    ]);
    expect(changes.envMode).toBe('replace');
  });

  it('log-configuration groups the driver and its options per container', () => {
    const { changes } = read({
      'log-configuration': [
        'driver=awslogs',
        'awslogs-group=/ecs/web',
        'sidecar:driver=awsfirelens',
        'sidecar:Name=cloudwatch',
      ].join('\n'),
    });
    expect(changes.logConfiguration).toEqual([
      { container: undefined, driver: 'awslogs', options: { 'awslogs-group': '/ecs/web' } },
      { container: 'sidecar', driver: 'awsfirelens', options: { Name: 'cloudwatch' } },
    ]);
  });

  it('runtime-platform takes the docker or the ECS spelling', () => {
    const platform = (text: string) => read({ 'runtime-platform': text }).changes.runtimePlatform;
    expect(platform('linux/arm64')).toEqual({
      cpuArchitecture: 'ARM64',
      operatingSystemFamily: 'LINUX',
    });
    expect(platform('X86_64')).toEqual({
      cpuArchitecture: 'X86_64',
      operatingSystemFamily: 'LINUX',
    });
  });

  it('the AppSpec network, capacity providers and hooks', () => {
    const inputs = read({
      subnets: 'subnet-a, subnet-b',
      'security-groups': 'sg-1',
      'assign-public-ip': 'DISABLED',
      'capacity-provider-strategy': 'FARGATE base=1\nFARGATE_SPOT weight=3',
      hooks: 'AfterAllowTestTraffic=arn:aws:lambda:us-east-1:123456789012:function:smoke',
      command: 'node server.js --greeting "hi there"',
    });
    expect(inputs.network).toEqual({
      Subnets: ['subnet-a', 'subnet-b'],
      SecurityGroups: ['sg-1'],
      AssignPublicIp: 'DISABLED',
    });
    expect(inputs.capacityProviderStrategy).toEqual([
      { CapacityProvider: 'FARGATE', Base: 1 },
      { CapacityProvider: 'FARGATE_SPOT', Weight: 3 },
    ]);
    expect(inputs.hooks).toEqual({
      AfterAllowTestTraffic: 'arn:aws:lambda:us-east-1:123456789012:function:smoke',
    });
    expect(inputs.changes.command).toEqual({
      words: ['node', 'server.js', '--greeting', 'hi there'],
      container: undefined,
    });
  });

  it('reports every bad input of a run at once, each naming the input and the fix', () => {
    expect(
      problemsOf({
        'task-definition': 'live:web:latest',
        'runtime-platform': 'linux/s390x',
        'assign-public-ip': 'yes',
        'security-groups': 'sg-1',
        'capacity-provider-strategy': 'FARGATE_SPOT weight=three',
        'container-port': '70000',
        'env-mode': 'append',
        verify: 'maybe',
        service: 'web',
      }),
    ).toEqual([
      'Input "task-definition" is "live:web:latest", but ECS has no revision "latest"; write live:web for the newest ACTIVE revision, or a revision number.',
      'Input "runtime-platform" is "linux/s390x"; write linux/amd64 or linux/arm64 (or the ECS names X86_64, ARM64).',
      'Input "env-mode" is "append"; write one of: merge, replace.',
      'Input "assign-public-ip" is "yes"; write ENABLED or DISABLED.',
      'Input "subnets" is empty but security-groups or assign-public-ip is set; list the subnets too (the AppSpec network configuration needs them).',
      'Input "container-port" is 70000, out of range; write a whole number from 1 to 65535.',
      'Input "capacity-provider-strategy" line "FARGATE_SPOT weight=three" has "weight=three"; write <provider> weight=<n> base=<n>, e.g. FARGATE_SPOT weight=3.',
      'Input "verify" is "maybe"; write one of: auto, true, false.',
      'Input "cluster" is required when "service" is set; add `cluster: <cluster name>`.',
    ]);
  });

  it('a missing task-definition says what to write', () => {
    expect(problemsOf({ 'task-definition': '' })).toEqual([
      expect.stringMatching(
        /^Input "task-definition" is required and was not set; add `task-definition: task-definition\.json/,
      ),
    ]);
  });
});

describe('inputs', () => {
  it('reads exactly the inputs action.yml declares', () => {
    expect(
      inputsRead('render-taskdef', readInputs, {
        'task-definition': 'test/fixtures/taskdefs/fargate-web.json',
      }),
    ).toEqual(declaredInputs('render-taskdef'));
  });
});
