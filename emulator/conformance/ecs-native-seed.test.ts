/**
 * The seeded native services (one per environment) and what the official
 * amazon-ecs-deploy-task-definition action does to one: RegisterTaskDefinition, UpdateService,
 * then the SDK's services-stable waiter, which on AWS only succeeds once blue is cleaned up.
 */
import {
  DescribeServiceRevisionsCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
  waitUntilServicesStable,
} from '@aws-sdk/client-ecs';
import { DescribeTargetGroupsCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterAll, beforeAll, describe as group, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.js';
import { describe, MINUTE, serviceOf, weights, type NativeSetup } from './native-setup.js';

let h: Harness;
const seeded: Record<string, NativeSetup> = {};

beforeAll(async () => {
  h = await startHarness();
  await h.control('POST', 'clock', { speed: 0 });
  for (const env of ['staging', 'production']) {
    const tgs = await h.elbv2.send(
      new DescribeTargetGroupsCommand({
        Names: [`${env}-web-native-blue`, `${env}-web-native-green`],
      }),
    );
    const svc = await serviceOf(h, { cluster: env, service: 'web-native' } as NativeSetup);
    const adv = svc.loadBalancers![0]!.advancedConfiguration!;
    seeded[env] = {
      cluster: env,
      service: 'web-native',
      blueTg: tgs.TargetGroups![0]!.TargetGroupArn!,
      greenTg: tgs.TargetGroups![1]!.TargetGroupArn!,
      productionRule: adv.productionListenerRule!,
      testRule: adv.testListenerRule!,
    };
  }
});
afterAll(async () => {
  await h.emulator.stop();
});

group('seeded native services', () => {
  it.each(['staging', 'production'])(
    '%s/web-native starts healthy, production 100 %% on its primary target group',
    async (env) => {
      const s = seeded[env]!;
      const svc = await serviceOf(h, s);
      expect(svc.deploymentController).toEqual({ type: 'ECS' });
      expect(svc.deploymentConfiguration!.strategy).toBe(
        env === 'staging' ? 'BLUE_GREEN' : 'CANARY',
      );
      expect(svc.runningCount).toBe(1);
      expect(svc.deployments).toHaveLength(1);
      expect(svc.loadBalancers![0]!.targetGroupArn).toBe(s.blueTg);
      expect(await weights(h, s, 'productionRule')).toEqual({ blue: 1, green: 0 });
      const d = await describe(h, svc.currentServiceDeployment!);
      expect(d.status).toBe('SUCCESSFUL');
      const rev = await h.ecs.send(
        new DescribeServiceRevisionsCommand({
          serviceRevisionArns: [d.targetServiceRevision!.arn!],
        }),
      );
      expect(rev.serviceRevisions![0]!.taskDefinition).toMatch(/task-definition\/web:1$/);
    },
  );

  it('production/web-native: a canary stopped by its seeded alarm rolls back', async () => {
    const s = seeded.production!;
    const out = await h.ecs.send(
      new UpdateServiceCommand({
        cluster: s.cluster,
        service: s.service,
        forceNewDeployment: true,
      }),
    );
    const arn = out.service!.currentServiceDeployment!;
    await h.advance(10_000);
    expect(await weights(h, s, 'productionRule')).toEqual({ blue: 90, green: 10 });
    await h.control('POST', 'alarms', { name: 'production-web-5xx', state: 'ALARM' });
    const d = await describe(h, arn);
    await h.control('POST', 'alarms', { name: 'production-web-5xx', state: 'OK' });
    expect(d.status).toBe('ROLLBACK_SUCCESSFUL');
    expect(await weights(h, s, 'productionRule')).toEqual({ blue: 100, green: 0 });
  });
});

group('what amazon-ecs-deploy-task-definition does to a native service', () => {
  it('UpdateService, then services-stable: not stable during the bake, stable once blue is cleaned up', async () => {
    const s = seeded.staging!;
    const td = await h.ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'web',
        networkMode: 'awsvpc',
        requiresCompatibilities: ['FARGATE'],
        cpu: '256',
        memory: '512',
        containerDefinitions: [
          { name: 'web', image: 'web:2', portMappings: [{ containerPort: 8080 }] },
        ],
      }),
    );
    const out = await h.ecs.send(
      new UpdateServiceCommand({
        cluster: s.cluster,
        service: s.service,
        taskDefinition: td.taskDefinition!.taskDefinitionArn,
        forceNewDeployment: false,
      }),
    );
    expect(out.service!.currentServiceDeployment).toMatch(
      /:service-deployment\/staging\/web-native\//,
    );
    await h.advance(10_000);
    expect((await describe(h, out.service!.currentServiceDeployment!)).lifecycleStage).toBe(
      'BAKE_TIME',
    );
    const waiter = { client: h.ecs, minDelay: 1, maxDelay: 1, maxWaitTime: 2 };
    const early = await waitUntilServicesStable(waiter, {
      cluster: s.cluster,
      services: [s.service],
    }).catch((e: Error) => e);
    expect(early).toBeInstanceOf(Error);
    await h.advance(5 * MINUTE);
    const done = await waitUntilServicesStable(
      { ...waiter, maxWaitTime: 5 },
      { cluster: s.cluster, services: [s.service] },
    );
    expect(done.state).toBe('SUCCESS');
    expect((await serviceOf(h, s)).taskDefinition).toBe(td.taskDefinition!.taskDefinitionArn);
  });
});
