import {
  GetDeploymentGroupCommand,
  ListApplicationsCommand,
  ListDeploymentGroupsCommand,
  type CodeDeployClient,
  type DeploymentGroupInfo,
} from '@aws-sdk/client-codedeploy';
import { ActionError } from '../errors/action-error.js';
import { errorName } from '../errors/aws-errors.js';

export interface DeploymentGroupRef {
  applicationName: string;
  deploymentGroupName: string;
}

/** The names the ECS console gives a service's CodeDeploy application and group (spec E.3). */
export function defaultGroupRef(cluster: string, service: string): DeploymentGroupRef {
  return {
    applicationName: `AppECS-${cluster}-${service}`,
    deploymentGroupName: `DgpECS-${cluster}-${service}`,
  };
}

/** Reads the deployment group; when the application or group is missing, says which ones exist. */
export async function resolveDeploymentGroup(
  codedeploy: CodeDeployClient,
  ref: DeploymentGroupRef,
): Promise<DeploymentGroupInfo> {
  try {
    const out = await codedeploy.send(new GetDeploymentGroupCommand(ref));
    if (!out.deploymentGroupInfo)
      throw new Error('GetDeploymentGroup returned no deploymentGroupInfo');
    return out.deploymentGroupInfo;
  } catch (error) {
    const name = errorName(error);
    if (name === 'ApplicationDoesNotExistException') {
      const apps = await codedeploy.send(new ListApplicationsCommand({})).then(
        (o) => o.applications ?? [],
        () => [],
      );
      throw new ActionError(
        `CodeDeploy application "${ref.applicationName}" does not exist; applications: ${listed(apps)}.`,
        'Set `codedeploy-application` to one of them.',
      );
    }
    if (name === 'DeploymentGroupDoesNotExistException') {
      const groups = await codedeploy
        .send(new ListDeploymentGroupsCommand({ applicationName: ref.applicationName }))
        .then(
          (o) => o.deploymentGroups ?? [],
          () => [],
        );
      throw new ActionError(
        `CodeDeploy deployment group "${ref.deploymentGroupName}" does not exist in application "${ref.applicationName}"; groups: ${listed(groups)}.`,
        'Set `codedeploy-deployment-group` to one of them.',
      );
    }
    throw error;
  }
}

/** Why the Ready gate cannot run with this group, or nothing: it needs a Ready wait and a test listener. */
export function gateProblems(group: DeploymentGroupInfo): string[] {
  const problems: string[] = [];
  const ready = group.blueGreenDeploymentConfiguration?.deploymentReadyOption;
  if (ready?.actionOnTimeout !== 'STOP_DEPLOYMENT') {
    problems.push(
      `Deployment group "${group.deploymentGroupName}" does not wait in Ready (deploymentReadyOption.actionOnTimeout is ${ready?.actionOnTimeout ?? 'unset'}), so test-checks/test-command would never gate traffic; set actionOnTimeout to STOP_DEPLOYMENT with a waitTimeInMinutes, or remove the test inputs.`,
    );
  }
  const test =
    group.loadBalancerInfo?.targetGroupPairInfoList?.[0]?.testTrafficRoute?.listenerArns ?? [];
  if (test.length === 0) {
    problems.push(
      `Deployment group "${group.deploymentGroupName}" has no test listener (testTrafficRoute), so nothing reaches the replacement before production; add one, or remove the test inputs.`,
    );
  }
  return problems;
}

/** Whether the service's group is the one named in inputs: a service belongs to one group (spec A.4). */
export function groupServesService(
  group: DeploymentGroupInfo,
  cluster: string,
  service: string,
): boolean {
  const services = group.ecsServices ?? [];
  if (services.length === 0) return true;
  return services.some(
    (s) =>
      s.serviceName === service &&
      (s.clusterName === cluster || s.clusterName?.endsWith(`/${cluster}`)),
  );
}

function listed(names: string[]): string {
  return names.length ? names.join(', ') : '(none)';
}
