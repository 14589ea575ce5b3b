/** CreateDeployment and every deployment-facing CodeDeploy operation (spec A.5–A.13). */
import { AwsError, type Handler } from '../protocol/json-service.js';
import type { EmulatorState } from '../state.js';
import type { RevisionLocation } from './resources.js';
import { findApplication } from './applications.js';
import { configMissing, deploymentMissing, required } from './errors.js';
import { isTerminal, lifecycleEventNames, STOP_DELAY_MS } from './engine.js';
import { findGroup, validateAlarms, validateAutoRollback } from './groups.js';
import { newDeploymentId } from './ids.js';
import { TERMINAL, type DeploymentRecord, type DeploymentStatus } from './model.js';
import { registerRevision, sha256Hex, taskSetsInfo } from './world.js';

/** Lets handlers move deployments forward right after a change (ContinueDeployment, hook answers). */
export interface DeploymentDriver {
  advanceAll(): void;
}

const DESCRIPTION_LIMIT = 512;

function fail(code: string, message: string): never {
  throw new AwsError(code, message);
}

function findDeployment(state: EmulatorState, id: unknown): DeploymentRecord {
  if (!id) throw required('DeploymentIdRequiredException', 'At least one deployment ID');
  if (typeof id !== 'string' || !/^d-[A-Z0-9]{9}$/.test(id)) {
    fail('InvalidDeploymentIdException', `The deployment ID ${String(id)} is not valid.`);
  }
  const d = state.codedeploy.deployments.get(id);
  if (!d) throw deploymentMissing(id);
  return d;
}

/** The revision as sent: AppSpecContent or String with content (sha256 computed when absent). */
function readRevision(revision: any): {
  type: 'AppSpecContent' | 'String';
  content: string;
  sha256: string;
} {
  if (!revision) fail('RevisionRequiredException', 'The revision ID was not specified.');
  const type = revision.revisionType;
  if (type === 'S3' || type === 'GitHub') {
    fail(
      'InvalidRevisionException',
      `Revision type ${type} is not supported by the emulator for ECS deployments; use AppSpecContent.`,
    );
  }
  if (type !== 'AppSpecContent' && type !== 'String') {
    fail('InvalidRevisionException', `The revision type ${String(type)} is not valid.`);
  }
  const body = type === 'AppSpecContent' ? revision.appSpecContent : revision.string;
  const content = body?.content;
  if (typeof content !== 'string' || content.trim() === '') {
    fail('InvalidRevisionException', 'The AppSpec content of the revision is missing or empty.');
  }
  const sha256 = sha256Hex(content);
  if (body.sha256 && String(body.sha256).toLowerCase() !== sha256) {
    fail('InvalidRevisionException', 'The sha256 of the revision does not match its content.');
  }
  return { type, content, sha256 };
}

function revisionLocation(type: 'AppSpecContent' | 'String', sha256: string): RevisionLocation {
  return type === 'AppSpecContent'
    ? { revisionType: 'AppSpecContent', appSpecContent: { sha256 } }
    : { revisionType: 'String', string: { sha256 } };
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

function targetView(state: EmulatorState, d: DeploymentRecord): Record<string, unknown> {
  return {
    deploymentTargetType: 'ECSTarget',
    ecsTarget: {
      deploymentId: d.deploymentId,
      targetId: `${d.target.clusterName}:${d.target.serviceName}`,
      targetArn: d.target.targetArn,
      lastUpdatedAt: new Date(d.lastUpdatedAt),
      lifecycleEvents: d.lifecycleEvents.map((e) => ({
        lifecycleEventName: e.lifecycleEventName,
        status: e.status,
        ...(e.startTime !== undefined ? { startTime: new Date(e.startTime) } : {}),
        ...(e.endTime !== undefined ? { endTime: new Date(e.endTime) } : {}),
        ...(e.diagnostics ? { diagnostics: e.diagnostics } : {}),
      })),
      status: d.targetStatus,
      taskSetsInfo: taskSetsInfo(state, d),
    },
  };
}

function startedDeployment(state: EmulatorState, id: unknown): DeploymentRecord {
  const d = findDeployment(state, id);
  if (d.status === 'Created')
    fail('DeploymentNotStartedException', `The deployment ${d.deploymentId} has not started.`);
  return d;
}

function checkTargetId(d: DeploymentRecord, targetId: unknown): void {
  if (!targetId) throw required('DeploymentTargetIdRequiredException', 'A deployment target ID');
  if (targetId !== `${d.target.clusterName}:${d.target.serviceName}`) {
    fail(
      'DeploymentTargetDoesNotExistException',
      `The deployment target ${String(targetId)} does not exist in deployment ${d.deploymentId}.`,
    );
  }
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
    ListDeployments(input) {
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
    },
    ContinueDeployment(input) {
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
    },
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
    ListDeploymentTargets(input) {
      const d = startedDeployment(state, input?.deploymentId);
      const statuses: string[] | undefined = input?.targetFilters?.TargetStatus;
      const include = !statuses?.length || statuses.includes(d.targetStatus);
      return { targetIds: include ? [`${d.target.clusterName}:${d.target.serviceName}`] : [] };
    },
    GetDeploymentTarget(input) {
      const d = startedDeployment(state, input?.deploymentId);
      checkTargetId(d, input.targetId);
      return { deploymentTarget: targetView(state, d) };
    },
    BatchGetDeploymentTargets(input) {
      const d = startedDeployment(state, input?.deploymentId);
      const ids = input.targetIds;
      if (!Array.isArray(ids) || ids.length === 0)
        throw required('DeploymentTargetIdRequiredException', 'A deployment target ID');
      if (ids.length > 1) {
        fail(
          'DeploymentTargetListSizeExceededException',
          'For ECS deployments, BatchGetDeploymentTargets accepts one target ID.',
        );
      }
      checkTargetId(d, ids[0]);
      return { deploymentTargets: [targetView(state, d)] };
    },
    PutLifecycleEventHookExecutionStatus(input) {
      const d = findDeployment(state, input?.deploymentId);
      const id = input.lifecycleEventHookExecutionId;
      const hook = id ? state.codedeploy.hooks.get(id) : undefined;
      if (!hook || hook.deploymentId !== d.deploymentId) {
        fail(
          'InvalidLifecycleEventHookExecutionIdException',
          `The lifecycle event hook execution ID ${String(id)} is not valid.`,
        );
      }
      if (input.status !== 'Succeeded' && input.status !== 'Failed') {
        fail(
          'InvalidLifecycleEventHookExecutionStatusException',
          `The status ${String(input.status)} is not valid: use Succeeded or Failed.`,
        );
      }
      if (hook.status !== 'Pending' || isTerminal(d)) {
        fail(
          'LifecycleEventAlreadyCompletedException',
          `The lifecycle event ${hook.lifecycleEventName} has already completed.`,
        );
      }
      hook.status = input.status;
      driver.advanceAll();
      return { lifecycleEventHookExecutionId: hook.lifecycleEventHookExecutionId };
    },
    GetApplicationRevision(input) {
      const app = findApplication(state, input?.applicationName);
      const revision = input.revision;
      if (!revision) fail('RevisionRequiredException', 'The revision ID was not specified.');
      const sha = revision.appSpecContent?.sha256 ?? revision.string?.sha256;
      const stored = sha
        ? state.codedeploy.revisions.get(`${app.applicationName}/${sha}`)
        : undefined;
      if (!stored)
        fail(
          'RevisionDoesNotExistException',
          'The named revision does not exist with the user or AWS account.',
        );
      const body = { content: stored.content, sha256: stored.sha256 };
      return {
        applicationName: app.applicationName,
        revision:
          revision.revisionType === 'String'
            ? { revisionType: 'String', string: body }
            : { revisionType: 'AppSpecContent', appSpecContent: body },
        revisionInfo: {
          ...(stored.description ? { description: stored.description } : {}),
          deploymentGroups: stored.deploymentGroups,
          ...(stored.firstUsedTime !== undefined
            ? { firstUsedTime: new Date(stored.firstUsedTime) }
            : {}),
          ...(stored.lastUsedTime !== undefined
            ? { lastUsedTime: new Date(stored.lastUsedTime) }
            : {}),
          registerTime: new Date(stored.registerTime),
        },
      };
    },
    RegisterApplicationRevision(input, ctx) {
      const app = findApplication(state, input?.applicationName);
      const revision = readRevision(input.revision);
      registerRevision(
        state,
        app.applicationName,
        revision.content,
        revision.sha256,
        ctx.now().getTime(),
      );
      const stored = state.codedeploy.revisions.get(`${app.applicationName}/${revision.sha256}`);
      if (stored && input.description) stored.description = input.description;
      return {};
    },
    ListApplicationRevisions(input) {
      const app = findApplication(state, input?.applicationName);
      const revisions = [...state.codedeploy.revisions.values()]
        .filter((r) => r.applicationName === app.applicationName)
        .map((r) => revisionLocation(r.revisionType, r.sha256));
      return { revisions };
    },
  };
}
