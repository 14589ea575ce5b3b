// Retiring CodeDeploy once a service has moved to ECS-native blue/green (docs/guide.md):
// DeleteDeploymentGroup and DeleteApplication through the real SDK client, with the errors and
// idempotence the CodeDeploy model gives them, and the ECS service left untouched.
import {
  CreateDeploymentCommand,
  DeleteApplicationCommand,
  DeleteDeploymentGroupCommand,
  GetDeploymentGroupCommand,
  ListApplicationsCommand,
  ListDeploymentGroupsCommand,
} from '@aws-sdk/client-codedeploy';
import { DescribeServicesCommand } from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appSpec, caught, startHarness, type Harness } from './harness.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ speed: 0 });
});
afterAll(async () => {
  await h.emulator.stop();
});

const TD = 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:1';

describe('retiring a CodeDeploy application', () => {
  it('DeleteDeploymentGroup removes the group, again is no error, and the service stays', async () => {
    const names = {
      applicationName: 'AppECS-staging-web',
      deploymentGroupName: 'DgpECS-staging-web',
    };
    const out = await h.codedeploy.send(new DeleteDeploymentGroupCommand(names));
    expect(out.hooksNotCleanedUp).toEqual([]);

    const gone = await caught(h.codedeploy.send(new GetDeploymentGroupCommand(names)));
    expect(gone.name).toBe('DeploymentGroupDoesNotExistException');
    const listed = await h.codedeploy.send(
      new ListDeploymentGroupsCommand({ applicationName: 'AppECS-staging-web' }),
    );
    expect(listed.deploymentGroups).toEqual([]);
    const deploy = await caught(
      h.codedeploy.send(
        new CreateDeploymentCommand({
          ...names,
          revision: {
            revisionType: 'AppSpecContent',
            appSpecContent: { content: appSpec(TD) },
          },
        }),
      ),
    );
    expect(deploy.name).toBe('DeploymentGroupDoesNotExistException');

    // The model lists no "does not exist" error for DeleteDeploymentGroup.
    const again = await h.codedeploy.send(new DeleteDeploymentGroupCommand(names));
    expect(again.hooksNotCleanedUp).toEqual([]);

    const unnamed = await caught(
      h.codedeploy.send(
        new DeleteDeploymentGroupCommand({ applicationName: 'AppECS-staging-web' } as never),
      ),
    );
    expect(unnamed.name).toBe('DeploymentGroupNameRequiredException');

    const service = await h.ecs.send(
      new DescribeServicesCommand({ cluster: 'staging', services: ['web'] }),
    );
    expect(service.services![0]).toMatchObject({
      status: 'ACTIVE',
      deploymentController: { type: 'CODE_DEPLOY' },
    });
  });

  it('DeleteApplication removes the application with its groups; a missing one is no error', async () => {
    await h.codedeploy.send(
      new DeleteApplicationCommand({ applicationName: 'AppECS-production-web' }),
    );
    const apps = await h.codedeploy.send(new ListApplicationsCommand({}));
    expect(apps.applications).not.toContain('AppECS-production-web');
    const group = await caught(
      h.codedeploy.send(
        new GetDeploymentGroupCommand({
          applicationName: 'AppECS-production-web',
          deploymentGroupName: 'DgpECS-production-web',
        }),
      ),
    );
    expect(group.name).toBe('ApplicationDoesNotExistException');
    await h.codedeploy.send(
      new DeleteApplicationCommand({ applicationName: 'AppECS-production-web' }),
    );

    const unnamed = await caught(
      h.codedeploy.send(new DeleteApplicationCommand({ applicationName: '' })),
    );
    expect(unnamed.name).toBe('ApplicationNameRequiredException');
  });
});
