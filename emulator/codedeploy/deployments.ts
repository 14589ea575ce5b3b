/**
 * CreateDeployment and the operations on deployments themselves (spec A.5–A.13); their targets and
 * hook answers are in targets.ts, application revisions in revisions.ts.
 */
import { AwsError, type Handler } from '../protocol/json-service.js';
import type { EmulatorState } from '../state.js';
import { findApplication } from './applications.js';
import { configMissing, deploymentMissing, required } from './errors.js';
import { isTerminal, lifecycleEventNames, STOP_DELAY_MS } from './engine.js';
import { validateAlarms, validateAutoRollback } from './group-validation.js';
import { findGroup } from './groups.js';
import { newDeploymentId } from './ids.js';
import { TERMINAL, type DeploymentRecord, type DeploymentStatus } from './model.js';
import { readRevision, registerRevision, revisionLocation } from './revisions.js';

/** Lets handlers move deployments forward right after a change (ContinueDeployment, hook answers). */
export interface DeploymentDriver {
  advanceAll(): void;
}

const DESCRIPTION_LIMIT = 512;

export function fail(code: string, message: string): never {
  throw new AwsError(code, message);
}

export function findDeployment(state: EmulatorState, id: unknown): DeploymentRecord {
  if (!id) throw required('DeploymentIdRequiredException', 'At least one deployment ID');
  if (typeof id !== 'string' || !/^d-[A-Z0-9]{9}$/.test(id)) {
    fail('InvalidDeploymentIdException', `The deployment ID ${String(id)} is not valid.`);
  }
  const d = state.codedeploy.deployments.get(id);
  if (!d) throw deploymentMissing(id);
  return d;
}

export function createDeployment(state: EmulatorState, input: any, now: number): DeploymentRecord {
  const app = findApplication(state, input?.applicationName);
  if (!input.deploymentGroupName)
    throw required('DeploymentGroupNameRequiredException', 'The deployment group name');
  const group = findGroup(state, app.applicationName, input.deploymentGroupName);
  const revision = readRevision(input.revision);
  const configName: string = input.deploymentConfigName ?? group.deploymentConfigName;
  const config = state.codedeploy.configs.get(configName);
  if (!config) throw configMissing(configName);
  if (config.computePlatform !== 'ECS') {
    fail(
      'InvalidDeploymentConfigNameException',
      `The deployment configuration ${configName} is not for the ECS compute platform.`,
    );
  }
  const autoRollback = input.autoRollbackConfiguration
    ? validateAutoRollback(input.autoRollbackConfiguration)
    : group.autoRollbackConfiguration;
  if (input.overrideAlarmConfiguration) validateAlarms(input.overrideAlarmConfiguration);
  if (input.targetInstances)
    fail(
      'InvalidTargetInstancesException',
      'Target instances are not supported for ECS deployments.',
    );
  if (typeof input.description === 'string' && input.description.length > DESCRIPTION_LIMIT) {
    fail(
      'DescriptionTooLongException',
      `The description is too long: at most ${DESCRIPTION_LIMIT} characters.`,
    );
  }
  const active = [...state.codedeploy.deployments.values()].find(
    (d) =>
      d.applicationName === app.applicationName &&
      d.deploymentGroupName === group.deploymentGroupName &&
      !TERMINAL.includes(d.status),
  );
  if (active) {
    fail(
      'DeploymentLimitExceededException',
      `The Deployment Group '${group.deploymentGroupName}' already has an active Deployment '${active.deploymentId}'`,
    );
  }
  const deploymentId = newDeploymentId((id) => state.codedeploy.deployments.has(id));
  registerRevision(
    state,
    app.applicationName,
    revision.content,
    revision.sha256,
    now,
    group.deploymentGroupName,
  );
  const location = revisionLocation(revision.type, revision.sha256);
  const lastGood = group.lastSuccessfulDeployment
    ? state.codedeploy.deployments.get(group.lastSuccessfulDeployment.deploymentId)
    : undefined;
  const pair = group.loadBalancerInfo.targetGroupPairInfoList[0]!;
  const hasTestRoute = (pair.testTrafficRoute?.listenerArns.length ?? 0) > 0;
  const ecs = group.ecsServices[0]!;
  const service = state.ecs.clusters.get(ecs.clusterName)?.services.get(ecs.serviceName);
  const d: DeploymentRecord = {
    deploymentId,
    applicationName: app.applicationName,
    deploymentGroupName: group.deploymentGroupName,
    deploymentConfigName: configName,
    trafficRouting: config.trafficRoutingConfig ?? { type: 'AllAtOnce' },
    creator: 'user',
    status: 'Created',
    targetStatus: 'Pending',
    revision: location,
    content: revision.content,
    ...(lastGood ? { previousRevision: lastGood.revision } : {}),
    ...(input.description !== undefined ? { description: input.description } : {}),
    createTime: now,
    lastUpdatedAt: now,
    autoRollbackConfiguration: autoRollback,
    ...(input.overrideAlarmConfiguration
      ? { overrideAlarmConfiguration: input.overrideAlarmConfiguration }
      : {}),
    readyOption: group.blueGreenDeploymentConfiguration.deploymentReadyOption,
    terminationWaitTimeInMinutes:
      group.blueGreenDeploymentConfiguration.terminateBlueInstancesOnDeploymentSuccess
        .terminationWaitTimeInMinutes,
    groupSnapshot: structuredClone({
      blueGreenDeploymentConfiguration: group.blueGreenDeploymentConfiguration,
      loadBalancerInfo: group.loadBalancerInfo,
    }),
    target: {
      clusterName: ecs.clusterName,
      serviceName: ecs.serviceName,
      targetArn:
        service?.serviceArn ??
        `arn:aws:ecs:${state.region}:${state.account}:service/${ecs.clusterName}/${ecs.serviceName}`,
    },
    hasTestRoute,
    lifecycleEvents: lifecycleEventNames(hasTestRoute, false).map((name) => ({
      lifecycleEventName: name,
      status: 'Pending',
    })),
    phase: { name: 'created' },
    greenWeight: 0,
  };
  state.codedeploy.deployments.set(deploymentId, d);
  group.targetRevision = location;
  group.lastAttemptedDeployment = { deploymentId, status: 'Created', createTime: now };
  return d;
}

const STATUS_KEYS: Record<string, string> = {
  Pending: 'Pending',
  InProgress: 'InProgress',
  Succeeded: 'Succeeded',
  Failed: 'Failed',
  Skipped: 'Skipped',
  Ready: 'Ready',
};

export function deploymentView(d: DeploymentRecord): Record<string, unknown> {
  const overview: Record<string, number> = {
    Pending: 0,
    InProgress: 0,
    Succeeded: 0,
    Failed: 0,
    Skipped: 0,
    Ready: 0,
  };
  overview[STATUS_KEYS[d.targetStatus] ?? 'Pending']! += 1;
  return {
    applicationName: d.applicationName,
    deploymentGroupName: d.deploymentGroupName,
    deploymentConfigName: d.deploymentConfigName,
    deploymentId: d.deploymentId,
    ...(d.previousRevision ? { previousRevision: d.previousRevision } : {}),
    revision: d.revision,
    status: d.status,
    ...(d.errorInformation ? { errorInformation: d.errorInformation } : {}),
    createTime: new Date(d.createTime),
    ...(d.startTime !== undefined ? { startTime: new Date(d.startTime) } : {}),
    ...(d.completeTime !== undefined ? { completeTime: new Date(d.completeTime) } : {}),
    deploymentOverview: overview,
    ...(d.description !== undefined ? { description: d.description } : {}),
    creator: d.creator,
    ignoreApplicationStopFailures: false,
    autoRollbackConfiguration: d.autoRollbackConfiguration,
    updateOutdatedInstancesOnly: false,
    ...(d.rollbackInfo ? { rollbackInfo: d.rollbackInfo } : {}),
    deploymentStyle: { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' },
    blueGreenDeploymentConfiguration: d.groupSnapshot.blueGreenDeploymentConfiguration,
    loadBalancerInfo: d.groupSnapshot.loadBalancerInfo,
    ...(d.overrideAlarmConfiguration
      ? { overrideAlarmConfiguration: d.overrideAlarmConfiguration }
      : {}),
    instanceTerminationWaitTimeStarted: false,
    deploymentStatusMessages: [],
    computePlatform: 'ECS',
  };
}

/** ListDeployments: ids newest first, filtered by group, status and creation time. */
function listDeployments(state: EmulatorState, input: any): { deployments: string[] } {
  const { deployments } = state.codedeploy;
  if (input?.applicationName && !input.deploymentGroupName) {
    throw required('DeploymentGroupNameRequiredException', 'The deployment group name');
  }
  if (input?.deploymentGroupName && !input.applicationName) {
    throw required('ApplicationNameRequiredException', 'The application name');
  }
  if (input?.applicationName)
    findGroup(
      state,
      findApplication(state, input.applicationName).applicationName,
      input.deploymentGroupName,
    );
  const statuses: string[] | undefined = input?.includeOnlyStatuses;
  const valid: DeploymentStatus[] = [
    'Created',
    'Queued',
    'InProgress',
    'Baking',
    'Succeeded',
    'Failed',
    'Stopped',
    'Ready',
  ];
  if (statuses?.some((s) => !valid.includes(s as DeploymentStatus))) {
    fail(
      'InvalidDeploymentStatusException',
      `Deployment statuses must be among ${valid.join(', ')}.`,
    );
  }
  const start = input?.createTimeRange?.start;
  const end = input?.createTimeRange?.end;
  const list = [...deployments.values()]
    .filter((d) => !input?.applicationName || d.applicationName === input.applicationName)
    .filter(
      (d) => !input?.deploymentGroupName || d.deploymentGroupName === input.deploymentGroupName,
    )
    .filter((d) => !statuses?.length || statuses.includes(d.status))
    .filter((d) => start === undefined || d.createTime >= start * 1000)
    .filter((d) => end === undefined || d.createTime <= end * 1000)
    .sort((a, b) => b.createTime - a.createTime)
    .map((d) => d.deploymentId);
  return { deployments: list };
}

/** ContinueDeployment: lets a deployment past its Ready wait or its termination wait. */
function continueDeployment(state: EmulatorState, driver: DeploymentDriver, input: any): object {
  const d = findDeployment(state, input?.deploymentId);
  if (isTerminal(d))
    fail(
      'DeploymentAlreadyCompletedException',
      `The deployment ${d.deploymentId} has already completed.`,
    );
  const waitType = input.deploymentWaitType ?? 'READY_WAIT';
  if (waitType === 'READY_WAIT') {
    if (d.status !== 'Ready' || d.phase.name !== 'ready-wait') {
      fail(
        'DeploymentIsNotInReadyStateException',
        `The deployment ${d.deploymentId} is not in the Ready state.`,
      );
    }
    d.continueReady = true;
  } else if (waitType === 'TERMINATION_WAIT') {
    if (d.phase.name !== 'termination-wait') {
      fail(
        'InvalidDeploymentStatusException',
        `The deployment ${d.deploymentId} is not waiting for the original task set to be terminated.`,
      );
    }
    d.continueTermination = true;
  } else {
    fail(
      'InvalidDeploymentWaitTypeException',
      `The wait type ${String(waitType)} is not valid: use READY_WAIT or TERMINATION_WAIT.`,
    );
  }
  driver.advanceAll();
  return {};
}

export function deploymentHandlers(
  state: EmulatorState,
  driver: DeploymentDriver,
): Record<string, Handler> {
  const { deployments } = state.codedeploy;
  return {
    CreateDeployment(input, ctx) {
      return { deploymentId: createDeployment(state, input, ctx.now().getTime()).deploymentId };
    },
    GetDeployment(input) {
      return { deploymentInfo: deploymentView(findDeployment(state, input?.deploymentId)) };
    },
    BatchGetDeployments(input) {
      const ids = input?.deploymentIds;
      if (!Array.isArray(ids) || ids.length === 0)
        throw required('DeploymentIdRequiredException', 'At least one deployment ID');
      if (ids.length > 100)
        fail(
          'BatchLimitExceededException',
          'The maximum number of names or IDs allowed for this request (100) was exceeded.',
        );
      return {
        deploymentsInfo: ids
          .map((id: string) => deployments.get(id))
          .filter((d): d is DeploymentRecord => !!d)
          .map(deploymentView),
      };
    },
    ListDeployments: (input) => listDeployments(state, input),
    ContinueDeployment: (input) => continueDeployment(state, driver, input),
    StopDeployment(input, ctx) {
      const d = findDeployment(state, input?.deploymentId);
      if (isTerminal(d))
        fail(
          'DeploymentAlreadyCompletedException',
          `The deployment ${d.deploymentId} has already completed.`,
        );
      d.stopRequest = {
        at: ctx.now().getTime() + STOP_DELAY_MS,
        rollback:
          typeof input.autoRollbackEnabled === 'boolean' ? input.autoRollbackEnabled : undefined,
      };
      return {
        status: 'Pending',
        statusMessage:
          'Stopping Pending. Stopping to schedule commands in the deployment instances',
      };
    },
  };
}
