/**
 * One-off tasks through the real SDK v3 clients: RunTask runs the container's command for real
 * (a process), DescribeTasks shows each container's exit code and why the task stopped, StopTask
 * stops it, and its output is in the awslogs stream (CloudWatch Logs).
 */
import {
  CloudWatchLogsClient,
  FilterLogEventsCommand,
  GetLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  DescribeTasksCommand,
  ECSClient,
  RunTaskCommand,
  StopTaskCommand,
  type Task,
} from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { start, type Emulator, type Seed } from '../index.js';
import { caught, eventually } from './harness.js';

const SEED: Seed = {
  account: '123456789012',
  region: 'us-east-1',
  clusters: [{ name: 'jobs' }],
  taskDefinitions: [
    {
      family: 'migrate',
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      cpu: '256',
      memory: '512',
      containerDefinitions: [
        {
          name: 'app',
          image: 'example/app:1',
          essential: true,
          environment: [{ name: 'GREETING', value: 'hello' }],
          logConfiguration: {
            logDriver: 'awslogs',
            options: {
              'awslogs-group': '/ecs/migrate',
              'awslogs-region': 'us-east-1',
              'awslogs-stream-prefix': 'ecs',
            },
          },
        },
        { name: 'sidecar', image: 'example/sidecar:1', essential: false },
      ],
    },
    {
      family: 'bridge-job',
      networkMode: 'bridge',
      containerDefinitions: [{ name: 'job', image: 'example/job:1', memory: 128 }],
    },
  ],
} as Seed;

const NETWORK = {
  awsvpcConfiguration: { subnets: ['subnet-0a1b2c3d'], securityGroups: ['sg-0a1b2c3d'] },
};

let emulator: Emulator;
let ecs: ECSClient;
let logs: CloudWatchLogsClient;

beforeAll(async () => {
  emulator = await start({ port: 0, seed: SEED, dataplane: true });
  Object.assign(process.env, emulator.env());
  ecs = new ECSClient({});
  logs = new CloudWatchLogsClient({});
});
afterAll(async () => {
  await emulator?.stop();
});

async function runScript(script: string, extra: Record<string, unknown> = {}): Promise<Task> {
  const out = await ecs.send(
    new RunTaskCommand({
      cluster: 'jobs',
      taskDefinition: 'migrate',
      launchType: 'FARGATE',
      networkConfiguration: NETWORK,
      startedBy: 'conformance',
      overrides: { containerOverrides: [{ name: 'app', command: ['node', '-e', script] }] },
      ...extra,
    }),
  );
  expect(out.failures).toEqual([]);
  return out.tasks![0]!;
}

async function describeTask(taskArn: string): Promise<Task> {
  const out = await ecs.send(new DescribeTasksCommand({ cluster: 'jobs', tasks: [taskArn] }));
  return out.tasks![0]!;
}

const stopped = (arn: string) =>
  eventually(
    () => describeTask(arn),
    (t) => t.lastStatus === 'STOPPED',
  );

describe('RunTask / DescribeTasks: a one-off task runs its command for real', () => {
  it('a command that exits 0: exit code per container, startedBy, group, overrides', async () => {
    const task = await runScript(
      "console.log(process.env.GREETING + ' migrated'); process.exit(0)",
    );
    expect(task.lastStatus).toBe('PENDING');
    expect(task.desiredStatus).toBe('RUNNING');
    expect(task.group).toBe('family:migrate');
    expect(task.startedBy).toBe('conformance');
    expect(task.launchType).toBe('FARGATE');
    expect(task.overrides?.containerOverrides?.[0]?.command?.[0]).toBe('node');
    expect(task.attachments?.[0]?.type).toBe('ElasticNetworkInterface');

    const done = await stopped(task.taskArn!);
    expect(done.stopCode).toBe('EssentialContainerExited');
    expect(done.stoppedReason).toBe('Essential container in task exited');
    const app = done.containers!.find((c) => c.name === 'app')!;
    expect(app.exitCode).toBe(0);
    expect(app.lastStatus).toBe('STOPPED');
    const sidecar = done.containers!.find((c) => c.name === 'sidecar')!;
    expect(sidecar.exitCode).toBeUndefined();
    expect(sidecar.reason).toMatch(/not run/);
    expect(done.startedAt).toBeInstanceOf(Date);
    expect(done.stoppedAt!.getTime()).toBeGreaterThanOrEqual(done.startedAt!.getTime());
  });

  it('a failing command: its exit code, and its output in the awslogs stream', async () => {
    const task = await runScript(
      "console.log('step 1 ok'); console.error('ERROR relation \"notes\" is locked'); process.exit(3)",
    );
    const done = await stopped(task.taskArn!);
    expect(done.containers!.find((c) => c.name === 'app')!.exitCode).toBe(3);
    const id = task.taskArn!.split('/').pop();
    const stream = `ecs/app/${id}`;
    const events = await eventually(
      () =>
        logs.send(new GetLogEventsCommand({ logGroupName: '/ecs/migrate', logStreamName: stream })),
      (o) => (o.events ?? []).length === 2,
    );
    expect(events.events!.map((e) => e.message)).toEqual([
      'step 1 ok',
      'ERROR relation "notes" is locked',
    ]);
    expect(typeof events.events![0]!.timestamp).toBe('number');
    const filtered = await logs.send(
      new FilterLogEventsCommand({
        logGroupName: '/ecs/migrate',
        logStreamNames: [stream],
        filterPattern: 'ERROR',
      }),
    );
    expect(filtered.events!.map((e) => [e.logStreamName, e.message])).toEqual([
      [stream, 'ERROR relation "notes" is locked'],
    ]);
  });

  it('a command that cannot start (no such program) exits 127', async () => {
    const out = await ecs.send(
      new RunTaskCommand({
        cluster: 'jobs',
        taskDefinition: 'migrate',
        networkConfiguration: NETWORK,
        launchType: 'FARGATE',
        overrides: { containerOverrides: [{ name: 'app', command: ['no-such-program-here'] }] },
      }),
    );
    const done = await stopped(out.tasks![0]!.taskArn!);
    expect(done.containers!.find((c) => c.name === 'app')!.exitCode).toBe(127);
  });
});

describe('StopTask', () => {
  it('stops a running task: UserInitiated, the reason given, SIGTERM exit code 143', async () => {
    const task = await runScript("console.log('waiting'); setInterval(() => {}, 1000)");
    await eventually(
      () => describeTask(task.taskArn!),
      (t) => t.lastStatus === 'RUNNING',
    );
    const out = await ecs.send(
      new StopTaskCommand({ cluster: 'jobs', task: task.taskArn!, reason: 'release cancelled' }),
    );
    expect(out.task!.desiredStatus).toBe('STOPPED');
    const done = await stopped(task.taskArn!);
    expect(done.stopCode).toBe('UserInitiated');
    expect(done.stoppedReason).toBe('release cancelled');
    expect(done.containers!.find((c) => c.name === 'app')!.exitCode).toBe(143);
  });

  it('an unknown task is an InvalidParameterException', async () => {
    const error = await caught(
      ecs.send(new StopTaskCommand({ cluster: 'jobs', task: 'ffffffffffffffffffffffffffffffff' })),
    );
    expect(error.name).toBe('InvalidParameterException');
  });
});

describe('RunTask refuses what ECS refuses', () => {
  it.each([
    [
      'awsvpc without a network configuration',
      { taskDefinition: 'migrate', launchType: 'FARGATE' },
      'InvalidParameterException',
      "Network Configuration must be provided when networkMode 'awsvpc' is specified.",
    ],
    [
      'awsvpc without subnets',
      {
        taskDefinition: 'migrate',
        networkConfiguration: { awsvpcConfiguration: { subnets: [] } },
      },
      'InvalidParameterException',
      'subnets can not be empty.',
    ],
    [
      'a network configuration for bridge mode',
      { taskDefinition: 'bridge-job', networkConfiguration: NETWORK },
      'InvalidParameterException',
      'Network Configuration is not valid for the given networkMode of this task definition.',
    ],
    [
      'FARGATE for an EC2-only task definition',
      { taskDefinition: 'bridge-job', launchType: 'FARGATE' },
      'ClientException',
      'Task definition does not support launch_type FARGATE.',
    ],
    [
      'an override for a container the task definition lacks',
      {
        taskDefinition: 'migrate',
        networkConfiguration: NETWORK,
        overrides: { containerOverrides: [{ name: 'web', command: ['true'] }] },
      },
      'InvalidParameterException',
      'Override for container named web is not a container in the TaskDefinition.',
    ],
    [
      'an unknown task definition',
      { taskDefinition: 'nope:9' },
      'ClientException',
      'Unable to describe task definition.',
    ],
  ])('%s', async (_name, input, code, message) => {
    const error = await caught(ecs.send(new RunTaskCommand({ cluster: 'jobs', ...input } as any)));
    expect([error.name, error.message]).toEqual([code, message]);
  });
});

describe('CloudWatch Logs reads', () => {
  it('GetLogEvents pages from the head with forward tokens; unknown names are not found', async () => {
    const task = await runScript("for (const n of [1, 2, 3]) console.log('line ' + n)");
    await stopped(task.taskArn!);
    const stream = `ecs/app/${task.taskArn!.split('/').pop()}`;
    const read = (nextToken?: string) =>
      logs.send(
        new GetLogEventsCommand({
          logGroupName: '/ecs/migrate',
          logStreamName: stream,
          startFromHead: true,
          limit: 2,
          ...(nextToken ? { nextToken } : {}),
        }),
      );
    const first = await eventually(
      () => read(),
      (o) => (o.events ?? []).length === 2,
    );
    expect(first.events!.map((e) => e.message)).toEqual(['line 1', 'line 2']);
    const second = await read(first.nextForwardToken);
    expect(second.events!.map((e) => e.message)).toEqual(['line 3']);
    const third = await read(second.nextForwardToken);
    expect([third.events, third.nextForwardToken]).toEqual([[], second.nextForwardToken]);
    const latest = await logs.send(
      new GetLogEventsCommand({ logGroupName: '/ecs/migrate', logStreamName: stream, limit: 1 }),
    );
    expect(latest.events!.map((e) => e.message)).toEqual(['line 3']);

    const noGroup = await caught(
      logs.send(new GetLogEventsCommand({ logGroupName: '/nope', logStreamName: stream })),
    );
    expect([noGroup.name, noGroup.message]).toEqual([
      'ResourceNotFoundException',
      'The specified log group does not exist.',
    ]);
    const noStream = await caught(
      logs.send(new GetLogEventsCommand({ logGroupName: '/ecs/migrate', logStreamName: 'x' })),
    );
    expect(noStream.message).toBe('The specified log stream does not exist.');
  });
});

describe('without a data plane', () => {
  it('RunTask answers a task that failed to start, saying why', async () => {
    const bare = await start({ port: 0, seed: SEED });
    try {
      const client = new ECSClient({ endpoint: bare.url });
      const out = await client.send(
        new RunTaskCommand({
          cluster: 'jobs',
          taskDefinition: 'migrate',
          networkConfiguration: NETWORK,
        }),
      );
      const task = out.tasks![0]!;
      expect([task.lastStatus, task.stopCode]).toEqual(['STOPPED', 'TaskFailedToStart']);
      expect(task.stoppedReason).toMatch(/start it with the data plane/);
    } finally {
      await bare.stop();
    }
  });
});
