/**
 * RunTask and StopTask: one-off tasks (a database migration, a batch job). The data plane runs
 * them for real and records each container's exit code; without a data plane nothing can run
 * them, and RunTask says so in the task's stoppedReason.
 */
import { AwsError, type Handler } from '../protocol/json-service.js';
import type { Cluster, EmulatorState, Task, TaskOverrides } from '../state.js';
import { taskArn } from './names.js';
import { runTaskProblem } from './run-task-rules.js';
import { findCluster } from './services.js';
import { invalidParameter, usableTaskDefinition } from './task-definitions.js';
import { findTask, taskView } from './tasks.js';

export interface RunTaskOptions {
  /** Whether a data plane runs tasks; without one a one-off task fails to start. */
  runsTasks: boolean;
}

export const NO_DATA_PLANE =
  'CannotStartContainerError: this emulator runs no tasks; start it with the data plane (--dataplane) to run one-off tasks';

export function runTaskHandlers(
  state: EmulatorState,
  options: RunTaskOptions,
): Record<string, Handler> {
  return {
    RunTask(input, ctx) {
      const cluster = findCluster(state, input?.cluster);
      if (!input?.taskDefinition) throw invalidParameter('TaskDefinition cannot be empty.');
      const td = usableTaskDefinition(state, input.taskDefinition);
      const problem = runTaskProblem(td.body, input);
      if (problem) throw new AwsError(problem.code, problem.message);
      const now = ctx.now().getTime();
      const tasks = Array.from({ length: input.count ?? 1 }, () =>
        newTask(state, cluster, td.arn, td.body, input, now),
      );
      if (!options.runsTasks) for (const task of tasks) failToStart(task, now, NO_DATA_PLANE);
      cluster.tasks.push(...tasks);
      return { tasks: tasks.map((t) => taskView(state, t)), failures: [] };
    },
    StopTask(input, ctx) {
      const cluster = findCluster(state, input?.cluster);
      if (!input?.task) throw invalidParameter('Task cannot be empty.');
      if (typeof input.reason === 'string' && input.reason.length > 255)
        throw invalidParameter('Reason cannot be longer than 255 characters.');
      const task = findTask(cluster, input.task);
      if (!task) throw invalidParameter('The referenced task was not found.');
      if (task.desiredStatus !== 'STOPPED') {
        const now = ctx.now().getTime();
        task.desiredStatus = 'STOPPED';
        task.stoppingAt = now;
        task.stopCode = 'UserInitiated';
        task.stoppedReason = input.reason || 'Task stopped by user';
        // Nothing runs it (no data plane, or not started yet): it is stopped at once.
        if (!options.runsTasks || task.lastStatus === 'PENDING') stopNow(task, now);
      }
      return { task: taskView(state, task) };
    },
  };
}

function newTask(
  state: EmulatorState,
  cluster: Cluster,
  taskDefinitionArn: string,
  body: Record<string, any>,
  input: any,
  now: number,
): Task {
  const overrides: TaskOverrides = {
    containerOverrides: ((input.overrides?.containerOverrides ?? []) as any[]).map((o) => ({
      name: o.name,
      ...(o.command ? { command: o.command } : {}),
      ...(o.environment ? { environment: o.environment } : {}),
    })),
    ...(input.overrides?.taskRoleArn ? { taskRoleArn: input.overrides.taskRoleArn } : {}),
    ...(input.overrides?.executionRoleArn
      ? { executionRoleArn: input.overrides.executionRoleArn }
      : {}),
  };
  return {
    taskArn: taskArn(state.region, state.account, cluster.name),
    clusterArn: cluster.arn,
    taskDefinitionArn,
    serviceName: '',
    taskSetId: '',
    startedBy: input.startedBy ?? '',
    group: input.group ?? `family:${body.family}`,
    lastStatus: 'PENDING',
    desiredStatus: 'RUNNING',
    healthStatus: 'UNKNOWN',
    createdAt: now,
    privateIp: '',
    launchType: input.capacityProviderStrategy?.length ? undefined : (input.launchType ?? 'EC2'),
    overrides,
    containers: ((body.containerDefinitions ?? []) as any[]).map((c) => ({
      name: c.name,
      image: c.image,
      lastStatus: 'PENDING',
    })),
    ...(input.networkConfiguration ? { networkConfiguration: input.networkConfiguration } : {}),
    ...(input.tags?.length ? { tags: input.tags } : {}),
  };
}

function failToStart(task: Task, now: number, reason: string): void {
  task.desiredStatus = 'STOPPED';
  task.stopCode = 'TaskFailedToStart';
  task.stoppedReason = reason;
  task.stoppingAt = now;
  stopNow(task, now);
}

function stopNow(task: Task, now: number): void {
  task.lastStatus = 'STOPPED';
  task.stoppedAt = now;
  for (const c of task.containers ?? []) c.lastStatus = 'STOPPED';
}
