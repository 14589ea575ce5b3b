/** Clusters and services (spec B.4, B.5), including the CODE_DEPLOY controller rules. */
import { AwsError, type Handler } from '../protocol/json-service.js';
import type { Cluster, EmulatorState, Service, TaskSet } from '../state.js';
import { clusterArn, nameFromArn, serviceArn } from './names.js';
import {
  addServiceEvent,
  addTaskSet,
  computedDesiredCount,
  liveTasks,
  makePrimary,
} from './runtime.js';
import { startFirstDeployment, startNativeDeployment } from './native/deployment.js';
import {
  changeController,
  mergeDeploymentConfiguration,
  nativeUpdateProblem,
} from './native/service-inputs.js';
import { isNativeStrategy, nativeInputProblem } from './native/validate.js';
import { nativeServiceFields } from './native/views.js';
import { invalidParameter, usableTaskDefinition } from './task-definitions.js';
import { failedTaskCount, ROLLING_REASONS } from './rolling.js';
import { recordRollingDeployment } from './rolling-deployments.js';

export function findCluster(state: EmulatorState, ref: unknown): Cluster {
  const name = nameFromArn(typeof ref === 'string' && ref !== '' ? ref : 'default');
  const cluster = state.ecs.clusters.get(name);
  if (!cluster) throw new AwsError('ClusterNotFoundException', 'Cluster not found.');
  return cluster;
}

export function findService(cluster: Cluster, ref: unknown): Service {
  const service = typeof ref === 'string' ? cluster.services.get(nameFromArn(ref)) : undefined;
  if (!service) throw new AwsError('ServiceNotFoundException', 'Service not found.');
  return service;
}

export function activeService(cluster: Cluster, ref: unknown): Service {
  const service = findService(cluster, ref);
  if (service.status !== 'ACTIVE')
    throw new AwsError('ServiceNotActiveException', 'Service was not ACTIVE.');
  return service;
}

export function createCluster(state: EmulatorState, name: string, now: number): Cluster {
  const existing = state.ecs.clusters.get(name);
  if (existing) return existing;
  const cluster: Cluster = {
    name,
    arn: clusterArn(state.region, state.account, name),
    createdAt: now,
    services: new Map(),
    tasks: [],
  };
  state.ecs.clusters.set(name, cluster);
  return cluster;
}

const CODE_DEPLOY_SUFFIX =
  'on services with a CODE_DEPLOY deployment controller. Use AWS CodeDeploy to trigger a new deployment.';

/** Validates and creates a service; CODE_DEPLOY and EXTERNAL… ECS creates the first PRIMARY set at once. */
export function createService(state: EmulatorState, input: any, now: number): Service {
  const cluster = findCluster(state, input?.cluster);
  const name = input?.serviceName;
  if (typeof name !== 'string' || !/^[A-Za-z0-9_-]{1,255}$/.test(name)) {
    throw invalidParameter(
      'Service name is invalid: up to 255 letters, numbers, hyphens and underscores.',
    );
  }
  const existing = cluster.services.get(name);
  if (existing && existing.status !== 'INACTIVE')
    throw invalidParameter('Creation of service was not idempotent.');
  const controller = input.deploymentController?.type ?? 'ECS';
  if (!['ECS', 'CODE_DEPLOY', 'EXTERNAL'].includes(controller)) {
    throw invalidParameter(`Unknown deployment controller type ${controller}.`);
  }
  if (controller === 'CODE_DEPLOY' && input.deploymentConfiguration?.alarms?.enable) {
    throw invalidParameter(
      'Alarm based rollback feature is only supported with ECS deployment controller. Update to ECS deployment controller and try again.',
    );
  }
  const nativeProblem = nativeInputProblem(
    input.deploymentConfiguration,
    input.loadBalancers,
    controller,
  );
  if (nativeProblem) throw invalidParameter(nativeProblem);
  if (input.launchType && input.capacityProviderStrategy?.length) {
    throw invalidParameter(
      'Specifying both a launch type and capacity provider strategy is not supported.',
    );
  }
  const needsTaskDefinition = controller !== 'EXTERNAL';
  if (needsTaskDefinition && !input.taskDefinition) {
    throw invalidParameter(
      'TaskDefinition must be specified for services with deployment controller ' +
        controller +
        '.',
    );
  }
  const td = input.taskDefinition ? usableTaskDefinition(state, input.taskDefinition) : undefined;
  const loadBalancers: Service['loadBalancers'] = Array.isArray(input.loadBalancers)
    ? input.loadBalancers
    : [];
  if (td) checkLoadBalancers(state, td.body, loadBalancers);
  if (td?.body.networkMode === 'awsvpc' && !input.networkConfiguration) {
    throw invalidParameter(
      "Network Configuration must be provided when networkMode 'awsvpc' is specified.",
    );
  }
  const service: Service = {
    serviceName: name,
    serviceArn: serviceArn(state.region, state.account, cluster.name, name),
    clusterName: cluster.name,
    clusterArn: cluster.arn,
    status: 'ACTIVE',
    desiredCount: typeof input.desiredCount === 'number' ? input.desiredCount : 0,
    taskDefinition: td?.arn ?? '',
    ...(input.capacityProviderStrategy?.length
      ? { capacityProviderStrategy: input.capacityProviderStrategy }
      : { launchType: input.launchType ?? 'EC2' }),
    ...(input.platformVersion || input.launchType === 'FARGATE'
      ? { platformVersion: input.platformVersion ?? 'LATEST', platformFamily: 'Linux' }
      : {}),
    loadBalancers,
    networkConfiguration: input.networkConfiguration,
    deploymentController: { type: controller },
    deploymentConfiguration:
      controller === 'ECS'
        ? {
            deploymentCircuitBreaker: { enable: false, rollback: false },
            maximumPercent: 200,
            minimumHealthyPercent: 100,
            ...input.deploymentConfiguration,
          }
        : { maximumPercent: 200, minimumHealthyPercent: 100, ...input.deploymentConfiguration },
    ...(input.healthCheckGracePeriodSeconds !== undefined
      ? { healthCheckGracePeriodSeconds: input.healthCheckGracePeriodSeconds }
      : {}),
    schedulingStrategy: input.schedulingStrategy ?? 'REPLICA',
    placementConstraints: input.placementConstraints ?? [],
    placementStrategy: input.placementStrategy ?? [],
    enableECSManagedTags: input.enableECSManagedTags ?? false,
    ...(input.propagateTags ? { propagateTags: input.propagateTags } : {}),
    enableExecuteCommand: input.enableExecuteCommand ?? false,
    tags: input.tags ?? [],
    createdAt: now,
    createdBy: `arn:aws:iam::${state.account}:root`,
    taskSets: [],
    deployments: [],
    events: [],
  };
  if (controller === 'CODE_DEPLOY' && service.schedulingStrategy === 'DAEMON') {
    throw invalidParameter(
      'The DAEMON scheduling strategy is not supported with the CODE_DEPLOY deployment controller.',
    );
  }
  cluster.services.set(name, service);
  if (td) {
    addTaskSet(
      state,
      service,
      {
        taskDefinition: td.arn,
        scale: 100,
        status: 'PRIMARY',
        ...(service.launchType ? { launchType: service.launchType } : {}),
        ...(service.capacityProviderStrategy
          ? { capacityProviderStrategy: service.capacityProviderStrategy }
          : {}),
        ...(service.platformVersion ? { platformVersion: service.platformVersion } : {}),
        networkConfiguration: service.networkConfiguration,
        loadBalancers,
      },
      now,
    );
  }
  if (controller === 'ECS' && isNativeStrategy(service.deploymentConfiguration.strategy))
    startFirstDeployment(state, service, now);
  return service;
}

function checkLoadBalancers(
  state: EmulatorState,
  td: any,
  loadBalancers: Service['loadBalancers'],
): void {
  for (const lb of loadBalancers) {
    const container = (td.containerDefinitions as any[]).find((c) => c.name === lb.containerName);
    if (!container) {
      throw invalidParameter(
        `The container ${lb.containerName} does not exist in the task definition.`,
      );
    }
    if (!(container.portMappings ?? []).some((p: any) => p.containerPort === lb.containerPort)) {
      throw invalidParameter(
        `The container ${lb.containerName} did not have a container port ${lb.containerPort} defined.`,
      );
    }
    if (lb.targetGroupArn) {
      const tg = state.elb.targetGroups.get(lb.targetGroupArn);
      if (tg && tg.loadBalancerArns.length === 0) {
        throw invalidParameter(
          `The target group with targetGroupArn ${lb.targetGroupArn} does not have an associated load balancer.`,
        );
      }
    }
  }
}

/** UpdateService rejections for CODE_DEPLOY services, in the order AWS checks them (spec B.5). */
export function codeDeployUpdateRejection(input: any): string | undefined {
  if (input.taskDefinition !== undefined)
    return `Unable to update task definition ${CODE_DEPLOY_SUFFIX}`;
  if (input.networkConfiguration !== undefined)
    return `Unable to update network parameters ${CODE_DEPLOY_SUFFIX}`;
  if (input.loadBalancers !== undefined)
    return `Unable to update load balancers ${CODE_DEPLOY_SUFFIX}`;
  if (input.platformVersion !== undefined)
    return `Unable to update platform version ${CODE_DEPLOY_SUFFIX}`;
  if (input.serviceRegistries !== undefined)
    return `Unable to update service registries ${CODE_DEPLOY_SUFFIX}`;
  if (input.forceNewDeployment === true || input.capacityProviderStrategy !== undefined) {
    return `Cannot force a new deployment ${CODE_DEPLOY_SUFFIX}`;
  }
  return undefined;
}

export function serviceView(state: EmulatorState, service: Service): Record<string, unknown> {
  const cluster = state.ecs.clusters.get(service.clusterName)!;
  const counts = (ts: TaskSet) => {
    const live = liveTasks(cluster, ts);
    return {
      running: live.filter((t) => t.lastStatus === 'RUNNING').length,
      pending: live.filter((t) => t.lastStatus !== 'RUNNING').length,
    };
  };
  const totals = service.taskSets.reduce(
    (acc, ts) => {
      const c = counts(ts);
      return { running: acc.running + c.running, pending: acc.pending + c.pending };
    },
    { running: 0, pending: 0 },
  );
  const controller = service.deploymentController.type;
  const view: Record<string, unknown> = {
    serviceArn: service.serviceArn,
    serviceName: service.serviceName,
    clusterArn: service.clusterArn,
    loadBalancers: service.loadBalancers,
    serviceRegistries: [],
    status: service.status,
    desiredCount: service.desiredCount,
    runningCount: totals.running,
    pendingCount: totals.pending,
    ...(service.launchType ? { launchType: service.launchType } : {}),
    ...(service.capacityProviderStrategy
      ? { capacityProviderStrategy: service.capacityProviderStrategy }
      : {}),
    ...(service.platformVersion ? { platformVersion: service.platformVersion } : {}),
    ...(service.platformFamily ? { platformFamily: service.platformFamily } : {}),
    taskDefinition: service.taskDefinition,
    deploymentConfiguration: service.deploymentConfiguration,
    roleArn: service.roleArn,
    events: service.events.map((e) => ({
      id: e.id,
      createdAt: new Date(e.createdAt),
      message: e.message,
    })),
    createdAt: new Date(service.createdAt),
    placementConstraints: service.placementConstraints,
    placementStrategy: service.placementStrategy,
    networkConfiguration: service.networkConfiguration,
    healthCheckGracePeriodSeconds: service.healthCheckGracePeriodSeconds,
    schedulingStrategy: service.schedulingStrategy,
    deploymentController: service.deploymentController,
    createdBy: service.createdBy,
    enableECSManagedTags: service.enableECSManagedTags,
    propagateTags: service.propagateTags ?? 'NONE',
    enableExecuteCommand: service.enableExecuteCommand,
  };
  if (controller === 'ECS') {
    // Rolling deployments; CODE_DEPLOY and EXTERNAL services have none, which keeps
    // waitUntilServicesStable from ever succeeding for them, as on AWS (spec D.4).
    view.deployments = service.taskSets.map((ts) => {
      const c = counts(ts);
      return {
        id: ts.id,
        status:
          ts.status === 'PRIMARY' ? 'PRIMARY' : ts.status === 'DRAINING' ? 'INACTIVE' : 'ACTIVE',
        taskDefinition: ts.taskDefinition,
        desiredCount: computedDesiredCount(service, ts),
        pendingCount: c.pending,
        runningCount: c.running,
        failedTasks: failedTaskCount(cluster, ts),
        createdAt: new Date(ts.createdAt),
        updatedAt: new Date(ts.updatedAt),
        ...(ts.launchType ? { launchType: ts.launchType } : {}),
        networkConfiguration: ts.networkConfiguration,
        ...rollout(ts),
      };
    });
    Object.assign(view, nativeServiceFields(state, service));
  } else {
    view.taskSets = service.taskSets.map((ts) => taskSetView(state, service, ts));
  }
  return view;
}

/** rolloutState and its reason: failed (ecs/rolling.ts), completed when steady, else in progress. */
function rollout(ts: TaskSet): { rolloutState: string; rolloutStateReason: string } {
  if (ts.rolloutFailure) return { rolloutState: 'FAILED', rolloutStateReason: ts.rolloutFailure };
  // A rollout stays COMPLETED once steady, also while a newer one replaces it (ACTIVE).
  const completed = ts.stabilityStatus === 'STEADY_STATE';
  if (ts.rollbackOf)
    return {
      rolloutState: completed ? 'COMPLETED' : 'IN_PROGRESS',
      rolloutStateReason: ROLLING_REASONS.rollingBackTo(ts.id),
    };
  return {
    rolloutState: completed ? 'COMPLETED' : 'IN_PROGRESS',
    rolloutStateReason:
      ts.stabilityStatus === 'STEADY_STATE'
        ? 'ECS deployment ecs-svc completed.'
        : 'ECS deployment in progress.',
  };
}

export function taskSetView(
  state: EmulatorState,
  service: Service,
  ts: TaskSet,
): Record<string, unknown> {
  const cluster = state.ecs.clusters.get(service.clusterName)!;
  const live = liveTasks(cluster, ts);
  return {
    id: ts.id,
    taskSetArn: ts.taskSetArn,
    serviceArn: ts.serviceArn,
    clusterArn: ts.clusterArn,
    ...(ts.startedBy ? { startedBy: ts.startedBy } : {}),
    ...(ts.externalId ? { externalId: ts.externalId } : {}),
    status: ts.status,
    taskDefinition: ts.taskDefinition,
    computedDesiredCount: computedDesiredCount(service, ts),
    pendingCount: live.filter((t) => t.lastStatus !== 'RUNNING').length,
    runningCount: live.filter((t) => t.lastStatus === 'RUNNING').length,
    createdAt: new Date(ts.createdAt),
    updatedAt: new Date(ts.updatedAt),
    ...(ts.launchType ? { launchType: ts.launchType } : {}),
    ...(ts.capacityProviderStrategy
      ? { capacityProviderStrategy: ts.capacityProviderStrategy }
      : {}),
    ...(ts.platformVersion ? { platformVersion: ts.platformVersion, platformFamily: 'Linux' } : {}),
    networkConfiguration: ts.networkConfiguration,
    loadBalancers: ts.loadBalancers,
    serviceRegistries: [],
    scale: { value: ts.scale, unit: 'PERCENT' },
    stabilityStatus: ts.stabilityStatus,
    stabilityStatusAt: new Date(ts.stabilityStatusAt),
    tags: [],
  };
}

export function serviceHandlers(state: EmulatorState): Record<string, Handler> {
  return {
    CreateCluster(input, ctx) {
      const cluster = createCluster(state, input?.clusterName ?? 'default', ctx.now().getTime());
      return { cluster: clusterView(cluster) };
    },
    ListClusters() {
      return { clusterArns: [...state.ecs.clusters.values()].map((c) => c.arn) };
    },
    DescribeClusters(input) {
      const refs: string[] = input?.clusters?.length ? input.clusters : ['default'];
      const clusters: unknown[] = [];
      const failures: unknown[] = [];
      for (const ref of refs) {
        const cluster = state.ecs.clusters.get(nameFromArn(ref));
        if (cluster) clusters.push(clusterView(cluster));
        else
          failures.push({
            arn: ref.startsWith('arn:') ? ref : clusterArn(state.region, state.account, ref),
            reason: 'MISSING',
          });
      }
      return { clusters, failures };
    },
    CreateService(input, ctx) {
      const service = createService(state, input, ctx.now().getTime());
      return { service: serviceView(state, service) };
    },
    DescribeServices(input) {
      const cluster = findCluster(state, input?.cluster);
      const refs = input?.services;
      if (!Array.isArray(refs) || refs.length === 0)
        throw invalidParameter('Services cannot be empty.');
      if (refs.length > 10)
        throw invalidParameter('Services cannot contain more than 10 elements.');
      const services: unknown[] = [];
      const failures: unknown[] = [];
      for (const ref of refs) {
        const service = cluster.services.get(nameFromArn(String(ref)));
        if (service) {
          const view = serviceView(state, service);
          if (Array.isArray(input.include) && input.include.includes('TAGS'))
            view.tags = service.tags;
          services.push(view);
        } else {
          const arn = String(ref).startsWith('arn:')
            ? String(ref)
            : serviceArn(state.region, state.account, cluster.name, String(ref));
          failures.push({ arn, reason: 'MISSING' });
        }
      }
      return { services, failures };
    },
    ListServices(input) {
      const cluster = findCluster(state, input?.cluster);
      return {
        serviceArns: [...cluster.services.values()]
          .filter((s) => s.status === 'ACTIVE')
          .map((s) => s.serviceArn),
      };
    },
    UpdateService(input, ctx) {
      const service = updateService(state, input, ctx.now().getTime());
      return { service: serviceView(state, service) };
    },
    DeleteService(input, ctx) {
      const cluster = findCluster(state, input?.cluster);
      const service = activeService(cluster, input?.service);
      const liveCount = service.taskSets.reduce((n, ts) => n + liveTasks(cluster, ts).length, 0);
      if (service.desiredCount > 0 && !input.force && service.schedulingStrategy === 'REPLICA') {
        throw invalidParameter('The service cannot be stopped while it is scaled above 0.');
      }
      service.status = liveCount > 0 ? 'DRAINING' : 'INACTIVE';
      addServiceEvent(
        service,
        `(service ${service.serviceName}) has been deleted.`,
        ctx.now().getTime(),
      );
      return { service: serviceView(state, service) };
    },
  };
}

/** UpdateService: the controller's own refusals, the plain settings, then any controller move or new deployment. */
function updateService(state: EmulatorState, input: any, now: number): Service {
  const cluster = findCluster(state, input?.cluster);
  const service = activeService(cluster, input?.service);
  const controller = service.deploymentController.type;
  const native = nativeUpdateProblem(state, service, input);
  if (native.problem) throw invalidParameter(native.problem);
  const moving = native.controller !== controller;
  if (controller === 'CODE_DEPLOY' && !moving) {
    const rejection = codeDeployUpdateRejection(input);
    if (rejection) throw invalidParameter(rejection);
  }
  if (controller === 'EXTERNAL' && !moving) {
    const rejection = externalUpdateRejection(input);
    if (rejection) throw invalidParameter(rejection);
  }
  if (typeof input.desiredCount === 'number') service.desiredCount = input.desiredCount;
  service.deploymentConfiguration = mergeDeploymentConfiguration(
    service.deploymentConfiguration,
    input.deploymentConfiguration,
  );
  if (input.healthCheckGracePeriodSeconds !== undefined) {
    service.healthCheckGracePeriodSeconds = input.healthCheckGracePeriodSeconds;
  }
  if (input.placementConstraints) service.placementConstraints = input.placementConstraints;
  if (input.placementStrategy) service.placementStrategy = input.placementStrategy;
  if (input.enableECSManagedTags !== undefined)
    service.enableECSManagedTags = input.enableECSManagedTags;
  if (input.propagateTags !== undefined) service.propagateTags = input.propagateTags;
  if (input.enableExecuteCommand !== undefined)
    service.enableExecuteCommand = input.enableExecuteCommand;
  if (moving) changeController(state, service, native.controller, input, now);
  // A controller move alone starts no deployment [infer]; a new task definition in the same call does.
  if (native.controller === 'ECS')
    rollingUpdate(state, service, moving ? { ...input, loadBalancers: undefined } : input, now);
  service.steady = false;
  return service;
}

/** An EXTERNAL service changes these through task sets, never through UpdateService. */
function externalUpdateRejection(input: any): string | undefined {
  for (const key of [
    'taskDefinition',
    'networkConfiguration',
    'loadBalancers',
    'platformVersion',
    'launchType',
  ]) {
    if (input[key] !== undefined) {
      return `Unable to update ${key} on services with an EXTERNAL deployment controller. Use a task set to make the change.`;
    }
  }
  return undefined;
}

/** ECS controller: a new task definition (or forceNewDeployment) starts a new PRIMARY set. */
function rollingUpdate(state: EmulatorState, service: Service, input: any, now: number): void {
  const td = input.taskDefinition ? usableTaskDefinition(state, input.taskDefinition) : undefined;
  if (td) checkLoadBalancers(state, td.body, input.loadBalancers ?? service.loadBalancers);
  if (input.networkConfiguration) service.networkConfiguration = input.networkConfiguration;
  if (input.loadBalancers) service.loadBalancers = input.loadBalancers;
  if (input.platformVersion) service.platformVersion = input.platformVersion;
  const changed =
    td ||
    input.forceNewDeployment ||
    input.networkConfiguration ||
    input.loadBalancers ||
    input.platformVersion;
  if (!changed) return;
  if (isNativeStrategy(service.deploymentConfiguration.strategy)) {
    startNativeDeployment(state, service, td?.arn ?? service.taskDefinition, now);
    return;
  }
  const ts = addTaskSet(
    state,
    service,
    {
      taskDefinition: td?.arn ?? service.taskDefinition,
      scale: 100,
      status: 'ACTIVE',
      ...(service.launchType ? { launchType: service.launchType } : {}),
      ...(service.platformVersion ? { platformVersion: service.platformVersion } : {}),
      networkConfiguration: service.networkConfiguration,
      loadBalancers: service.loadBalancers,
    },
    now,
  );
  makePrimary(service, ts, now);
  recordRollingDeployment(state, service, ts, now);
}

function clusterView(cluster: Cluster): Record<string, unknown> {
  const active = [...cluster.services.values()].filter((s) => s.status === 'ACTIVE');
  return {
    clusterArn: cluster.arn,
    clusterName: cluster.name,
    status: 'ACTIVE',
    registeredContainerInstancesCount: 0,
    runningTasksCount: cluster.tasks.filter((t) => t.lastStatus === 'RUNNING').length,
    pendingTasksCount: 0,
    activeServicesCount: active.length,
    statistics: [],
    tags: [],
    settings: [{ name: 'containerInsights', value: 'disabled' }],
    capacityProviders: ['FARGATE', 'FARGATE_SPOT'],
    defaultCapacityProviderStrategy: [],
  };
}
