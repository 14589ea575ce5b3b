/** ListTasks / DescribeTasks, including why a task stopped. */
import type { Handler } from '../protocol/json-service.js';
import type { EmulatorState, Task } from '../state.js';
import { findCluster } from './services.js';
import { invalidParameter } from './task-definitions.js';

export function taskHandlers(state: EmulatorState): Record<string, Handler> {
  return {
    ListTasks(input) {
      const cluster = findCluster(state, input?.cluster);
      const desired = input?.desiredStatus ?? 'RUNNING';
      const tasks = cluster.tasks.filter(
        (t) =>
          t.desiredStatus === desired &&
          (!input?.serviceName || t.serviceName === input.serviceName) &&
          (!input?.family || t.taskDefinitionArn.includes(`/${input.family}:`)) &&
          (!input?.startedBy || t.startedBy === input.startedBy),
      );
      return { taskArns: tasks.map((t) => t.taskArn) };
    },
    DescribeTasks(input) {
      const cluster = findCluster(state, input?.cluster);
      const refs = input?.tasks;
      if (!Array.isArray(refs) || refs.length === 0)
        throw invalidParameter('Tasks cannot be empty.');
      if (refs.length > 100) throw invalidParameter('Tasks cannot contain more than 100 elements.');
      const tasks: unknown[] = [];
      const failures: unknown[] = [];
      for (const ref of refs) {
        const task = cluster.tasks.find((t) => t.taskArn === ref || t.taskArn.endsWith(`/${ref}`));
        if (task) tasks.push(taskView(state, task));
        else failures.push({ arn: ref, reason: 'MISSING' });
      }
      return { tasks, failures };
    },
  };
}

function taskView(state: EmulatorState, task: Task): Record<string, unknown> {
  const family =
    task.taskDefinitionArn.slice(task.taskDefinitionArn.lastIndexOf('/') + 1).split(':')[0] ?? '';
  const revision = Number(task.taskDefinitionArn.split(':').pop());
  const td = state.ecs.taskDefinitions.get(family)?.[revision - 1]?.body;
  const containers = (td?.containerDefinitions ?? []) as any[];
  const seconds = (ms?: number) => (ms === undefined ? undefined : new Date(ms));
  return {
    taskArn: task.taskArn,
    clusterArn: task.clusterArn,
    taskDefinitionArn: task.taskDefinitionArn,
    group: task.group,
    startedBy: task.startedBy,
    lastStatus: task.lastStatus,
    desiredStatus: task.desiredStatus,
    healthStatus: task.healthStatus,
    launchType: task.launchType,
    cpu: td?.cpu,
    memory: td?.memory,
    createdAt: seconds(task.createdAt),
    startedAt: seconds(task.startedAt),
    stoppingAt: seconds(task.stoppingAt),
    stoppedAt: seconds(task.stoppedAt),
    stopCode: task.stopCode,
    stoppedReason: task.stoppedReason,
    containers: containers.map((c) => ({
      name: c.name,
      image: c.image,
      lastStatus: task.lastStatus,
      healthStatus: task.healthStatus,
      networkInterfaces: [{ privateIpv4Address: task.privateIp }],
      ...(task.lastStatus === 'STOPPED' ? { exitCode: 137, reason: task.stoppedReason } : {}),
    })),
    attachments: [],
    tags: [],
  };
}
