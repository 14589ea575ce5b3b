import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderTaskDefinition, type TaskDefinitionChanges } from './render.js';
import { parseTaskDefinition, type TaskDefinitionInput } from './task-definition.js';

const fixture = (name: string): TaskDefinitionInput =>
  parseTaskDefinition(readFileSync(`test/fixtures/taskdefs/${name}`, 'utf8'), name);
const FARGATE = fixture('fargate-web.json');
const EC2 = fixture('ec2-worker.yaml');
const ECR = '111122223333.dkr.ecr.us-east-1.amazonaws.com';
const DIGEST = `sha256:${'a'.repeat(64)}`;

const container = (td: TaskDefinitionInput, name: string) =>
  td.containerDefinitions!.find((c) => c.name === name)!;

describe('renderTaskDefinition: good inputs', () => {
  const cases: Array<{
    name: string;
    base?: TaskDefinitionInput;
    changes: TaskDefinitionChanges;
    expect: (td: TaskDefinitionInput) => unknown;
    equals: unknown;
    warnings?: string[];
  }> = [
    {
      name: 'fixtures render unchanged and clean',
      changes: {},
      expect: (td) => td,
      equals: FARGATE,
    },
    {
      name: 'images: several containers in one step, others untouched',
      changes: {
        images: [
          { container: 'web', image: `${ECR}/web@${DIGEST}` },
          { container: 'xray', image: `public.ecr.aws/xray/aws-xray-daemon@${DIGEST}` },
        ],
      },
      expect: (td) => td.containerDefinitions!.map((c) => c.image),
      equals: [
        `${ECR}/web@${DIGEST}`,
        container(FARGATE, 'log-router').image,
        `public.ecr.aws/xray/aws-xray-daemon@${DIGEST}`,
      ],
    },
    {
      name: 'image without a container goes to the load-balanced essential container',
      changes: { images: [{ image: `${ECR}/web@${DIGEST}` }] },
      expect: (td) => container(td, 'web').image,
      equals: `${ECR}/web@${DIGEST}`,
    },
    {
      name: 'environment merge: override by name, keep the rest, values keep = and quotes',
      changes: {
        environment: [
          { name: 'LOG_LEVEL', value: 'debug' },
          { name: 'GREETING', value: 'a=b "c" d' },
          { container: 'log-router', name: 'FLB_LOG_LEVEL', value: 'warn' },
        ],
      },
      expect: (td) => [container(td, 'web').environment, container(td, 'log-router').environment],
      equals: [
        [
          { name: 'NODE_ENV', value: 'production' },
          { name: 'LOG_LEVEL', value: 'debug' },
          { name: 'GREETING', value: 'a=b "c" d' },
        ],
        [{ name: 'FLB_LOG_LEVEL', value: 'warn' }],
      ],
    },
    {
      name: 'environment replace: only the given variables remain',
      changes: { envMode: 'replace', environment: [{ name: 'ONLY', value: '1' }] },
      expect: (td) => container(td, 'web').environment,
      equals: [{ name: 'ONLY', value: '1' }],
    },
    {
      name: 'secrets merge: new ARN for an existing name',
      changes: {
        secrets: [
          {
            name: 'DATABASE_URL',
            valueFrom: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:web/db-v2-XyZ123',
          },
        ],
      },
      expect: (td) => container(td, 'web').secrets,
      equals: [
        {
          name: 'SESSION_KEY',
          valueFrom: 'arn:aws:ssm:us-east-1:111122223333:parameter/web/session-key',
        },
        {
          name: 'DATABASE_URL',
          valueFrom: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:web/db-v2-XyZ123',
        },
      ],
    },
    {
      name: 'a name given as environment stops being a secret (merge)',
      changes: { environment: [{ name: 'SESSION_KEY', value: 'plain' }] },
      expect: (td) => container(td, 'web').secrets!.map((s) => s.name),
      equals: ['DATABASE_URL'],
    },
    {
      name: 'log-configuration options merge into the same driver',
      changes: {
        logConfiguration: [{ container: 'xray', options: { 'awslogs-group': '/ecs/xray-v2' } }],
      },
      expect: (td) => container(td, 'xray').logConfiguration,
      equals: {
        logDriver: 'awslogs',
        options: {
          'awslogs-group': '/ecs/xray-v2',
          'awslogs-region': 'us-east-1',
          'awslogs-stream-prefix': 'xray',
        },
      },
    },
    {
      name: 'log-configuration with a new driver replaces the options',
      changes: {
        logConfiguration: [
          {
            driver: 'awslogs',
            options: {
              'awslogs-group': '/ecs/web',
              'awslogs-region': 'us-east-1',
              'awslogs-stream-prefix': 'web',
            },
          },
        ],
      },
      expect: (td) => container(td, 'web').logConfiguration,
      equals: {
        logDriver: 'awslogs',
        options: {
          'awslogs-group': '/ecs/web',
          'awslogs-region': 'us-east-1',
          'awslogs-stream-prefix': 'web',
        },
      },
    },
    {
      name: 'docker labels and command on the main container',
      changes: {
        dockerLabels: [
          { key: 'org.opencontainers.image.revision', value: 'abc123' },
          { container: 'xray', key: 'team', value: 'platform' },
        ],
        command: { words: ['node', 'server.js', '--title', 'a b'] },
      },
      expect: (td) => [
        container(td, 'web').dockerLabels,
        container(td, 'xray').dockerLabels,
        container(td, 'web').command,
      ],
      equals: [
        { 'org.opencontainers.image.revision': 'abc123' },
        { team: 'platform' },
        ['node', 'server.js', '--title', 'a b'],
      ],
    },
    {
      name: 'task size, roles and runtime platform',
      changes: {
        cpu: '2 vCPU',
        memory: '4 GB',
        taskRoleArn: 'arn:aws:iam::111122223333:role/web-task-v2',
        executionRoleArn: 'arn:aws:iam::111122223333:role/web-exec-v2',
        runtimePlatform: { cpuArchitecture: 'X86_64' },
      },
      expect: (td) => [td.cpu, td.memory, td.taskRoleArn, td.executionRoleArn, td.runtimePlatform],
      equals: [
        '2 vCPU',
        '4 GB',
        'arn:aws:iam::111122223333:role/web-task-v2',
        'arn:aws:iam::111122223333:role/web-exec-v2',
        { cpuArchitecture: 'X86_64', operatingSystemFamily: 'LINUX' },
      ],
    },
    {
      name: 'EC2 worker: container-name picks the main container, numeric strings become numbers',
      base: EC2,
      changes: { containerName: 'worker', images: [{ image: `${ECR}/worker@${DIGEST}` }] },
      expect: (td) => [container(td, 'worker').image, container(td, 'worker').memory, td.volumes],
      equals: [`${ECR}/worker@${DIGEST}`, 512, undefined],
    },
    {
      name: 'a sidecar pinned by a version tag is a warning',
      changes: { images: [{ container: 'xray', image: `${ECR}/xray:3.3.9` }] },
      expect: (td) => container(td, 'xray').image,
      equals: `${ECR}/xray:3.3.9`,
      warnings: [
        `container "xray" image "${ECR}/xray:3.3.9" is pinned by tag only; pin it by digest (${ECR}/xray@sha256:...), e.g. the build-push image output`,
      ],
    },
    {
      name: 'latest with allow-mutable-tags is a warning',
      changes: {
        images: [{ container: 'web', image: `${ECR}/web:latest` }],
        allowMutableTags: true,
      },
      expect: (td) => container(td, 'web').image,
      equals: `${ECR}/web:latest`,
      warnings: [
        `container "web" image "${ECR}/web:latest" uses the tag "latest"; pin it by digest (${ECR}/web@sha256:...), e.g. the build-push image output`,
      ],
    },
  ];

  it.each(cases)('$name', ({ base, changes, expect: pick, equals, warnings }) => {
    const input = base ?? FARGATE;
    const before = structuredClone(input);
    const result = renderTaskDefinition(input, changes);
    expect(result.problems).toEqual([]);
    expect(pick(result.taskDefinition)).toEqual(equals);
    expect(result.warnings).toEqual(warnings ?? []);
    expect(input).toEqual(before);
  });
});

type Mutate = (td: TaskDefinitionInput) => void;
const edit = (base: TaskDefinitionInput, mutate: Mutate): TaskDefinitionInput => {
  const copy = structuredClone(base);
  mutate(copy);
  return copy;
};
const web: Mutate = () => {};

describe('renderTaskDefinition: bad inputs, every problem with its exact message', () => {
  const cases: Array<{
    name: string;
    base?: TaskDefinitionInput;
    mutate?: Mutate;
    changes?: TaskDefinitionChanges;
    problems: string[];
  }> = [
    {
      name: 'image for an unknown container',
      changes: { images: [{ container: 'api', image: `${ECR}/api@${DIGEST}` }] },
      problems: [
        `image "${ECR}/api@${DIGEST}": container "api" is not in task definition family "web"; containers are: web, log-router, xray`,
      ],
    },
    {
      name: 'latest tag',
      changes: { images: [{ container: 'web', image: `${ECR}/web:latest` }] },
      problems: [
        `container "web" image "${ECR}/web:latest" uses the tag "latest", which can change under a running service; pin it by digest (${ECR}/web@sha256:...), e.g. the build-push image output, or set allow-mutable-tags: true`,
      ],
    },
    {
      name: 'the routed container pinned by tag only',
      changes: { images: [{ container: 'web', image: `${ECR}/web:1.4.2` }] },
      problems: [
        `container "web" (the one the load balancer routes to) image "${ECR}/web:1.4.2" is pinned by tag only, so what ships is not what was tested; pin it by digest (${ECR}/web@sha256:...), e.g. the build-push image output, or set allow-mutable-tags: true`,
      ],
    },
    {
      name: 'no tag means latest',
      changes: { images: [{ container: 'web', image: `${ECR}/web` }] },
      problems: [
        `container "web" image "${ECR}/web" has no tag, so it means "latest", which can change under a running service; pin it by digest (${ECR}/web@sha256:...), e.g. the build-push image output, or set allow-mutable-tags: true`,
      ],
    },
    {
      name: 'malformed image reference',
      changes: { images: [{ container: 'web', image: `${ECR}/Web@${DIGEST}` }] },
      problems: [
        `container "web" image "${ECR}/Web@${DIGEST}" is not a valid image reference: repository name "Web" is not valid (lowercase letters, digits, . _ - and / between parts)`,
      ],
    },
    {
      name: 'the same container twice in images',
      changes: {
        images: [
          { container: 'web', image: `${ECR}/web@${DIGEST}` },
          { container: 'web', image: `${ECR}/web:2` },
        ],
      },
      problems: [
        `images sets container "web" twice (${ECR}/web@${DIGEST} and ${ECR}/web:2); keep one`,
      ],
    },
    {
      name: 'environment variable name starting with a digit',
      changes: { environment: [{ name: '1BAD', value: 'x' }] },
      problems: [
        'container "web" environment variable "1BAD" is not a valid name; use letters, digits and underscores, not starting with a digit',
      ],
    },
    {
      name: 'environment scoped to an unknown container',
      changes: { environment: [{ container: 'db', name: 'X', value: '1' }] },
      problems: [
        'environment X: container "db" is not in task definition family "web"; containers are: web, log-router, xray',
      ],
    },
    {
      name: 'secret that is not an ARN',
      changes: { secrets: [{ name: 'API_KEY', valueFrom: 'web/api-key' }] },
      problems: [
        'container "web" secret API_KEY valueFrom "web/api-key" is not a Secrets Manager or SSM parameter ARN; write arn:aws:secretsmanager:<region>:<account>:secret:<name> or arn:aws:ssm:<region>:<account>:parameter/<name>',
      ],
    },
    {
      name: 'replace mode leaves a name both in environment and secrets',
      changes: { envMode: 'replace', environment: [{ name: 'DATABASE_URL', value: 'x' }] },
      problems: ['container "web" sets DATABASE_URL both as environment and as a secret; keep one'],
    },
    {
      name: 'cpu that is not a Fargate size',
      changes: { cpu: '300' },
      problems: [
        'cpu 300 is not a Fargate size; use one of: 256, 512, 1024, 2048, 4096, 8192, 16384',
      ],
    },
    {
      name: 'memory that does not fit the cpu',
      changes: { cpu: '256', memory: '4096' },
      problems: [
        'memory 4096 does not fit cpu 256 on Fargate; with cpu 256 use memory 512, 1024, 2048',
      ],
    },
    {
      name: 'memory range described for larger sizes',
      changes: { cpu: '1 vCPU', memory: '1024' },
      problems: [
        'memory 1024 does not fit cpu 1024 on Fargate; with cpu 1024 use memory 2048 to 8192 in steps of 1024',
      ],
    },
    {
      name: 'unreadable cpu',
      changes: { cpu: 'lots' },
      problems: ['cpu "lots" is not readable; write CPU units such as "256" or "1 vCPU"'],
    },
    {
      name: 'task role that is not a role ARN',
      changes: { taskRoleArn: 'web-task' },
      problems: [
        'taskRoleArn "web-task" is not an IAM role ARN; write arn:aws:iam::<account>:role/<name>',
      ],
    },
    {
      name: 'no execution role with secrets and awslogs on Fargate',
      mutate: (td) => delete td.executionRoleArn,
      problems: [
        'container "web" uses secrets but executionRoleArn is missing; set it (the execution role reads the secrets)',
        'container "log-router" logs with awslogs on Fargate but executionRoleArn is missing; set it (the execution role writes the logs)',
        'container "xray" logs with awslogs on Fargate but executionRoleArn is missing; set it (the execution role writes the logs)',
      ],
    },
    {
      name: 'Fargate without awsvpc',
      mutate: (td) => (td.networkMode = 'bridge'),
      problems: [
        'networkMode is "bridge" but Fargate requires "awsvpc"; set "networkMode": "awsvpc"',
      ],
    },
    {
      name: 'Fargate without task size',
      mutate: (td) => {
        delete td.cpu;
        delete td.memory;
      },
      problems: [
        'cpu is missing; Fargate needs task-level cpu, one of: 256, 512, 1024, 2048, 4096, 8192, 16384 (set it here or with the cpu input)',
        'memory is missing; Fargate needs task-level memory in MiB, e.g. "512" (set it here or with the memory input)',
      ],
    },
    {
      name: 'duplicate container names',
      mutate: (td) => (td.containerDefinitions![2]!.name = 'log-router'),
      problems: ['container name "log-router" is used 2 times; give each container a unique name'],
    },
    {
      name: 'no essential container',
      mutate: (td) => td.containerDefinitions!.forEach((c) => (c.essential = false)),
      problems: [
        'no container is essential; set "essential": true on the main container (ECS stops the task when it exits)',
      ],
    },
    {
      name: 'container without an image',
      mutate: (td) => delete td.containerDefinitions![2]!.image,
      problems: [
        'container "xray" has no image; set "image" or pass it with the images input (xray=<repo>@sha256:<digest>)',
      ],
    },
    {
      name: 'port out of range',
      mutate: (td) => (td.containerDefinitions![0]!.portMappings![0]!.containerPort = 70000),
      problems: [
        'container "web" portMappings[0].containerPort is 70000; write a port number from 1 to 65535',
      ],
    },
    {
      name: 'awsvpc host port differing from container port',
      mutate: (td) => (td.containerDefinitions![0]!.portMappings![0]!.hostPort = 80),
      problems: [
        'container "web" portMappings[0].hostPort 80 differs from containerPort 8080; with awsvpc they must be equal, so remove hostPort',
      ],
    },
    {
      name: 'two containers on one port in awsvpc',
      mutate: (td) =>
        (td.containerDefinitions![2]!.portMappings = [{ containerPort: 8080, protocol: 'tcp' }]),
      problems: [
        'container "xray" and container "web" both use port 8080/tcp; with awsvpc the task shares one network namespace, so change one',
      ],
    },
    {
      name: 'awslogs without a log group',
      changes: {
        logConfiguration: [{ container: 'xray', driver: 'awslogs', options: {} }],
      },
      mutate: (td) =>
        delete td.containerDefinitions![2]!.logConfiguration!.options!['awslogs-group'],
      problems: [
        'container "xray" logConfiguration (awslogs) has no awslogs-group; name the CloudWatch log group',
      ],
    },
    {
      name: 'firelens logging without a log router',
      mutate: (td) => td.containerDefinitions!.splice(1, 1),
      problems: [
        'container "web" dependsOn "log-router", which is not a container here; containers are: web, xray',
        'container "web" logs with awsfirelens but no container has firelensConfiguration; add the log router container',
      ],
    },
    {
      name: 'dependsOn with an unknown condition',
      mutate: (td) => (td.containerDefinitions![0]!.dependsOn![0]!.condition = 'READY' as never),
      problems: [
        'container "web" dependsOn "log-router" has condition "READY"; use one of: START, COMPLETE, SUCCESS, HEALTHY',
      ],
    },
    {
      name: 'mount of an undefined volume',
      mutate: (td) => (td.containerDefinitions![0]!.mountPoints![0]!.sourceVolume = 'upload'),
      problems: [
        'container "web" mounts volume "upload", which is not in volumes; add it to volumes or fix the name',
      ],
    },
    {
      name: 'EFS volume without a file system',
      mutate: (td) => delete td.volumes![0]!.efsVolumeConfiguration!.fileSystemId,
      problems: [
        'volume "uploads" efsVolumeConfiguration has no fileSystemId; set it, e.g. fs-0123456789abcdef0',
      ],
    },
    {
      name: 'EFS IAM authorization without transit encryption',
      mutate: (td) => (td.volumes![0]!.efsVolumeConfiguration!.transitEncryption = 'DISABLED'),
      problems: [
        'volume "uploads" uses EFS IAM authorization without transit encryption; set transitEncryption to ENABLED',
      ],
    },
    {
      name: 'unknown CPU architecture',
      changes: { runtimePlatform: { cpuArchitecture: 'ARM' } },
      problems: ['runtimePlatform.cpuArchitecture "ARM" is not valid; use X86_64 or ARM64'],
    },
    {
      name: 'container memory above the task memory',
      mutate: (td) => (td.containerDefinitions![0]!.memory = 4096),
      problems: [
        'container "web" memory 4096 exceeds the task memory 2048; lower it or raise the task memory',
      ],
    },
    {
      name: 'family with a space',
      mutate: (td) => (td.family = 'web app'),
      problems: [
        'family "web app" is not a valid name; use up to 255 letters, digits, hyphens and underscores',
      ],
    },
    {
      name: 'EC2 container with no memory at all',
      base: EC2,
      mutate: (td) => {
        delete td.containerDefinitions![0]!.memory;
        delete td.containerDefinitions![0]!.memoryReservation;
      },
      problems: [
        'container "worker" has neither memory nor memoryReservation and the task sets no memory; set "memoryReservation" (MiB) on the container or the memory input',
      ],
    },
    {
      name: 'EC2 unscoped value with no clear main container',
      base: EC2,
      changes: { environment: [{ name: 'X', value: '1' }] },
      problems: [
        'environment X: the task has several containers (worker, metrics) and none is clearly the main one; set container-name, or scope the value as <container>:NAME=value',
      ],
    },
    {
      name: 'log options for a container with no log driver',
      base: EC2,
      changes: { logConfiguration: [{ container: 'metrics', options: { tag: 'statsd' } }] },
      problems: [
        'log-configuration for container "metrics" has no driver; add driver=awslogs (or another log driver)',
      ],
    },
  ];

  it('covers at least 25 bad inputs', () => expect(cases.length).toBeGreaterThanOrEqual(25));

  it.each(cases)('$name', ({ base, mutate, changes, problems }) => {
    const input = edit(base ?? FARGATE, mutate ?? web);
    expect(renderTaskDefinition(input, changes ?? {}).problems).toEqual(problems);
  });
});
