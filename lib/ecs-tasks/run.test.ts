/**
 * runOneOffTask against the emulator's data plane through the real SDK clients: the command runs
 * as a real process, its exit code decides, its awslogs lines come back masked, and the timeout
 * and a cancel stop the task.
 */
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import {
  DescribeTasksCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
} from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { start, type Emulator } from '../../emulator/index.js';
import { eventually } from '../../test/support/eventually.js';
import { realClock } from '../clock/clock.js';
import { isActionError } from '../errors/action-error.js';
import { commandContainer, runOneOffTask, type OneOffTaskRequest } from './run.js';

let emulator: Emulator;
let ecs: ECSClient;
let logs: CloudWatchLogsClient;
let taskDefinitionArn: string;

beforeAll(async () => {
  emulator = await start({ port: 0, seed: { clusters: [{ name: 'staging' }] }, dataplane: true });
  Object.assign(process.env, emulator.env());
  ecs = new ECSClient({});
  logs = new CloudWatchLogsClient({});
  const out = await ecs.send(
    new RegisterTaskDefinitionCommand({
      family: 'web',
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      cpu: '256',
      memory: '512',
      containerDefinitions: [
        {
          name: 'web',
          image: 'example/web:2',
          essential: true,
          logConfiguration: {
            logDriver: 'awslogs',
            options: { 'awslogs-group': '/ecs/web', 'awslogs-stream-prefix': 'web' },
          },
        },
      ],
    }),
  );
  taskDefinitionArn = out.taskDefinition!.taskDefinitionArn!;
});
afterAll(async () => {
  await emulator?.stop();
});

const request = (script: string, extra: Partial<OneOffTaskRequest> = {}): OneOffTaskRequest => ({
  cluster: 'staging',
  taskDefinitionArn,
  container: 'web',
  command: ['node', '-e', script],
  networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0abc'] } },
  launchType: 'FARGATE',
  startedBy: 'bluegreen-deploy',
  timeoutMs: 20_000,
  ...extra,
});

const deps = (signal?: AbortSignal, lines: string[] = []) => ({
  ecs,
  logs,
  clock: realClock,
  ...(signal ? { signal } : {}),
  log: (line: string) => lines.push(line),
});

describe('runOneOffTask', () => {
  it('exit 0 is a success, with the last log lines', async () => {
    const { container: _, ...unnamed } = request("console.log('applied 2 migrations')");
    // Without a name, the only essential container runs the command.
    const run = await runOneOffTask(deps(), unnamed);
    expect(run.container).toBe('web');
    expect([run.ok, run.exitCode, run.reason]).toEqual([true, 0, 'exited with code 0']);
    expect(run.logTail).toEqual(['applied 2 migrations']);
    expect(run.logStream?.stream).toBe(`web/web/${run.taskArn.split('/').pop()}`);
  });

  it('a non-zero exit fails with its code and a masked log tail', async () => {
    const run = await runOneOffTask(
      deps(),
      request(
        "console.log('connecting to postgres://app:hunter2@db:5432/app'); console.error('duplicate column'); process.exit(4)",
        { tailLines: 5 },
      ),
    );
    expect([run.ok, run.exitCode]).toEqual([false, 4]);
    expect(run.logTail).toEqual([
      'connecting to postgres://app:***@db:5432/app',
      'duplicate column',
    ]);
  });

  it('past its budget the task is stopped and the run fails saying so', async () => {
    const run = await runOneOffTask(
      deps(),
      request('setInterval(() => {}, 1000)', { timeoutMs: 1500 }),
    );
    expect(run.ok).toBe(false);
    expect(run.reason).toBe('did not finish within 2s and was stopped (exit code 143)');
    const task = await ecs.send(
      new DescribeTasksCommand({ cluster: 'staging', tasks: [run.taskArn] }),
    );
    expect([task.tasks![0]!.lastStatus, task.tasks![0]!.stopCode]).toEqual([
      'STOPPED',
      'UserInitiated',
    ]);
  });

  it('a cancelled run stops the task', async () => {
    const controller = new AbortController();
    const lines: string[] = [];
    const running = runOneOffTask(
      deps(controller.signal, lines),
      request("console.log('long migration'); setInterval(() => {}, 1000)"),
    );
    const started = await new Promise<string>((resolve) => {
      const timer = setInterval(() => {
        const line = lines.find((l) => l.startsWith('Started one-off task'));
        if (line) {
          clearInterval(timer);
          resolve(line);
        }
      }, 20);
    });
    expect(started).toMatch(/web runs \["node","-e"/);
    const arn = /task (\S+):/.exec(started)![1]!;
    // Cancelled while the migration runs (not before its process started).
    await eventually(
      () => ecs.send(new DescribeTasksCommand({ cluster: 'staging', tasks: [arn] })),
      (o) => o.tasks?.[0]?.lastStatus === 'RUNNING',
    );
    controller.abort();
    const run = await running;
    expect([run.ok, run.reason]).toEqual([
      false,
      'the run was cancelled; the task was stopped (exit code 143)',
    ]);
    const task = await ecs.send(
      new DescribeTasksCommand({ cluster: 'staging', tasks: [run.taskArn] }),
    );
    expect(task.tasks![0]!.stoppedReason).toBe('bluegreen-deploy: the workflow run was cancelled');
  });

  it('a container the task definition lacks is one line naming the containers', async () => {
    const error = await runOneOffTask(deps(), request('0', { container: 'migrate' })).catch(
      (e) => e,
    );
    expect(isActionError(error)).toBe(true);
    expect(error.message).toBe(
      `Container "migrate" is not in the task definition; containers are: web (task definition ${taskDefinitionArn}).`,
    );
  });
});

describe('commandContainer', () => {
  const web = { name: 'web', essential: true };
  const xray = { name: 'xray', essential: true };
  const init = { name: 'init', essential: false };
  it('takes the named container, else the only essential one', () => {
    expect(commandContainer([web, init], 'init')).toBe(init);
    expect(commandContainer([web, init], undefined)).toBe(web);
  });
  it('names the choices when the name is wrong or two are essential', () => {
    expect(commandContainer([web], 'app')).toEqual({
      problem: 'Container "app" is not in the task definition; containers are: web',
    });
    expect(commandContainer([web, xray], undefined)).toEqual({
      problem:
        'The task definition has 2 essential containers (web, xray), so which one runs the command is not clear; name it',
    });
  });
});
