/**
 * ECS-native BLUE_GREEN, LINEAR and CANARY deployments through the real SDK on a service whose ALB,
 * target groups, rules and service were all created through the API: stage by stage, with the
 * listener-rule weights spec §2.2-2.4 gives, read back with DescribeRules.
 */
import {
  DescribeServiceRevisionsCommand,
  ListServiceDeploymentsCommand,
} from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe as group, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.js';
import { deploy, describe, MINUTE, nativeService, serviceOf, weights } from './native-setup.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  await h.control('POST', 'clock', { speed: 0 });
});
afterAll(async () => {
  await h.emulator.stop();
});

group('BLUE_GREEN', () => {
  it('runs every stage to SUCCESSFUL with the spec weights, then swaps the target groups', async () => {
    const s = await nativeService(h, 'bg', { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 5 });
    const before = await serviceOf(h, s);
    expect(before.deployments).toHaveLength(1);
    const first = await describe(h, before.currentServiceDeployment!);
    expect(first.status).toBe('SUCCESSFUL');
    expect(await weights(h, s, 'productionRule')).toEqual({ blue: 1, green: 0 });

    const arn = await deploy(h, s, 'web:2');
    expect(arn).toMatch(
      /^arn:aws:ecs:us-east-1:123456789012:service-deployment\/bg\/web\/[A-Za-z0-9_-]{21}$/,
    );
    let d = await describe(h, arn);
    expect(d.status).toBe('IN_PROGRESS');
    expect(d.lifecycleStage).toBe('SCALE_UP');
    expect(d.targetServiceRevision).toMatchObject({
      requestedTaskCount: 2,
      requestedProductionTrafficWeight: 0,
      requestedTestTrafficWeight: 0,
    });
    expect(d.sourceServiceRevisions![0]).toMatchObject({
      requestedProductionTrafficWeight: 100,
      requestedTestTrafficWeight: 100,
    });
    const svc = await serviceOf(h, s);
    expect(svc.deployments!.map((x) => x.status)).toEqual(['ACTIVE', 'PRIMARY']);
    expect(svc.currentServiceRevisions).toHaveLength(2);

    await h.advance(10_000); // green healthy: traffic moves all at once, bake starts
    d = await describe(h, arn);
    expect(d.lifecycleStage).toBe('BAKE_TIME');
    expect(await weights(h, s, 'testRule')).toEqual({ blue: 0, green: 100 });
    expect(await weights(h, s, 'productionRule')).toEqual({ blue: 0, green: 100 });
    expect(d.targetServiceRevision).toMatchObject({
      requestedProductionTrafficWeight: 100,
      requestedTestTrafficWeight: 100,
    });

    await h.advance(4 * MINUTE);
    expect((await describe(h, arn)).status).toBe('IN_PROGRESS');
    await h.advance(1 * MINUTE);
    d = await describe(h, arn);
    expect(d.status).toBe('SUCCESSFUL');
    expect(d.lifecycleStage).toBe('CLEAN_UP');
    expect(d.finishedAt).toBeInstanceOf(Date);
    expect(d.sourceServiceRevisions![0]).toMatchObject({ runningTaskCount: 0 });

    const after = await serviceOf(h, s);
    expect(after.deployments).toHaveLength(1);
    expect(after.loadBalancers![0]).toMatchObject({
      targetGroupArn: s.greenTg,
      advancedConfiguration: { alternateTargetGroupArn: s.blueTg },
    });
    expect(after.events!.some((e) => e.message!.includes('deployment completed.'))).toBe(true);

    const revisions = await h.ecs.send(
      new DescribeServiceRevisionsCommand({ serviceRevisionArns: [d.targetServiceRevision!.arn!] }),
    );
    expect(revisions.serviceRevisions![0]!.resolvedConfiguration!.loadBalancers).toEqual([
      { targetGroupArn: s.greenTg, productionListenerRule: s.productionRule },
    ]);
    // The revision number is the ecs-svc number of the deployment (terraform relies on it).
    const number = d.targetServiceRevision!.arn!.split('/').pop();
    expect(after.deployments![0]!.id).toBe(`ecs-svc/${number}`);

    // The next deployment runs green on the blue target group.
    const next = await deploy(h, s, 'web:3');
    await h.advance(10_000);
    expect((await describe(h, next)).lifecycleStage).toBe('BAKE_TIME');
    expect(await weights(h, s, 'productionRule')).toEqual({ blue: 100, green: 0 });
  });
});

group('LINEAR', () => {
  it('moves production 25 % per step with a step bake between, then bakes and cleans up', async () => {
    const s = await nativeService(h, 'lin', {
      strategy: 'LINEAR',
      bakeTimeInMinutes: 2,
      linearConfiguration: { stepPercent: 25, stepBakeTimeInMinutes: 3 },
    });
    const arn = await deploy(h, s, 'web:2');
    await h.advance(10_000);
    let d = await describe(h, arn);
    expect(d.lifecycleStage).toBe('PRODUCTION_TRAFFIC_SHIFT');
    expect(await weights(h, s, 'testRule')).toEqual({ blue: 0, green: 100 });
    for (const green of [25, 50, 75]) {
      expect(await weights(h, s, 'productionRule')).toEqual({ blue: 100 - green, green });
      expect((await describe(h, arn)).targetServiceRevision!.requestedProductionTrafficWeight).toBe(
        green,
      );
      await h.advance(3 * MINUTE - 1);
      expect(await weights(h, s, 'productionRule')).toEqual({ blue: 100 - green, green });
      await h.advance(1);
    }
    expect(await weights(h, s, 'productionRule')).toEqual({ blue: 0, green: 100 });
    d = await describe(h, arn);
    expect(d.lifecycleStage).toBe('BAKE_TIME');
    await h.advance(2 * MINUTE);
    expect((await describe(h, arn)).status).toBe('SUCCESSFUL');
  });
});

group('CANARY', () => {
  it('sends the canary share, bakes it, then shifts the rest', async () => {
    const s = await nativeService(h, 'can', {
      strategy: 'CANARY',
      bakeTimeInMinutes: 1,
      canaryConfiguration: { canaryPercent: 10, canaryBakeTimeInMinutes: 5 },
    });
    const arn = await deploy(h, s, 'web:2');
    await h.advance(10_000);
    expect(await weights(h, s, 'productionRule')).toEqual({ blue: 90, green: 10 });
    expect((await describe(h, arn)).lifecycleStage).toBe('PRODUCTION_TRAFFIC_SHIFT');
    await h.advance(5 * MINUTE - 1);
    expect(await weights(h, s, 'productionRule')).toEqual({ blue: 90, green: 10 });
    await h.advance(1);
    expect(await weights(h, s, 'productionRule')).toEqual({ blue: 0, green: 100 });
    expect((await describe(h, arn)).lifecycleStage).toBe('BAKE_TIME');
    await h.advance(MINUTE);
    expect((await describe(h, arn)).status).toBe('SUCCESSFUL');
  });

  it('writes a 0.5 % canary in per mille weights', async () => {
    const s = await nativeService(h, 'can-half', {
      strategy: 'CANARY',
      canaryConfiguration: { canaryPercent: 0.5, canaryBakeTimeInMinutes: 5 },
    });
    await deploy(h, s, 'web:2');
    await h.advance(10_000);
    expect(await weights(h, s, 'productionRule')).toEqual({ blue: 995, green: 5 });
  });
});

group('ListServiceDeployments', () => {
  it('lists newest first, filters by status and createdAt, pages with nextToken', async () => {
    const s = await nativeService(h, 'list', { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 0 });
    const t0 = new Date((await h.control('GET', 'clock')).epochMs);
    await h.advance(1000);
    const a = await deploy(h, s, 'web:2');
    await h.advance(MINUTE);
    const b = await deploy(h, s, 'web:3');
    const all = await h.ecs.send(
      new ListServiceDeploymentsCommand({ cluster: s.cluster, service: s.service }),
    );
    expect(all.serviceDeployments!.map((x) => x.serviceDeploymentArn)).toEqual([
      b,
      a,
      expect.any(String),
    ]);
    const running = await h.ecs.send(
      new ListServiceDeploymentsCommand({
        cluster: s.cluster,
        service: s.service,
        status: ['IN_PROGRESS', 'PENDING'],
      }),
    );
    expect(running.serviceDeployments!.map((x) => x.serviceDeploymentArn)).toEqual([b]);
    const recent = await h.ecs.send(
      new ListServiceDeploymentsCommand({
        cluster: s.cluster,
        service: s.service,
        createdAt: { after: t0 },
      }),
    );
    expect(recent.serviceDeployments).toHaveLength(2);
    const page1 = await h.ecs.send(
      new ListServiceDeploymentsCommand({ cluster: s.cluster, service: s.service, maxResults: 2 }),
    );
    expect(page1.serviceDeployments).toHaveLength(2);
    const page2 = await h.ecs.send(
      new ListServiceDeploymentsCommand({
        cluster: s.cluster,
        service: s.service,
        maxResults: 2,
        nextToken: page1.nextToken!,
      }),
    );
    expect(page2.serviceDeployments).toHaveLength(1);
    expect(page2.nextToken).toBeUndefined();
  });
});
