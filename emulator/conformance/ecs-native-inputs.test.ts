/**
 * ECS-native inputs through the real SDK: every refused combination of spec §1.4 is an
 * InvalidParameterException with one message naming the field and the fix; controller changes
 * (§1.5) including CODE_DEPLOY -> ECS in place on the seeded service; deployment-time failures.
 */
import {
  CreateServiceCommand,
  DescribeServiceDeploymentsCommand,
  DescribeServiceRevisionsCommand,
  ListServiceDeploymentsCommand,
  UpdateServiceCommand,
  type CreateServiceCommandInput,
} from '@aws-sdk/client-ecs';
import {
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeRulesCommand,
  DescribeTargetGroupsCommand,
  ModifyRuleCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterAll, describe as group, expect, it } from 'vitest';
import { caught, startHarness, type Harness } from './harness.js';
import {
  buildLoadBalancer,
  deploy,
  describe,
  HOOK_ROLE,
  loadBalancers,
  NETWORK,
  nativeService,
  ROLE,
  serviceOf,
  weights,
} from './native-setup.js';

// Started at collection time: the table rows below need the load balancer's ARNs.
const h: Harness = await startHarness();
await h.control('POST', 'clock', { speed: 0 });
const net = await buildLoadBalancer(h, 'inputs');

afterAll(async () => {
  await h.emulator.stop();
});

const BG = { strategy: 'BLUE_GREEN' as const, bakeTimeInMinutes: 5 };
const pause = { targetType: 'PAUSE' as const, lifecycleStages: ['POST_SCALE_UP' as const] };

function create(over: Partial<CreateServiceCommandInput>): CreateServiceCommandInput {
  return {
    cluster: 'staging',
    serviceName: `svc-${Math.random().toString(36).slice(2, 8)}`,
    taskDefinition: 'web:1',
    desiredCount: 1,
    launchType: 'FARGATE',
    networkConfiguration: NETWORK,
    deploymentController: { type: 'ECS' },
    deploymentConfiguration: BG,
    loadBalancers: loadBalancers(net),
    ...over,
  };
}

const adv = (over: object) => [
  {
    ...loadBalancers(net)[0]!,
    advancedConfiguration: { ...loadBalancers(net)[0]!.advancedConfiguration, ...over },
  },
];

group('CreateService refuses invalid native combinations', () => {
  const rows: [string, Partial<CreateServiceCommandInput>, RegExp][] = [
    [
      'BLUE_GREEN on CODE_DEPLOY',
      { deploymentController: { type: 'CODE_DEPLOY' } },
      /strategy BLUE_GREEN needs the ECS deployment controller/,
    ],
    [
      'BLUE_GREEN without bake time',
      { deploymentConfiguration: { strategy: 'BLUE_GREEN' } },
      /bakeTimeInMinutes is required for strategy BLUE_GREEN/,
    ],
    [
      'linear block on BLUE_GREEN',
      { deploymentConfiguration: { ...BG, linearConfiguration: { stepPercent: 10 } } },
      /linearConfiguration is only valid with strategy LINEAR/,
    ],
    [
      'canary block on LINEAR',
      {
        deploymentConfiguration: { strategy: 'LINEAR', canaryConfiguration: { canaryPercent: 5 } },
      },
      /canaryConfiguration is only valid with strategy CANARY/,
    ],
    [
      'step 2.5 %',
      {
        deploymentConfiguration: { strategy: 'LINEAR', linearConfiguration: { stepPercent: 2.5 } },
      },
      /stepPercent 2.5 is invalid: write a percentage from 3 to 100/,
    ],
    [
      'canary 0.05 %',
      {
        deploymentConfiguration: {
          strategy: 'CANARY',
          canaryConfiguration: { canaryPercent: 0.05 },
        },
      },
      /canaryPercent 0.05 is invalid/,
    ],
    [
      'PAUSE at PRODUCTION_TRAFFIC_SHIFT',
      {
        deploymentConfiguration: {
          ...BG,
          lifecycleHooks: [{ targetType: 'PAUSE', lifecycleStages: ['PRODUCTION_TRAFFIC_SHIFT'] }],
        },
      },
      /PAUSE hook cannot run/,
    ],
    [
      'Lambda hook without role',
      {
        deploymentConfiguration: {
          ...BG,
          lifecycleHooks: [
            {
              hookTargetArn: 'arn:aws:lambda:us-east-1:123456789012:function:f',
              lifecycleStages: ['PRE_SCALE_UP'],
            },
          ],
        },
      },
      /lifecycleHooks\[0\]\.roleArn is required/,
    ],
    [
      'Lambda hook without function',
      {
        deploymentConfiguration: {
          ...BG,
          lifecycleHooks: [{ roleArn: HOOK_ROLE, lifecycleStages: ['PRE_SCALE_UP'] }],
        },
      },
      /hookTargetArn is required/,
    ],
    [
      '11 PAUSE hooks',
      { deploymentConfiguration: { ...BG, lifecycleHooks: Array(11).fill(pause) } },
      /11 PAUSE hooks: at most 10/,
    ],
    [
      'hooks on ROLLING',
      { deploymentConfiguration: { lifecycleHooks: [pause] } },
      /lifecycleHooks need strategy BLUE_GREEN, LINEAR or CANARY/,
    ],
    [
      'alarms without enable',
      { deploymentConfiguration: { ...BG, alarms: { alarmNames: ['a'], rollback: true } as any } },
      /alarms\.enable is required/,
    ],
    [
      'no alternate target group',
      { loadBalancers: adv({ alternateTargetGroupArn: undefined }) },
      /alternateTargetGroupArn is required/,
    ],
    [
      'no production rule',
      { loadBalancers: adv({ productionListenerRule: undefined }) },
      /productionListenerRule is required/,
    ],
    [
      'no infrastructure role',
      { loadBalancers: adv({ roleArn: undefined }) },
      /advancedConfiguration\.roleArn is required/,
    ],
    [
      'empty test rule',
      { loadBalancers: adv({ testListenerRule: '' }) },
      /testListenerRule is empty/,
    ],
    [
      'two load balancer entries',
      { loadBalancers: [...loadBalancers(net), ...loadBalancers(net)] },
      /loadBalancers has 2 entries/,
    ],
  ];
  it.each(rows)('%s', async (_name, over, message) => {
    const error = await caught(h.ecs.send(new CreateServiceCommand(create(over))));
    expect(error.name).toBe('InvalidParameterException');
    expect(error.message).toMatch(message);
    expect(error.message.split('\n')).toHaveLength(1);
  });

  it('accepts BLUE_GREEN without advancedConfiguration: no traffic shifting, one target group', async () => {
    const input = create({
      loadBalancers: [{ targetGroupArn: net.blueTg, containerName: 'web', containerPort: 8080 }],
    });
    const out = await h.ecs.send(new CreateServiceCommand(input));
    expect(out.service!.currentServiceDeployment).toMatch(/service-deployment\/staging\//);
    const arn = await deploy(
      h,
      { cluster: 'staging', service: input.serviceName!, ...net },
      'web:2',
    );
    await h.advance(10_000);
    await h.advance(5 * 60_000);
    expect((await describe(h, arn)).status).toBe('SUCCESSFUL');
  });
});

group('deployment controller changes', () => {
  it('refuses ECS -> CODE_DEPLOY and leaving ECS while strategy is BLUE_GREEN', async () => {
    const s = await nativeService(h, 'ctl', BG);
    const back = await caught(
      h.ecs.send(
        new UpdateServiceCommand({
          cluster: s.cluster,
          service: s.service,
          deploymentController: { type: 'CODE_DEPLOY' },
        }),
      ),
    );
    expect(back.message).toMatch(/cannot change from ECS to CODE_DEPLOY/);
    const out = await caught(
      h.ecs.send(
        new UpdateServiceCommand({
          cluster: s.cluster,
          service: s.service,
          deploymentController: { type: 'EXTERNAL' },
        }),
      ),
    );
    expect(out.message).toMatch(
      /while deploymentConfiguration.strategy is BLUE_GREEN: set strategy ROLLING first/,
    );
  });

  it('refuses a controller change during a deployment', async () => {
    const s = await nativeService(h, 'ctl-busy', { strategy: 'ROLLING' });
    await h.ecs.send(
      new UpdateServiceCommand({
        cluster: s.cluster,
        service: s.service,
        deploymentConfiguration: BG,
      }),
    );
    await deploy(h, s, 'web:2');
    const error = await caught(
      h.ecs.send(
        new UpdateServiceCommand({
          cluster: s.cluster,
          service: s.service,
          deploymentController: { type: 'EXTERNAL' },
        }),
      ),
    );
    expect(error.message).toMatch(/during an ongoing service deployment/);
  });

  it('CODE_DEPLOY -> ECS in place: the PRIMARY task set becomes the current revision; the next UpdateService deploys natively', async () => {
    const prodListener = (
      await h.elbv2.send(
        new DescribeListenersCommand({
          LoadBalancerArn: (
            await h.elbv2.send(new DescribeLoadBalancersCommand({ Names: ['staging-web'] }))
          ).LoadBalancers![0]!.LoadBalancerArn,
        }),
      )
    ).Listeners!;
    const tgs = (
      await h.elbv2.send(
        new DescribeTargetGroupsCommand({ Names: ['staging-web-blue', 'staging-web-green'] }),
      )
    ).TargetGroups!;
    const [blue, green] = tgs.map((t) => t.TargetGroupArn!);
    const rules: Record<number, string> = {};
    for (const l of prodListener) {
      const r = (
        await h.elbv2.send(new DescribeRulesCommand({ ListenerArn: l.ListenerArn }))
      ).Rules!.find((x) => x.IsDefault)!;
      rules[l.Port!] = r.RuleArn!;
      // Migration guide step: the default rule forwards to both target groups, weights 1/0.
      await h.elbv2.send(
        new ModifyRuleCommand({
          RuleArn: r.RuleArn,
          Actions: [
            {
              Type: 'forward',
              ForwardConfig: {
                TargetGroups: [
                  { TargetGroupArn: blue, Weight: 1 },
                  { TargetGroupArn: green, Weight: 0 },
                ],
              },
            },
          ],
        }),
      );
    }
    const refused = await caught(
      h.ecs.send(
        new UpdateServiceCommand({ cluster: 'staging', service: 'web', taskDefinition: 'web:1' }),
      ),
    );
    expect(refused.message).toMatch(
      /Unable to update task definition on services with a CODE_DEPLOY deployment controller/,
    );
    const moved = await h.ecs.send(
      new UpdateServiceCommand({
        cluster: 'staging',
        service: 'web',
        deploymentController: { type: 'ECS' },
        deploymentConfiguration: { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 1 },
        loadBalancers: [
          {
            targetGroupArn: blue,
            containerName: 'web',
            containerPort: 8080,
            advancedConfiguration: {
              alternateTargetGroupArn: green,
              productionListenerRule: rules[80],
              testListenerRule: rules[8443],
              roleArn: ROLE,
            },
          },
        ],
      }),
    );
    expect(moved.service!.deploymentController).toEqual({ type: 'ECS' });
    expect(moved.service!.deployments).toHaveLength(1);
    expect(moved.service!.currentServiceDeployment).toBeUndefined();
    expect(moved.service!.currentServiceRevisions).toHaveLength(1);
    const list = await h.ecs.send(
      new ListServiceDeploymentsCommand({ cluster: 'staging', service: 'web' }),
    );
    expect(list.serviceDeployments).toEqual([]);
    const s = {
      cluster: 'staging',
      service: 'web',
      blueTg: blue!,
      greenTg: green!,
      productionRule: rules[80]!,
      testRule: rules[8443]!,
    };
    const arn = await deploy(h, s, 'web:2');
    await h.advance(10_000);
    expect(await weights(h, s, 'productionRule')).toEqual({ blue: 0, green: 100 });
    await h.advance(60_000);
    expect((await describe(h, arn)).status).toBe('SUCCESSFUL');
    expect((await serviceOf(h, s)).loadBalancers![0]!.targetGroupArn).toBe(green);
  });
});

group('deployment-time failures', () => {
  it('rules that do not forward to both target groups roll back with the networking reason', async () => {
    const s = await nativeService(h, 'badnet', BG);
    await h.elbv2.send(
      new ModifyRuleCommand({
        RuleArn: s.productionRule,
        Actions: [{ Type: 'forward', TargetGroupArn: s.blueTg }],
      }),
    );
    await h.elbv2.send(
      new ModifyRuleCommand({
        RuleArn: s.testRule,
        Actions: [{ Type: 'forward', TargetGroupArn: s.blueTg }],
      }),
    );
    const arn = await deploy(h, s, 'web:2');
    await h.advance(10_000);
    const d = await describe(h, arn);
    expect(d.status).toBe('ROLLBACK_SUCCESSFUL');
    expect(d.statusReason).toBe(
      'Service deployment rolled back because of invalid networking configuration. Both targetGroup and alternateTargetGroup must be associated with the productionListenerRule or testListenerRule.',
    );
  });

  it('a first deployment that trips the circuit breaker has no rollback candidate: ROLLBACK_FAILED', async () => {
    const td = 'web:1';
    await h.control('POST', 'unhealthy', { taskDefinition: td });
    const input = create({
      deploymentConfiguration: {
        ...BG,
        deploymentCircuitBreaker: { enable: true, rollback: true },
      },
    });
    const out = await h.ecs.send(new CreateServiceCommand(input));
    for (let i = 0; i < 4; i++) await h.advance(31_000);
    await h.control('POST', 'unhealthy', { taskDefinition: td, unhealthy: false });
    const d = (
      await h.ecs.send(
        new DescribeServiceDeploymentsCommand({
          serviceDeploymentArns: [out.service!.currentServiceDeployment!],
        }),
      )
    ).serviceDeployments![0]!;
    expect(d.status).toBe('ROLLBACK_FAILED');
    expect(d.statusReason).toBe('No rollback candidate was found to run the rollback');
  });

  it('DescribeServiceRevisions: unknown ARNs are MISSING; more than 20 is refused', async () => {
    const arn = 'arn:aws:ecs:us-east-1:123456789012:service-revision/x/web/1';
    const out = await h.ecs.send(
      new DescribeServiceRevisionsCommand({ serviceRevisionArns: [arn] }),
    );
    expect(out.failures).toEqual([{ arn, reason: 'MISSING' }]);
    const many = await caught(
      h.ecs.send(new DescribeServiceRevisionsCommand({ serviceRevisionArns: Array(21).fill(arn) })),
    );
    expect(many.name).toBe('InvalidParameterException');
  });

  it('ListServiceDeployments refuses an unknown status and names the valid ones', async () => {
    const error = await caught(
      h.ecs.send(
        new ListServiceDeploymentsCommand({
          cluster: 'staging',
          service: 'web',
          status: ['DONE' as any],
        }),
      ),
    );
    expect(error.name).toBe('InvalidParameterException');
    expect(error.message).toMatch(/status "DONE" is not a service deployment status/);
  });
});
