// CodeDeploy applications, custom deployment configs (one drives a real linear deployment),
// BatchGetDeployments, and an alarm CloudWatch does not know, through the real SDK client.
import {
  BatchGetApplicationsCommand,
  BatchGetDeploymentsCommand,
  CreateApplicationCommand,
  CreateDeploymentCommand,
  CreateDeploymentConfigCommand,
  DeleteApplicationCommand,
  DeleteDeploymentConfigCommand,
  GetApplicationCommand,
  GetDeploymentCommand,
  GetDeploymentConfigCommand,
  ListApplicationsCommand,
  ListDeploymentConfigsCommand,
  ListDeploymentsCommand,
  StopDeploymentCommand,
  type CreateDeploymentCommandInput,
  type DeploymentInfo,
} from '@aws-sdk/client-codedeploy';
import { RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import {
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appSpec, caught, startHarness, type Harness } from './harness.js';

let h: Harness;
const SECOND = 1000;
const MINUTE = 60 * SECOND;

beforeAll(async () => {
  h = await startHarness({ speed: 0 });
});
afterAll(async () => {
  await h.emulator.stop();
});

async function revision(): Promise<string> {
  const out = await h.ecs.send(
    new RegisterTaskDefinitionCommand({
      family: 'web',
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      cpu: '256',
      memory: '512',
      containerDefinitions: [
        { name: 'web', image: 'web:next', portMappings: [{ containerPort: 8080 }] },
      ],
    }),
  );
  return out.taskDefinition!.taskDefinitionArn!;
}

async function deploy(
  env: 'staging' | 'production',
  extra: Partial<CreateDeploymentCommandInput> = {},
): Promise<string> {
  const out = await h.codedeploy.send(
    new CreateDeploymentCommand({
      applicationName: `AppECS-${env}-web`,
      deploymentGroupName: `DgpECS-${env}-web`,
      revision: {
        revisionType: 'AppSpecContent',
        appSpecContent: { content: appSpec(await revision()) },
      },
      ...extra,
    }),
  );
  return out.deploymentId!;
}

const info = async (id: string): Promise<DeploymentInfo> =>
  (await h.codedeploy.send(new GetDeploymentCommand({ deploymentId: id }))).deploymentInfo!;

/** Weight of the green target group on the production listener of `lb`. */
async function greenWeight(lb: string): Promise<number> {
  const lbs = await h.elbv2.send(new DescribeLoadBalancersCommand({ Names: [lb] }));
  const out = await h.elbv2.send(
    new DescribeListenersCommand({ LoadBalancerArn: lbs.LoadBalancers![0]!.LoadBalancerArn }),
  );
  const prod = out.Listeners!.find((l) => l.Port === 80)!;
  const green = prod.DefaultActions![0]!.ForwardConfig!.TargetGroups!.find((t) =>
    t.TargetGroupArn!.includes(`/${lb}-green/`),
  );
  return green?.Weight ?? 0;
}

describe('CodeDeploy applications', () => {
  it('Create/Get/BatchGet/List/Delete with the AWS errors', async () => {
    const created = await h.codedeploy.send(
      new CreateApplicationCommand({ applicationName: 'AppECS-extra', computePlatform: 'ECS' }),
    );
    expect(created.applicationId).toMatch(/^[0-9a-f-]{36}$/);
    const got = await h.codedeploy.send(
      new GetApplicationCommand({ applicationName: 'AppECS-extra' }),
    );
    expect(got.application).toMatchObject({
      applicationId: created.applicationId,
      applicationName: 'AppECS-extra',
      computePlatform: 'ECS',
      linkedToGitHub: false,
    });
    expect(got.application!.createTime).toBeInstanceOf(Date);

    const again = await caught(
      h.codedeploy.send(new CreateApplicationCommand({ applicationName: 'AppECS-extra' })),
    );
    expect(again.name).toBe('ApplicationAlreadyExistsException');
    expect(again.message).toBe(
      'The application AppECS-extra already exists with the user or AWS account.',
    );

    const batch = await h.codedeploy.send(
      new BatchGetApplicationsCommand({
        applicationNames: ['AppECS-staging-web', 'AppECS-extra'],
      }),
    );
    expect(batch.applicationsInfo!.map((a) => a.applicationName)).toEqual([
      'AppECS-staging-web',
      'AppECS-extra',
    ]);
    const batchMissing = await caught(
      h.codedeploy.send(new BatchGetApplicationsCommand({ applicationNames: ['nope'] })),
    );
    expect(batchMissing.name).toBe('ApplicationDoesNotExistException');

    const list = await h.codedeploy.send(new ListApplicationsCommand({}));
    expect(list.applications).toEqual([
      'AppECS-extra',
      'AppECS-production-web',
      'AppECS-staging-web',
    ]);

    await h.codedeploy.send(new DeleteApplicationCommand({ applicationName: 'AppECS-extra' }));
    const gone = await caught(
      h.codedeploy.send(new GetApplicationCommand({ applicationName: 'AppECS-extra' })),
    );
    expect(gone.name).toBe('ApplicationDoesNotExistException');
    expect(gone.message).toBe(
      'The application AppECS-extra does not exist with the user or AWS account.',
    );
    const unnamed = await caught(
      h.codedeploy.send(new GetApplicationCommand({ applicationName: '' })),
    );
    expect(unnamed.name).toBe('ApplicationNameRequiredException');
  });
});

describe('custom deployment configs', () => {
  it('a custom linear config shifts 50 % every 2 minutes', async () => {
    await h.codedeploy.send(
      new CreateDeploymentConfigCommand({
        deploymentConfigName: 'Linear50PercentEvery2Minutes',
        computePlatform: 'ECS',
        trafficRoutingConfig: {
          type: 'TimeBasedLinear',
          timeBasedLinear: { linearPercentage: 50, linearInterval: 2 },
        },
      }),
    );
    const config = await h.codedeploy.send(
      new GetDeploymentConfigCommand({ deploymentConfigName: 'Linear50PercentEvery2Minutes' }),
    );
    expect(config.deploymentConfigInfo).toMatchObject({
      deploymentConfigName: 'Linear50PercentEvery2Minutes',
      computePlatform: 'ECS',
      trafficRoutingConfig: {
        type: 'TimeBasedLinear',
        timeBasedLinear: { linearPercentage: 50, linearInterval: 2 },
      },
    });
    const list = await h.codedeploy.send(new ListDeploymentConfigsCommand({}));
    expect(list.deploymentConfigsList).toContain('Linear50PercentEvery2Minutes');
    expect(list.deploymentConfigsList).toContain('CodeDeployDefault.ECSCanary10Percent5Minutes');

    const id = await deploy('staging', { deploymentConfigName: 'Linear50PercentEvery2Minutes' });
    expect((await info(id)).deploymentConfigName).toBe('Linear50PercentEvery2Minutes');
    // Virtual time in 10 s steps; note when the green weight changes.
    const changes: [number, number][] = [];
    let last = await greenWeight('staging-web');
    for (let t = 0; t <= 10 * MINUTE && (await info(id)).status !== 'Succeeded'; t += 10 * SECOND) {
      const weight = await greenWeight('staging-web');
      if (weight !== last) changes.push([t, (last = weight)]);
      await h.advance(10 * SECOND);
    }
    expect(changes.map(([, w]) => w)).toEqual([50, 100]);
    expect(changes[1]![0] - changes[0]![0]).toBe(2 * MINUTE);
    expect((await info(id)).status).toBe('Succeeded');
  });

  it('refuses bad routing, duplicate and predefined names; deletes custom ones', async () => {
    const zero = await caught(
      h.codedeploy.send(
        new CreateDeploymentConfigCommand({
          deploymentConfigName: 'Canary0',
          computePlatform: 'ECS',
          trafficRoutingConfig: {
            type: 'TimeBasedCanary',
            timeBasedCanary: { canaryPercentage: 0, canaryInterval: 5 },
          },
        }),
      ),
    );
    expect(zero.name).toBe('InvalidTrafficRoutingConfigurationException');
    expect(zero.message).toBe('canaryPercentage must be an integer between 1 and 99.');
    const dup = await caught(
      h.codedeploy.send(
        new CreateDeploymentConfigCommand({
          deploymentConfigName: 'Linear50PercentEvery2Minutes',
          computePlatform: 'ECS',
          trafficRoutingConfig: { type: 'AllAtOnce' },
        }),
      ),
    );
    expect(dup.name).toBe('DeploymentConfigAlreadyExistsException');
    const predefined = await caught(
      h.codedeploy.send(
        new DeleteDeploymentConfigCommand({
          deploymentConfigName: 'CodeDeployDefault.ECSAllAtOnce',
        }),
      ),
    );
    expect(predefined.name).toBe('InvalidOperationException');

    await h.codedeploy.send(
      new DeleteDeploymentConfigCommand({ deploymentConfigName: 'Linear50PercentEvery2Minutes' }),
    );
    const list = await h.codedeploy.send(new ListDeploymentConfigsCommand({}));
    expect(list.deploymentConfigsList).not.toContain('Linear50PercentEvery2Minutes');
    const gone = await caught(
      h.codedeploy.send(
        new GetDeploymentConfigCommand({ deploymentConfigName: 'Linear50PercentEvery2Minutes' }),
      ),
    );
    expect(gone.name).toBe('DeploymentConfigDoesNotExistException');
    expect(gone.message).toBe(
      'The deployment configuration Linear50PercentEvery2Minutes does not exist with the user or AWS account.',
    );
  });
});

describe('BatchGetDeployments', () => {
  it('returns the known deployments in the order asked and drops unknown ids', async () => {
    const listed = await h.codedeploy.send(
      new ListDeploymentsCommand({
        applicationName: 'AppECS-staging-web',
        deploymentGroupName: 'DgpECS-staging-web',
      }),
    );
    const ids = listed.deployments!;
    expect(ids.length).toBeGreaterThan(0);
    const out = await h.codedeploy.send(
      new BatchGetDeploymentsCommand({ deploymentIds: ['d-UNKNOWN00', ...ids.reverse()] }),
    );
    expect(out.deploymentsInfo!.map((d) => d.deploymentId)).toEqual(ids);
    expect(out.deploymentsInfo![0]).toMatchObject({
      applicationName: expect.any(String),
      status: expect.any(String),
    });
    const empty = await caught(
      h.codedeploy.send(new BatchGetDeploymentsCommand({ deploymentIds: [] })),
    );
    expect(empty.name).toBe('DeploymentIdRequiredException');
    expect(empty.message).toBe('At least one deployment ID is required.');
  });
});

describe('alarms CloudWatch does not know', () => {
  it('stop the deployment (state cannot be polled) unless ignorePollAlarmFailure', async () => {
    const id = await deploy('production', {
      overrideAlarmConfiguration: { enabled: true, alarms: [{ name: 'no-such-alarm' }] },
    });
    await h.advance(10 * SECOND);
    const stopped = await info(id);
    expect(stopped.status).toBe('Stopped');
    expect(stopped.errorInformation).toEqual({
      code: 'ALARM_ACTIVE',
      message:
        'The deployment was stopped because the state of alarm <no-such-alarm> could not be retrieved from Amazon CloudWatch (no such alarm). Create the alarm, or set ignorePollAlarmFailure to continue without it.',
    });
    expect(stopped.rollbackInfo?.rollbackDeploymentId).toBeDefined();
    await h.advance(MINUTE); // the rollback deployment frees the group

    const ignored = await deploy('production', {
      overrideAlarmConfiguration: {
        enabled: true,
        ignorePollAlarmFailure: true,
        alarms: [{ name: 'no-such-alarm' }],
      },
    });
    await h.advance(10 * SECOND);
    expect((await info(ignored)).status).toBe('InProgress');
    await h.codedeploy.send(new StopDeploymentCommand({ deploymentId: ignored }));
  });
});
