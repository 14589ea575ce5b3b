/** Deployment groups for ECS with the validation rules of spec A.4 (verbatim messages where known). */
import { randomUUID } from 'node:crypto';
import { AwsError, type Handler } from '../protocol/json-service.js';
import type { EmulatorState } from '../state.js';
import type { DeploymentGroup } from './resources.js';
import { findApplication } from './applications.js';
import { groupMissing, NAME_PATTERN, required } from './errors.js';
import { validateEcsGroup } from './group-validation.js';

export function groupKey(app: string, group: string): string {
  return `${app}/${group}`;
}

export function findGroup(state: EmulatorState, app: string, name: unknown): DeploymentGroup {
  if (!name) throw required('DeploymentGroupNameRequiredException', 'The deployment group name');
  const group = state.codedeploy.groups.get(groupKey(app, String(name)));
  if (!group) throw groupMissing(String(name));
  return group;
}

function fail(code: string, message: string): never {
  throw new AwsError(code, message);
}

export function createDeploymentGroup(state: EmulatorState, input: any): DeploymentGroup {
  const app = findApplication(state, input?.applicationName);
  const name = input.deploymentGroupName;
  if (!name) throw required('DeploymentGroupNameRequiredException', 'The deployment group name');
  if (!NAME_PATTERN.test(name))
    fail('InvalidDeploymentGroupNameException', `The deployment group name ${name} is not valid.`);
  if (state.codedeploy.groups.has(groupKey(app.applicationName, name))) {
    fail(
      'DeploymentGroupAlreadyExistsException',
      `The deployment group ${name} already exists with the user or AWS account.`,
    );
  }
  if (app.computePlatform !== 'ECS') {
    fail(
      'InvalidInputException',
      'This emulator supports deployment groups of ECS applications only.',
    );
  }
  const fields = validateEcsGroup(state, app.applicationName, input, name);
  const group: DeploymentGroup = {
    applicationName: app.applicationName,
    deploymentGroupId: randomUUID(),
    deploymentGroupName: name,
    tags: input.tags ?? [],
    ...fields,
  };
  state.codedeploy.groups.set(groupKey(app.applicationName, name), group);
  return group;
}

export function groupView(g: DeploymentGroup): Record<string, unknown> {
  const last = (l: DeploymentGroup['lastSuccessfulDeployment']) =>
    l && {
      deploymentId: l.deploymentId,
      status: l.status,
      ...(l.endTime !== undefined ? { endTime: new Date(l.endTime) } : {}),
      createTime: new Date(l.createTime),
    };
  return {
    applicationName: g.applicationName,
    deploymentGroupId: g.deploymentGroupId,
    deploymentGroupName: g.deploymentGroupName,
    deploymentConfigName: g.deploymentConfigName,
    ec2TagFilters: [],
    onPremisesInstanceTagFilters: [],
    autoScalingGroups: [],
    serviceRoleArn: g.serviceRoleArn,
    ...(g.targetRevision ? { targetRevision: g.targetRevision } : {}),
    triggerConfigurations: g.triggerConfigurations,
    alarmConfiguration: g.alarmConfiguration,
    autoRollbackConfiguration: g.autoRollbackConfiguration,
    deploymentStyle: g.deploymentStyle,
    outdatedInstancesStrategy: 'UPDATE',
    blueGreenDeploymentConfiguration: g.blueGreenDeploymentConfiguration,
    loadBalancerInfo: g.loadBalancerInfo,
    ...(g.lastSuccessfulDeployment
      ? { lastSuccessfulDeployment: last(g.lastSuccessfulDeployment) }
      : {}),
    ...(g.lastAttemptedDeployment
      ? { lastAttemptedDeployment: last(g.lastAttemptedDeployment) }
      : {}),
    computePlatform: 'ECS',
    ecsServices: g.ecsServices,
    terminationHookEnabled: false,
  };
}

export function groupHandlers(state: EmulatorState): Record<string, Handler> {
  const { groups } = state.codedeploy;
  return {
    CreateDeploymentGroup(input) {
      return { deploymentGroupId: createDeploymentGroup(state, input).deploymentGroupId };
    },
    GetDeploymentGroup(input) {
      const app = findApplication(state, input?.applicationName);
      return {
        deploymentGroupInfo: groupView(
          findGroup(state, app.applicationName, input.deploymentGroupName),
        ),
      };
    },
    BatchGetDeploymentGroups(input) {
      const app = findApplication(state, input?.applicationName);
      const names: string[] = input.deploymentGroupNames ?? [];
      if (names.length === 0)
        throw required('DeploymentGroupNameRequiredException', 'The deployment group name');
      const found = names.map((n) => groups.get(groupKey(app.applicationName, n)));
      const missing = names.filter((_, i) => !found[i]);
      return {
        deploymentGroupsInfo: found.filter((g) => g).map((g) => groupView(g!)),
        ...(missing.length
          ? { errorMessage: `Deployment groups not found: ${missing.join(', ')}` }
          : {}),
      };
    },
    ListDeploymentGroups(input) {
      const app = findApplication(state, input?.applicationName);
      return {
        applicationName: app.applicationName,
        deploymentGroups: [...groups.values()]
          .filter((g) => g.applicationName === app.applicationName)
          .map((g) => g.deploymentGroupName)
          .sort(),
      };
    },
    UpdateDeploymentGroup(input) {
      const app = findApplication(state, input?.applicationName);
      const current = findGroup(state, app.applicationName, input.currentDeploymentGroupName);
      const newName: string = input.newDeploymentGroupName ?? current.deploymentGroupName;
      if (
        newName !== current.deploymentGroupName &&
        groups.has(groupKey(app.applicationName, newName))
      ) {
        fail(
          'DeploymentGroupAlreadyExistsException',
          `The deployment group ${newName} already exists with the user or AWS account.`,
        );
      }
      const merged = { ...groupView(current), ...stripUndefined(input) };
      const fields = validateEcsGroup(
        state,
        app.applicationName,
        merged,
        current.deploymentGroupName,
      );
      groups.delete(groupKey(app.applicationName, current.deploymentGroupName));
      const updated: DeploymentGroup = { ...current, ...fields, deploymentGroupName: newName };
      groups.set(groupKey(app.applicationName, newName), updated);
      return { hooksNotCleanedUp: [] };
    },
    DeleteDeploymentGroup(input) {
      const app = findApplication(state, input?.applicationName);
      if (!input.deploymentGroupName)
        throw required('DeploymentGroupNameRequiredException', 'The deployment group name');
      groups.delete(groupKey(app.applicationName, input.deploymentGroupName));
      return { hooksNotCleanedUp: [] };
    },
  };
}

function stripUndefined(input: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined && v !== null));
}
