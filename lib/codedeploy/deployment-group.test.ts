import {
  CodeDeployClient,
  GetDeploymentGroupCommand,
  ListApplicationsCommand,
  ListDeploymentGroupsCommand,
} from '@aws-sdk/client-codedeploy';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { isActionError, type ActionError } from '../errors/action-error.js';
import { resolveDeploymentGroup } from './deployment-group.js';
import { awsError } from './testing/fake-codedeploy.js';

const codedeploy = mockClient(CodeDeployClient);
const client = codedeploy as unknown as CodeDeployClient;
const ref = { applicationName: 'AppECS-staging-web', deploymentGroupName: 'DgpECS-staging-web' };

beforeEach(() => codedeploy.reset());

async function failure(): Promise<Error> {
  const error = await resolveDeploymentGroup(client, ref).then(
    () => undefined,
    (e: unknown) => e as Error,
  );
  if (!error) throw new Error('resolveDeploymentGroup did not fail');
  return error;
}

describe('resolveDeploymentGroup', () => {
  it('returns the group', async () => {
    codedeploy
      .on(GetDeploymentGroupCommand, ref)
      .resolves({ deploymentGroupInfo: { ...ref, deploymentConfigName: 'X' } });
    expect(await resolveDeploymentGroup(client, ref)).toMatchObject({ deploymentConfigName: 'X' });
  });

  it('a missing application lists the applications that exist and names the input', async () => {
    codedeploy.on(GetDeploymentGroupCommand).rejects(awsError('ApplicationDoesNotExistException'));
    codedeploy.on(ListApplicationsCommand).resolves({ applications: ['AppECS-prod-web', 'shop'] });
    const error = await failure();
    expect(isActionError(error)).toBe(true);
    expect(error.message).toBe(
      'CodeDeploy application "AppECS-staging-web" does not exist; applications: AppECS-prod-web, shop.',
    );
    expect((error as ActionError).hint).toBe('Set `codedeploy-application` to one of them.');
  });

  it('a missing group lists the groups of the application', async () => {
    codedeploy
      .on(GetDeploymentGroupCommand)
      .rejects(awsError('DeploymentGroupDoesNotExistException'));
    codedeploy
      .on(ListDeploymentGroupsCommand, { applicationName: 'AppECS-staging-web' })
      .resolves({ deploymentGroups: ['web-blue-green'] });
    const error = await failure();
    expect(isActionError(error)).toBe(true);
    expect(error.message).toBe(
      'CodeDeploy deployment group "DgpECS-staging-web" does not exist in application "AppECS-staging-web"; groups: web-blue-green.',
    );
  });

  it('says "(none)" when there is nothing to list, or listing is not allowed', async () => {
    codedeploy.on(GetDeploymentGroupCommand).rejects(awsError('ApplicationDoesNotExistException'));
    codedeploy.on(ListApplicationsCommand).rejects(awsError('AccessDeniedException'));
    expect((await failure()).message).toBe(
      'CodeDeploy application "AppECS-staging-web" does not exist; applications: (none).',
    );
    codedeploy.reset();
    codedeploy
      .on(GetDeploymentGroupCommand)
      .rejects(awsError('DeploymentGroupDoesNotExistException'));
    codedeploy.on(ListDeploymentGroupsCommand).resolves({ deploymentGroups: [] });
    expect((await failure()).message).toMatch(/; groups: \(none\)\.$/);
  });

  it('other errors pass through unchanged', async () => {
    const denied = awsError('AccessDeniedException', 'not authorized');
    codedeploy.on(GetDeploymentGroupCommand).rejects(denied);
    expect(await failure()).toBe(denied);
  });
});
