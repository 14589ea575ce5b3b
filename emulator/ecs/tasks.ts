/** ListTasks / DescribeTasks, including why a task stopped and each one-off container's exit code. */
import type { Handler } from '../protocol/json-service.js';
import type { Cluster, EmulatorState, Task } from '../state.js';
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
        const task = findTask(cluster, ref);
        if (task) tasks.push(taskView(state, task));
        else failures.push({ arn: ref, reason: 'MISSING' });
      }
      return { tasks, failures };
    },
  };
}

/** A task by ARN or id. */
export function findTask(cluster: Cluster, ref: unknown): Task | undefined {
  if (typeof ref !== 'string' || !ref) return undefined;
  return cluster.tasks.find((t) => t.taskArn === ref || t.taskArn.endsWith(`/${ref}`));
}

export function taskView(state: EmulatorState, task: Task): Record<string, unknown> {
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
    containers: task.containers
      ? task.containers.map((c) => ({
          containerArn: `${task.taskArn.replace(':task/', ':container/')}/${c.name}`,
          taskArn: task.taskArn,
          name: c.name,
          image: c.image,
          lastStatus: c.lastStatus,
          ...(c.exitCode !== undefined ? { exitCode: c.exitCode } : {}),
          ...(c.reason ? { reason: c.reason } : {}),
          networkInterfaces: task.privateIp ? [{ privateIpv4Address: task.privateIp }] : [],
        }))
      : containers.map((c) => ({
          name: c.name,
          image: c.image,
          lastStatus: task.lastStatus,
          healthStatus: task.healthStatus,
          networkInterfaces: [{ privateIpv4Address: task.privateIp }],
          ...(task.lastStatus === 'STOPPED' ? { exitCode: 137, reason: task.stoppedReason } : {}),
        })),
    ...(task.overrides
      ? {
          overrides: {
            containerOverrides: task.overrides.containerOverrides,
            ...(task.overrides.taskRoleArn ? { taskRoleArn: task.overrides.taskRoleArn } : {}),
            ...(task.overrides.executionRoleArn
              ? { executionRoleArn: task.overrides.executionRoleArn }
              : {}),
          },
        }
      : {}),
    attachments: task.networkConfiguration ? [eniAttachment(task)] : [],
    tags: task.tags ?? [],
  };
}

/** The awsvpc task's network interface, as DescribeTasks shows it. */
function eniAttachment(task: Task): Record<string, unknown> {
  const vpc = (task.networkConfiguration as any)?.awsvpcConfiguration ?? {};
  return {
    id: task.taskArn.slice(task.taskArn.lastIndexOf('/') + 1, task.taskArn.lastIndexOf('/') + 9),
    type: 'ElasticNetworkInterface',
    status: task.lastStatus === 'STOPPED' ? 'DELETED' : 'ATTACHED',
    details: [
      { name: 'subnetId', value: String(vpc.subnets?.[0] ?? '') },
      ...(task.privateIp ? [{ name: 'privateIPv4Address', value: task.privateIp }] : []),
    ],
  };
}
