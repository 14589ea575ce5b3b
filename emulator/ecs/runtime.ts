/**
 * What the ECS scheduler does between API calls: keep each task set at its computed desired count,
 * stop tasks that fail target-group health checks (with the reason ECS gives), drain deleted task
 * sets, and write service events. Task health comes from a pluggable HealthProvider so the data
 * plane can answer from real processes later.
 */
import { randomUUID } from 'node:crypto';
import type { Cluster, EmulatorState, Service, Task, TaskSet } from '../state.js';
import { taskArn, taskSetArn, taskSetId } from './names.js';

export type TaskHealth = 'healthy' | 'initial' | 'unhealthy';

export interface HealthProvider {
  /** What the target group's health check says about a RUNNING task. */
  taskHealth(task: Task, taskSet: TaskSet, now: number): TaskHealth;
}

/** Healthy after a short virtual delay, unless the task definition was marked unhealthy. */
export const HEALTHY_AFTER_MS = 10_000;
/** A task that keeps failing health checks is stopped and replaced after this long. */
export const UNHEALTHY_STOP_AFTER_MS = 30_000;

export function defaultHealthProvider(state: EmulatorState): HealthProvider {
  // Each task's share of health-check jitter, drawn the first time the scheduler looks at it.
  const extra = new WeakMap<Task, number>();
  return {
    taskHealth(task, _taskSet, now) {
      if (state.unhealthyTaskDefinitions.has(task.taskDefinitionArn)) return 'unhealthy';
      const jitter = extra.get(task) ?? state.jitter?.healthCheckMs() ?? 0;
      extra.set(task, jitter);
      return now - (task.startedAt ?? now) >= HEALTHY_AFTER_MS + jitter ? 'healthy' : 'initial';
    },
  };
}

export function computedDesiredCount(service: Service, ts: TaskSet): number {
  if (ts.status === 'DRAINING') return 0;
  return Math.ceil((service.desiredCount * ts.scale) / 100);
}

export function liveTasks(cluster: Cluster, ts: TaskSet): Task[] {
  return cluster.tasks.filter((t) => t.taskSetId === ts.id && t.lastStatus !== 'STOPPED');
}

export interface NewTaskSet {
  taskDefinition: string;
  scale: number;
  status: TaskSet['status'];
  startedBy?: string;
  externalId?: string;
  launchType?: string;
  capacityProviderStrategy?: unknown[];
  platformVersion?: string;
  networkConfiguration?: unknown;
  loadBalancers: TaskSet['loadBalancers'];
}

export function addTaskSet(
  state: EmulatorState,
  service: Service,
  spec: NewTaskSet,
  now: number,
): TaskSet {
  // Unique across the cluster, not only the service: tasks point at their set by id alone, and
  // two services seeded at the same virtual instant must not share one.
  const cluster = state.ecs.clusters.get(service.clusterName);
  const siblings = cluster ? [...cluster.services.values()] : [service];
  const id = taskSetId(now, (candidate) =>
    siblings.some((s) => s.taskSets.some((t) => t.id === candidate)),
  );
  const ts: TaskSet = {
    id,
    taskSetArn: taskSetArn(
      state.region,
      state.account,
      service.clusterName,
      service.serviceName,
      id,
    ),
    serviceArn: service.serviceArn,
    clusterArn: service.clusterArn,
    ...(spec.startedBy ? { startedBy: spec.startedBy } : {}),
    ...(spec.externalId ? { externalId: spec.externalId } : {}),
    status: spec.status,
    taskDefinition: spec.taskDefinition,
    scale: spec.scale,
    ...(spec.launchType ? { launchType: spec.launchType } : {}),
    ...(spec.capacityProviderStrategy
      ? { capacityProviderStrategy: spec.capacityProviderStrategy }
      : {}),
    platformVersion: spec.platformVersion ?? (spec.launchType === 'FARGATE' ? '1.4.0' : undefined),
    networkConfiguration: spec.networkConfiguration,
    loadBalancers: spec.loadBalancers,
    createdAt: now,
    updatedAt: now,
    stabilityStatus: 'STABILIZING',
    stabilityStatusAt: now,
  };
  service.taskSets.push(ts);
  service.steady = false;
  return ts;
}

/** UpdateServicePrimaryTaskSet: the PRIMARY set's parameters become the service's. */
export function makePrimary(service: Service, ts: TaskSet, now: number): void {
  for (const other of service.taskSets) {
    if (other.status === 'PRIMARY' && other !== ts) {
      other.status = 'ACTIVE';
      other.updatedAt = now;
    }
  }
  ts.status = 'PRIMARY';
  ts.updatedAt = now;
  service.taskDefinition = ts.taskDefinition;
  if (ts.networkConfiguration) service.networkConfiguration = ts.networkConfiguration;
  if (ts.loadBalancers.length) service.loadBalancers = ts.loadBalancers;
}

/** DeleteTaskSet: DRAINING, scale 0; the scheduler stops its tasks and removes it. */
export function drainTaskSet(service: Service, ts: TaskSet, now: number): void {
  ts.status = 'DRAINING';
  ts.scale = 0;
  ts.updatedAt = now;
  service.steady = false;
}

export function addServiceEvent(service: Service, message: string, now: number): void {
  service.events.unshift({ id: randomUUID(), createdAt: now, message });
  if (service.events.length > 100) service.events.length = 100;
}

let ipCounter = 10;
function nextIp(): string {
  ipCounter += 1;
  return `10.0.${Math.floor(ipCounter / 250) % 250}.${(ipCounter % 250) + 2}`;
}

/** One scheduler pass over every ACTIVE service. */
export function reconcile(state: EmulatorState, health: HealthProvider, now: number): void {
  for (const cluster of state.ecs.clusters.values()) {
    for (const service of cluster.services.values()) {
      if (
        service.status !== 'ACTIVE' &&
        service.taskSets.every((t) => liveTasks(cluster, t).length === 0)
      )
        continue;
      reconcileService(state, cluster, service, health, now);
    }
    const stopped = cluster.tasks.filter((t) => t.lastStatus === 'STOPPED');
    if (stopped.length > 200) {
      const drop = new Set(stopped.slice(0, stopped.length - 200));
      cluster.tasks = cluster.tasks.filter((t) => !drop.has(t));
    }
  }
}

function reconcileService(
  state: EmulatorState,
  cluster: Cluster,
  service: Service,
  health: HealthProvider,
  now: number,
): void {
  const label = `(service ${service.serviceName})`;
  for (const ts of [...service.taskSets]) {
    const tgArn = ts.loadBalancers[0]?.targetGroupArn;
    const live = liveTasks(cluster, ts);
    const deregistering = ts.status === 'DRAINING' && now < (ts.drainUntil ?? 0);
    const desired = deregistering
      ? live.length
      : service.status === 'ACTIVE'
        ? computedDesiredCount(service, ts)
        : 0;
    const stoppedNow: Task[] = [];
    for (const task of live) {
      const h = health.taskHealth(task, ts, now);
      task.healthStatus = h === 'healthy' ? 'HEALTHY' : h === 'unhealthy' ? 'UNHEALTHY' : 'UNKNOWN';
      if (h === 'unhealthy' && now - (task.startedAt ?? now) >= UNHEALTHY_STOP_AFTER_MS) {
        stopTask(
          task,
          now,
          tgArn
            ? `Task failed ELB health checks in (target-group ${tgArn})`
            : 'Task failed container health checks',
        );
        stoppedNow.push(task);
      }
    }
    if (stoppedNow.length && tgArn) {
      const port = ts.loadBalancers[0]?.containerPort;
      addServiceEvent(
        service,
        `${label} (port ${port}) is unhealthy in (target-group ${tgArn}) due to (reason Health checks failed).`,
        now,
      );
    }
    let running = live.filter((t) => t.lastStatus !== 'STOPPED');
    if (running.length > desired) {
      const extra = running.slice(desired);
      for (const task of extra)
        stopTask(task, now, `Scaling activity initiated by (deployment ${ts.id})`);
      stoppedNow.push(...extra);
      running = running.slice(0, desired);
      addServiceEvent(
        service,
        `${label} has stopped ${extra.length} running tasks: ${extra.map((t) => `(task ${shortId(t)})`).join(' ')}.`,
        now,
      );
    }
    if (running.length < desired) {
      const started: Task[] = [];
      for (let i = running.length; i < desired; i++) {
        const task: Task = {
          taskArn: taskArn(state.region, state.account, cluster.name),
          clusterArn: cluster.arn,
          taskDefinitionArn: ts.taskDefinition,
          serviceName: service.serviceName,
          taskSetId: ts.id,
          startedBy:
            ts.startedBy === 'CODE_DEPLOY' || ts.externalId ? ts.id : `ecs-svc/${ts.id.slice(8)}`,
          group: `service:${service.serviceName}`,
          lastStatus: 'RUNNING',
          desiredStatus: 'RUNNING',
          healthStatus: 'UNKNOWN',
          createdAt: now,
          startedAt: now,
          privateIp: nextIp(),
          ...(ts.launchType ? { launchType: ts.launchType } : {}),
        };
        cluster.tasks.push(task);
        started.push(task);
      }
      addServiceEvent(
        service,
        `${label} has started ${started.length} tasks: ${started.map((t) => `(task ${shortId(t)})`).join(' ')}.`,
        now,
      );
      running.push(...started);
    }
    if (ts.status === 'DRAINING' && running.length === 0) {
      service.taskSets = service.taskSets.filter((t) => t !== ts);
      continue;
    }
    const steady = running.length === desired && running.every((t) => t.healthStatus === 'HEALTHY');
    const status = steady ? 'STEADY_STATE' : 'STABILIZING';
    if (status !== ts.stabilityStatus) {
      ts.stabilityStatus = status;
      ts.stabilityStatusAt = now;
      if (service.deploymentController.type !== 'ECS') {
        addServiceEvent(
          service,
          `(service ${service.serviceName}, taskSet ${ts.id}) updated state to ${status}.`,
          now,
        );
      }
    }
  }
  // Native strategies (ecs/native/) keep both revisions until their deployment cleans up.
  const strategy = service.deploymentConfiguration.strategy ?? 'ROLLING';
  if (service.deploymentController.type === 'ECS' && strategy === 'ROLLING')
    settleRollingDeployment(service, now);
  const allSteady = service.taskSets.every((t) => t.stabilityStatus === 'STEADY_STATE');
  if (allSteady && !service.steady && service.status === 'ACTIVE') {
    addServiceEvent(service, `${label} has reached a steady state.`, now);
  }
  service.steady = allSteady;
}

/** Rolling deployments: once the new PRIMARY set is steady, the old ones drain. */
function settleRollingDeployment(service: Service, now: number): void {
  const primary = service.taskSets.find((t) => t.status === 'PRIMARY');
  if (primary?.stabilityStatus !== 'STEADY_STATE') return;
  for (const ts of service.taskSets) if (ts.status === 'ACTIVE') drainTaskSet(service, ts, now);
}

function stopTask(task: Task, now: number, reason: string): void {
  task.lastStatus = 'STOPPED';
  task.desiredStatus = 'STOPPED';
  task.stoppingAt = now;
  task.stoppedAt = now;
  task.stopCode = 'ServiceSchedulerInitiated';
  task.stoppedReason = reason;
}

function shortId(task: Task): string {
  return task.taskArn.slice(task.taskArn.lastIndexOf('/') + 1);
}
