import {
  DescribeServiceDeploymentsCommand,
  DescribeServiceRevisionsCommand,
  ECSClient,
  ListServiceDeploymentsCommand,
} from '@aws-sdk/client-ecs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { pickPreviousRevision, previousRevision } from './previous-revision.js';

const TD = (n: number) => `arn:aws:ecs:us-east-1:123456789012:task-definition/web:${n}`;
const REV = (n: number) => `arn:aws:ecs:us-east-1:123456789012:service-revision/prod/web/${n}`;
const DEP = (n: number) => `arn:aws:ecs:us-east-1:123456789012:service-deployment/prod/web/d${n}`;

describe('pickPreviousRevision', () => {
  it.each([
    ['the source of the newest successful deployment', TD(3), [[DEP(3), [TD(2)]]], TD(2), DEP(3)],
    [
      'past a deployment that replaced the same revision (a redeploy)',
      TD(3),
      [
        [DEP(4), [TD(3)]],
        [DEP(3), [TD(2)]],
      ],
      TD(2),
      DEP(3),
    ],
    ['nothing when no deployment replaced anything', TD(1), [[DEP(1), []]], undefined, undefined],
    ['nothing without successful deployments', TD(1), [], undefined, undefined],
  ] as const)('%s', (_what, current, deployments, taskDefinition, replacedBy) => {
    const picked = pickPreviousRevision(
      current,
      deployments.map(([arn, sourceTaskDefinitions]) => ({
        arn,
        sourceTaskDefinitions: [...sourceTaskDefinitions],
      })),
    );
    expect(picked).toEqual(taskDefinition ? { taskDefinition, replacedBy } : undefined);
  });
});

describe('previousRevision', () => {
  const ecs = mockClient(ECSClient);
  beforeEach(() => ecs.reset());
  const ref = { ecs: ecs as unknown as ECSClient, cluster: 'prod', service: 'web' };

  it('reads the newest successful deployments and their source revisions', async () => {
    ecs.on(ListServiceDeploymentsCommand).resolves({
      serviceDeployments: [
        { serviceDeploymentArn: DEP(1), createdAt: new Date(1000) },
        { serviceDeploymentArn: DEP(2), createdAt: new Date(2000) },
      ],
    });
    ecs.on(DescribeServiceDeploymentsCommand).resolves({
      serviceDeployments: [
        { serviceDeploymentArn: DEP(1), sourceServiceRevisions: [] },
        { serviceDeploymentArn: DEP(2), sourceServiceRevisions: [{ arn: REV(1) }] },
      ],
    });
    ecs.on(DescribeServiceRevisionsCommand).resolves({
      serviceRevisions: [{ serviceRevisionArn: REV(1), taskDefinition: TD(1) }],
    });
    await expect(previousRevision(ref, TD(2))).resolves.toEqual({
      taskDefinition: TD(1),
      replacedBy: DEP(2),
    });
    expect(ecs.commandCalls(ListServiceDeploymentsCommand)[0]!.args[0].input).toMatchObject({
      status: ['SUCCESSFUL'],
    });
    expect(
      ecs.commandCalls(DescribeServiceDeploymentsCommand)[0]!.args[0].input.serviceDeploymentArns,
    ).toEqual([DEP(2), DEP(1)]);
  });

  it('nothing to return to when the service never deployed successfully', async () => {
    ecs.on(ListServiceDeploymentsCommand).resolves({ serviceDeployments: [] });
    await expect(previousRevision(ref, TD(1))).resolves.toBeUndefined();
    expect(ecs.commandCalls(DescribeServiceDeploymentsCommand)).toHaveLength(0);
  });
});
