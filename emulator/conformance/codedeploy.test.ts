import {
  BatchGetDeploymentTargetsCommand,
  ContinueDeploymentCommand,
  CreateDeploymentCommand,
  CreateDeploymentGroupCommand,
  DeploymentLimitExceededException,
  DeploymentNotStartedException,
  GetApplicationRevisionCommand,
  GetDeploymentCommand,
  GetDeploymentGroupCommand,
  GetDeploymentTargetCommand,
  ListDeploymentTargetsCommand,
  ListDeploymentsCommand,
  PutLifecycleEventHookExecutionStatusCommand,
  StopDeploymentCommand,
  waitUntilDeploymentSuccessful,
  type DeploymentInfo,
} from '@aws-sdk/client-codedeploy';
import {
  DescribeServicesCommand,
  DescribeTasksCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
} from '@aws-sdk/client-ecs';
import {
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appSpec, caught, eventually, startHarness, type Harness } from './harness.js';

let h: Harness;
const MINUTE = 60_000;

beforeAll(async () => {
  h = await startHarness();
  // Frozen clock: every step below moves virtual time explicitly, so nothing races.
  await h.control('POST', 'clock', { speed: 0 });
});
afterAll(async () => {
  await h.emulator.stop();
});

async function newRevision(image: string): Promise<string> {
  const out = await h.ecs.send(
    new RegisterTaskDefinitionCommand({
      family: 'web',
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      cpu: '256',
      memory: '512',
      containerDefinitions: [{ name: 'web', image, portMappings: [{ containerPort: 8080 }] }],
    }),
  );
  return out.taskDefinition!.taskDefinitionArn!;
}

const env = (name: 'staging' | 'production') => ({
  applicationName: `AppECS-${name}-web`,
  deploymentGroupName: `DgpECS-${name}-web`,
});

async function deploy(name: 'staging' | 'production', content: string): Promise<string> {
  const out = await h.codedeploy.send(
    new CreateDeploymentCommand({
      ...env(name),
      revision: { revisionType: 'AppSpecContent', appSpecContent: { content } },
    }),
  );
  return out.deploymentId!;
}

const info = async (id: string): Promise<DeploymentInfo> =>
  (await h.codedeploy.send(new GetDeploymentCommand({ deploymentId: id }))).deploymentInfo!;

const target = async (id: string, cluster: string) =>
  (
    await h.codedeploy.send(
      new GetDeploymentTargetCommand({ deploymentId: id, targetId: `${cluster}:web` }),
    )
  ).deploymentTarget!.ecsTarget!;

async function listenerWeights(lbName: string): Promise<Record<number, Record<string, number>>> {
  const lbs = await h.elbv2.send(new DescribeLoadBalancersCommand({ Names: [lbName] }));
  const out = await h.elbv2.send(
    new DescribeListenersCommand({ LoadBalancerArn: lbs.LoadBalancers![0]!.LoadBalancerArn }),
  );
  return Object.fromEntries(
    out.Listeners!.map((l) => [
      l.Port!,
      Object.fromEntries(
        l.DefaultActions![0]!.ForwardConfig!.TargetGroups!.map((t) => [
          t.TargetGroupArn!.split('/')[1]!,
          t.Weight!,
        ]),
      ),
    ]),
  );
}

/** Moves virtual time in small steps until the deployment reaches `status`. */
async function runUntil(
  id: string,
  done: (d: DeploymentInfo) => boolean,
  stepMs = 15_000,
  max = 400,
): Promise<DeploymentInfo> {
  for (let i = 0; i < max; i++) {
    const d = await info(id);
    if (done(d)) return d;
    await h.advance(stepMs);
  }
  throw new Error(`deployment ${id} stuck at ${(await info(id)).status}`);
}

describe('CodeDeploy ECS deployments: one at a time, in order, to success', () => {
  it('staging: one active deployment per group, lifecycle in order, termination wait, success', async () => {
    const td = await newRevision('123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.1.0');
    const id = await deploy('staging', appSpec(td));
    expect(id).toMatch(/^d-[A-Z0-9]{9}$/);
    expect((await info(id)).status).toBe('Created');
    const early = await caught(
      h.codedeploy.send(new ListDeploymentTargetsCommand({ deploymentId: id })),
    );
    expect(early).toBeInstanceOf(DeploymentNotStartedException);
    const limit = await caught(deploy('staging', appSpec(td)));
    expect(limit).toBeInstanceOf(DeploymentLimitExceededException);
    expect(limit.message).toBe(
      `The Deployment Group 'DgpECS-staging-web' already has an active Deployment '${id}'`,
    );

    await runUntil(id, (d) => d.status === 'InProgress');
    const targets = await h.codedeploy.send(new ListDeploymentTargetsCommand({ deploymentId: id }));
    expect(targets.targetIds).toEqual(['staging:web']);
    // Termination wait: the target has Succeeded, the deployment is still InProgress and still blocks.
    await eventually(
      async () => {
        await h.advance(15_000);
        return target(id, 'staging');
      },
      (t) => t.status === 'Succeeded',
    );
    const waiting = await target(id, 'staging');
    expect((await info(id)).status).toBe('InProgress');
    expect(waiting.lifecycleEvents!.map((e) => [e.lifecycleEventName, e.status])).toEqual(
      [
        'BeforeInstall',
        'Install',
        'AfterInstall',
        'AllowTestTraffic',
        'AfterAllowTestTraffic',
        'BeforeAllowTraffic',
        'AllowTraffic',
        'AfterAllowTraffic',
      ].map((n) => [n, 'Succeeded']),
    );
    const sets = Object.fromEntries(waiting.taskSetsInfo!.map((t) => [t.taskSetLabel!, t]));
    expect(sets.Blue).toMatchObject({
      status: 'ACTIVE',
      trafficWeight: 0,
      targetGroup: { name: 'staging-web-blue' },
    });
    expect(sets.Green).toMatchObject({
      status: 'PRIMARY',
      trafficWeight: 100,
      targetGroup: { name: 'staging-web-green' },
    });
    expect(sets.Green!.identifer).toMatch(/^ecs-svc\/\d{19}$/);
    const service = (
      await h.ecs.send(new DescribeServicesCommand({ cluster: 'staging', services: ['web'] }))
    ).services![0]!;
    expect(service.taskDefinition).toBe(td);
    expect(service.taskSets!.find((t) => t.id === sets.Green!.identifer)).toMatchObject({
      externalId: id,
      startedBy: 'CODE_DEPLOY',
    });

    await h.advance(5 * MINUTE);
    const done = await info(id);
    expect(done.status).toBe('Succeeded');
    expect(done.completeTime).toBeInstanceOf(Date);
    expect(done.revision?.appSpecContent?.content).toBeUndefined();
    expect(await listenerWeights('staging-web')).toEqual({
      80: { 'staging-web-green': 100 },
      8443: { 'staging-web-green': 100 },
    });
    const after = (
      await h.ecs.send(new DescribeServicesCommand({ cluster: 'staging', services: ['web'] }))
    ).services![0]!;
    await h.advance(15_000);
    expect(after.taskSets!.filter((t) => t.status !== 'DRAINING')).toHaveLength(1);

    const group = await h.codedeploy.send(new GetDeploymentGroupCommand(env('staging')));
    expect(group.deploymentGroupInfo?.lastSuccessfulDeployment?.deploymentId).toBe(id);
    const revision = await h.codedeploy.send(
      new GetApplicationRevisionCommand({
        applicationName: 'AppECS-staging-web',
        revision: done.revision!,
      }),
    );
    expect(
      JSON.parse(revision.revision!.appSpecContent!.content!).Resources[0].TargetService.Properties
        .TaskDefinition,
    ).toBe(td);
  });

  it('waitUntilDeploymentSuccessful succeeds; the next deployment has previousRevision and the other target group', async () => {
    await h.control('POST', 'clock', { speed: 6000 });
    const td = await newRevision('web:1.2.0');
    const id = await deploy('staging', appSpec(td));
    const result = await waitUntilDeploymentSuccessful(
      { client: h.codedeploy, maxWaitTime: 30, minDelay: 1, maxDelay: 1 },
      { deploymentId: id },
    );
    expect(result.state).toBe('SUCCESS');
    await h.control('POST', 'clock', { speed: 0 });
    const d = await info(id);
    expect(d.previousRevision?.appSpecContent?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(await listenerWeights('staging-web')).toEqual({
      80: { 'staging-web-blue': 100 },
      8443: { 'staging-web-blue': 100 },
    });
  });
});

describe('CodeDeploy ECS deployments: waits, stops and bad revisions', () => {
  it('production: Ready wait, ContinueDeployment, canary weights mid-shift, TERMINATION_WAIT', async () => {
    const td = await newRevision('web:2.0.0');
    const id = await deploy('production', appSpec(td));
    const ready = await runUntil(id, (d) => d.status === 'Ready');
    expect(ready.deploymentOverview?.Ready).toBe(1);
    expect(await listenerWeights('production-web')).toEqual({
      80: { 'production-web-blue': 100 },
      8443: { 'production-web-green': 100 },
    });
    const notReady = await caught(
      h.codedeploy.send(
        new ContinueDeploymentCommand({ deploymentId: id, deploymentWaitType: 'TERMINATION_WAIT' }),
      ),
    );
    expect(notReady.name).toBe('InvalidDeploymentStatusException');
    await h.codedeploy.send(
      new ContinueDeploymentCommand({ deploymentId: id, deploymentWaitType: 'READY_WAIT' }),
    );
    // Canary 10 % for 5 minutes.
    expect((await info(id)).status).toBe('InProgress');
    expect(await listenerWeights('production-web')).toEqual({
      80: { 'production-web-blue': 90, 'production-web-green': 10 },
      8443: { 'production-web-green': 100 },
    });
    const mid = await h.codedeploy.send(
      new BatchGetDeploymentTargetsCommand({ deploymentId: id, targetIds: ['production:web'] }),
    );
    const weights = mid.deploymentTargets![0]!.ecsTarget!.taskSetsInfo!.map((t) => [
      t.taskSetLabel,
      t.trafficWeight,
    ]);
    expect(weights).toEqual([
      ['Blue', 90],
      ['Green', 10],
    ]);
    await h.advance(4 * MINUTE);
    expect((await listenerWeights('production-web'))[80]).toEqual({
      'production-web-blue': 90,
      'production-web-green': 10,
    });
    await h.advance(MINUTE);
    expect((await listenerWeights('production-web'))[80]).toEqual({ 'production-web-green': 100 });
    expect((await target(id, 'production')).status).toBe('Succeeded');
    expect((await info(id)).status).toBe('InProgress');
    await h.codedeploy.send(
      new ContinueDeploymentCommand({ deploymentId: id, deploymentWaitType: 'TERMINATION_WAIT' }),
    );
    expect((await info(id)).status).toBe('Succeeded');
  });

  it('StopDeployment with rollback: Stopped, a linked codeDeployRollback deployment, traffic back to blue', async () => {
    const td = await newRevision('web:3.0.0');
    const id = await deploy('production', appSpec(td));
    await runUntil(id, (d) => d.status === 'Ready');
    const stop = await h.codedeploy.send(
      new StopDeploymentCommand({ deploymentId: id, autoRollbackEnabled: true }),
    );
    expect(stop.status).toBe('Pending');
    const stopped = await runUntil(id, (d) => d.status === 'Stopped', 1_000);
    expect(stopped.errorInformation?.code).toBe('MANUAL_STOP');
    const rollbackId = stopped.rollbackInfo!.rollbackDeploymentId!;
    expect(rollbackId).toMatch(/^d-/);
    const rollback = await runUntil(rollbackId, (d) => d.status === 'Succeeded', 1_000);
    expect(rollback.creator).toBe('codeDeployRollback');
    expect(rollback.rollbackInfo?.rollbackTriggeringDeploymentId).toBe(id);
    expect(await listenerWeights('production-web')).toEqual({
      80: { 'production-web-green': 100 },
      8443: { 'production-web-green': 100 },
    });
    const list = await h.codedeploy.send(new ListDeploymentsCommand(env('production')));
    expect(list.deployments?.[0]).toBe(rollbackId);
  });

  it('a bad AppSpec is accepted, then fails asynchronously with INVALID_REVISION', async () => {
    const id = await deploy('staging', 'version: 0.0\nResources: [ { unclosed');
    const failed = await runUntil(id, (d) => d.status === 'Failed', 1_000);
    expect(failed.errorInformation?.code).toBe('INVALID_REVISION');
    expect(failed.errorInformation?.message).toContain(
      'The input AppSpec file is a not well-formed yaml.',
    );
    await runUntil(
      failed.rollbackInfo!.rollbackDeploymentId!,
      (d) => d.status === 'Succeeded',
      1_000,
    );
  });
});

describe('CodeDeploy ECS deployments: hooks, health, alarms and group rules', () => {
  it('lifecycle hooks hold the event until PutLifecycleEventHookExecutionStatus; Failed rolls back', async () => {
    const td = await newRevision('web:4.0.0');
    const id = await deploy('staging', appSpec(td, { AfterAllowTestTraffic: 'smoke-test' }));
    for (let i = 0; i < 8; i++) await h.advance(15_000);
    const { hooks } = await h.control('GET', 'hooks');
    expect(hooks).toHaveLength(1);
    expect(hooks[0]).toMatchObject({
      deploymentId: id,
      lifecycleEventName: 'AfterAllowTestTraffic',
      functionName: 'smoke-test',
    });
    const events = (await target(id, 'staging')).lifecycleEvents!;
    expect(events.find((e) => e.lifecycleEventName === 'AfterAllowTestTraffic')?.status).toBe(
      'InProgress',
    );
    await h.codedeploy.send(
      new PutLifecycleEventHookExecutionStatusCommand({
        deploymentId: id,
        lifecycleEventHookExecutionId: hooks[0].lifecycleEventHookExecutionId,
        status: 'Failed',
      }),
    );
    const failed = await info(id);
    expect(failed.status).toBe('Failed');
    expect(failed.errorInformation?.code).toBe('HOOK_EXECUTION_FAILURE');
    await runUntil(
      failed.rollbackInfo!.rollbackDeploymentId!,
      (d) => d.status === 'Succeeded',
      1_000,
    );
  });

  it('green that never becomes healthy fails Install after 60 minutes, tasks stopped with the ELB reason', async () => {
    const td = await newRevision('web:broken');
    await h.control('POST', 'unhealthy', { taskDefinition: td });
    const id = await deploy('staging', appSpec(td));
    await h.advance(MINUTE);
    expect((await target(id, 'staging')).lifecycleEvents![1]).toMatchObject({
      lifecycleEventName: 'Install',
      status: 'InProgress',
    });
    await h.advance(61 * MINUTE);
    const failed = await info(id);
    expect(failed.status).toBe('Failed');
    expect(failed.errorInformation?.code).toBe('TIMEOUT');
    const stopped = await h.ecs.send(
      new ListTasksCommand({ cluster: 'staging', desiredStatus: 'STOPPED' }),
    );
    const tasks = await h.ecs.send(
      new DescribeTasksCommand({ cluster: 'staging', tasks: stopped.taskArns!.slice(-2) }),
    );
    expect(tasks.tasks![0]!.stoppedReason).toMatch(
      /^Task failed ELB health checks in \(target-group arn:aws:elasticloadbalancing:/,
    );
    await runUntil(
      failed.rollbackInfo!.rollbackDeploymentId!,
      (d) => d.status === 'Succeeded',
      1_000,
    );
  });

  it('an alarm in ALARM stops the deployment with ALARM_ACTIVE and rolls back', async () => {
    const td = await newRevision('web:5.0.0');
    const id = await deploy('production', appSpec(td));
    await runUntil(id, (d) => d.status === 'Ready');
    await h.control('POST', 'alarms', { name: 'production-web-5xx', state: 'ALARM' });
    const stopped = await info(id);
    expect(stopped.status).toBe('Stopped');
    expect(stopped.errorInformation?.code).toBe('ALARM_ACTIVE');
    expect(stopped.rollbackInfo?.rollbackDeploymentId).toBeDefined();
    await h.control('POST', 'alarms', { name: 'production-web-5xx', state: 'OK' });
  });

  it('rejects ECS deployment groups that break the rules, with the AWS messages', async () => {
    const base = {
      applicationName: 'AppECS-staging-web',
      deploymentGroupName: 'other',
      serviceRoleArn: 'arn:aws:iam::123456789012:role/r',
      ecsServices: [{ clusterName: 'staging', serviceName: 'web' }],
    };
    const style = await caught(
      h.codedeploy.send(
        new CreateDeploymentGroupCommand({
          ...base,
          deploymentStyle: {
            deploymentType: 'IN_PLACE',
            deploymentOption: 'WITHOUT_TRAFFIC_CONTROL',
          },
        }),
      ),
    );
    expect(style.name).toBe('InvalidDeploymentStyleException');
    expect(style.message).toBe(
      'For ECS deployment, the deployment type must be BLUE_GREEN, and deployment option must be WITH_TRAFFIC_CONTROL.',
    );
    const mapped = await caught(
      h.codedeploy.send(
        new CreateDeploymentGroupCommand({
          ...base,
          deploymentStyle: {
            deploymentType: 'BLUE_GREEN',
            deploymentOption: 'WITH_TRAFFIC_CONTROL',
          },
        }),
      ),
    );
    expect(mapped.name).toBe('ECSServiceMappingLimitExceededException');
  });
});
