/**
 * A one-off task from a task definition (a database migration): RunTask with the command for one
 * container, wait for it to stop within a budget, StopTask when the budget runs out or the run
 * is cancelled, then the container's exit code and its last log lines. The decision is
 * outcome.ts's; this file is the calls.
 */
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import {
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  RunTaskCommand,
  StopTaskCommand,
  type CapacityProviderStrategyItem,
  type ContainerDefinition,
  type ECSClient,
  type LaunchType,
  type NetworkConfiguration,
  type Task,
} from '@aws-sdk/client-ecs';
import type { Clock } from '../clock/clock.js';
import { ActionError } from '../errors/action-error.js';
import { isTransient } from '../errors/aws-errors.js';
import { awslogsStreamOf, readLogTail, type LogStreamRef } from './log-stream.js';
import { oneOffOutcome, type OneOffOutcome, type WaitEnd } from './outcome.js';

export interface OneOffTaskDeps {
  ecs: ECSClient;
  logs: CloudWatchLogsClient;
  clock: Clock;
  signal?: AbortSignal;
  log: (line: string) => void;
}

export interface OneOffTaskRequest {
  cluster: string;
  taskDefinitionArn: string;
  /** The container that runs `command`; default: the task definition's only essential container. */
  container?: string;
  command: string[];
  /** Where the service's tasks run: the same network, launch type or capacity providers. */
  networkConfiguration?: NetworkConfiguration;
  launchType?: LaunchType;
  capacityProviderStrategy?: CapacityProviderStrategyItem[];
  platformVersion?: string;
  /** Shown in the console's task list and ListTasks(startedBy). */
  startedBy: string;
  group?: string;
  timeoutMs: number;
  /** Log lines to show at the end (default 20). */
  tailLines?: number;
}

export interface OneOffTaskRun extends OneOffOutcome {
  taskArn: string;
  container: string;
  logTail: string[];
  /** Where the log tail came from, when the container logs with awslogs. */
  logStream?: LogStreamRef;
}

/** How long to wait for a stopped task's exit code after StopTask (its stopTimeout is 30 s). */
const STOP_WAIT_MS = 35_000;
const MAX_POLL_MS = 5_000;

export async function runOneOffTask(
  deps: OneOffTaskDeps,
  request: OneOffTaskRequest,
): Promise<OneOffTaskRun> {
  const out = await deps.ecs.send(
    new DescribeTaskDefinitionCommand({ taskDefinition: request.taskDefinitionArn }),
  );
  const chosen = commandContainer(
    out.taskDefinition?.containerDefinitions ?? [],
    request.container,
  );
  if ('problem' in chosen)
    throw new ActionError(`${chosen.problem} (task definition ${request.taskDefinitionArn}).`);
  const container = chosen.name!;
  const taskArn = await startTask(deps.ecs, request, container);
  deps.log(`Started one-off task ${taskArn}: ${container} runs ${JSON.stringify(request.command)}`);
  const waited = await waitForStop(deps, request, taskArn);
  const outcome = oneOffOutcome(waited.task, container, waited.end, request.timeoutMs);
  const logStream = awslogsStreamOf(chosen, taskArn);
  const logTail = logStream ? await readLogTail(deps.logs, logStream, request.tailLines ?? 20) : [];
  return { ...outcome, taskArn, container, logTail, ...(logStream ? { logStream } : {}) };
}

/** The named container, else the only essential one; a problem lists the choices. Pure. */
export function commandContainer(
  containers: ContainerDefinition[],
  wanted: string | undefined,
): ContainerDefinition | { problem: string } {
  const names = containers.map((c) => c.name).join(', ') || '(none)';
  if (wanted) {
    const found = containers.find((c) => c.name === wanted);
    return (
      found ?? {
        problem: `Container "${wanted}" is not in the task definition; containers are: ${names}`,
      }
    );
  }
  const essential = containers.filter((c) => c.essential !== false);
  if (essential.length === 1) return essential[0]!;
  return {
    problem: `The task definition has ${essential.length} essential containers (${names}), so which one runs the command is not clear; name it`,
  };
}

async function startTask(
  ecs: ECSClient,
  request: OneOffTaskRequest,
  container: string,
): Promise<string> {
  const out = await ecs.send(
    new RunTaskCommand({
      cluster: request.cluster,
      taskDefinition: request.taskDefinitionArn,
      count: 1,
      startedBy: request.startedBy,
      ...(request.group ? { group: request.group } : {}),
      ...(request.networkConfiguration
        ? { networkConfiguration: request.networkConfiguration }
        : {}),
      ...(request.capacityProviderStrategy?.length
        ? { capacityProviderStrategy: request.capacityProviderStrategy }
        : request.launchType
          ? { launchType: request.launchType }
          : {}),
      ...(request.platformVersion ? { platformVersion: request.platformVersion } : {}),
      overrides: { containerOverrides: [{ name: container, command: request.command }] },
    }),
  );
  const arn = out.tasks?.[0]?.taskArn;
  if (!arn) {
    const failures = (out.failures ?? []).map((f) =>
      `${f.arn ?? ''} ${f.reason ?? ''} ${f.detail ?? ''}`.trim(),
    );
    throw new ActionError(
      `RunTask started no task in cluster "${request.cluster}": ${failures.join('; ') || 'no reason given'}.`,
      'Check the cluster has capacity for the task definition (or use FARGATE).',
    );
  }
  return arn;
}

/** Polls until STOPPED; past the budget or on cancel, StopTask and wait for its exit. */
async function waitForStop(
  deps: OneOffTaskDeps,
  request: OneOffTaskRequest,
  taskArn: string,
): Promise<{ task?: Task; end: WaitEnd }> {
  const deadline = deps.clock.now() + request.timeoutMs;
  let last: Task | undefined;
  for (let poll = 0; ; poll++) {
    last = (await describe(deps.ecs, request.cluster, taskArn)) ?? last;
    if (last?.lastStatus === 'STOPPED') return { task: last, end: 'stopped' };
    const end: WaitEnd | undefined = deps.signal?.aborted
      ? 'cancelled'
      : deps.clock.now() >= deadline
        ? 'timeout'
        : undefined;
    if (end) return { task: await stopAndWait(deps, request, taskArn, end), end };
    const delay = Math.min(MAX_POLL_MS, 500 * 2 ** poll, Math.max(0, deadline - deps.clock.now()));
    await deps.clock.sleep(delay, deps.signal);
  }
}

async function stopAndWait(
  deps: OneOffTaskDeps,
  request: OneOffTaskRequest,
  taskArn: string,
  end: Exclude<WaitEnd, 'stopped'>,
): Promise<Task | undefined> {
  const reason =
    end === 'cancelled'
      ? 'bluegreen-deploy: the workflow run was cancelled'
      : `bluegreen-deploy: did not finish within ${Math.round(request.timeoutMs / 1000)}s`;
  deps.log(`Stopping one-off task ${taskArn} (${reason})`);
  await deps.ecs.send(new StopTaskCommand({ cluster: request.cluster, task: taskArn, reason }));
  // Its exit code comes once the container has stopped (SIGTERM, then SIGKILL at its stop timeout).
  const until = deps.clock.now() + STOP_WAIT_MS;
  let last: Task | undefined;
  while (deps.clock.now() < until) {
    last = (await describe(deps.ecs, request.cluster, taskArn)) ?? last;
    if (last?.lastStatus === 'STOPPED') break;
    // Not the run's signal: once cancelled it is aborted and would end every sleep at once.
    await deps.clock.sleep(1000);
  }
  return last;
}

async function describe(
  ecs: ECSClient,
  cluster: string,
  taskArn: string,
): Promise<Task | undefined> {
  try {
    const out = await ecs.send(new DescribeTasksCommand({ cluster, tasks: [taskArn] }));
    return out.tasks?.[0];
  } catch (error) {
    // A throttled or dropped poll is retried at the next one; anything else is real.
    if (isTransient(error)) return undefined;
    throw error;
  }
}
