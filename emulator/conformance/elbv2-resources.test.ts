// ELBv2 load balancers, target groups, listeners, targets and tags built through the real SDK.
import {
  AddTagsCommand,
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateRuleCommand,
  CreateTargetGroupCommand,
  DeleteListenerCommand,
  DeleteLoadBalancerCommand,
  DeleteTargetGroupCommand,
  DeregisterTargetsCommand,
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeRulesCommand,
  DescribeTagsCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ModifyListenerCommand,
  RegisterTargetsCommand,
  RemoveTagsCommand,
  type Action,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caught, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.emulator.stop();
});

let n = 0;
/** A fresh name per call, so the cases do not depend on each other. */
const fresh = (prefix: string) => `${prefix}-${++n}`;

async function alb(name = fresh('alb'), scheme?: 'internal') {
  const out = await h.elbv2.send(
    new CreateLoadBalancerCommand({
      Name: name,
      Subnets: ['subnet-1', 'subnet-2'],
      Scheme: scheme,
    }),
  );
  return out.LoadBalancers![0]!;
}

async function targetGroup(name = fresh('tg'), port = 8080) {
  const out = await h.elbv2.send(
    new CreateTargetGroupCommand({
      Name: name,
      Protocol: 'HTTP',
      Port: port,
      VpcId: 'vpc-1',
      TargetType: 'ip',
    }),
  );
  return out.TargetGroups![0]!.TargetGroupArn!;
}

const forwardTo = (tg: string): Action[] => [{ Type: 'forward', TargetGroupArn: tg }];

async function listener(lbArn: string, tg: string, port = 80) {
  const out = await h.elbv2.send(
    new CreateListenerCommand({
      LoadBalancerArn: lbArn,
      Protocol: 'HTTP',
      Port: port,
      DefaultActions: forwardTo(tg),
    }),
  );
  return out.Listeners![0]!;
}

describe('load balancers', () => {
  it('CreateLoadBalancer returns an active ALB with an AWS-format ARN, found by DescribeLoadBalancers', async () => {
    const name = fresh('web');
    const lb = await alb(name);
    expect(lb.LoadBalancerArn).toMatch(
      new RegExp(
        `^arn:aws:elasticloadbalancing:us-east-1:\\d{12}:loadbalancer/app/${name}/[0-9a-f]{16}$`,
      ),
    );
    expect(lb).toMatchObject({
      Type: 'application',
      Scheme: 'internet-facing',
      State: { Code: 'active' },
    });
    expect(lb.DNSName).toMatch(new RegExp(`^${name}-.*\\.us-east-1\\.elb\\.amazonaws\\.com$`));
    const found = await h.elbv2.send(new DescribeLoadBalancersCommand({ Names: [name] }));
    expect(found.LoadBalancers!.map((l) => l.LoadBalancerArn)).toEqual([lb.LoadBalancerArn]);
  });

  it('is idempotent for the same settings and refuses the same name with others (DuplicateLoadBalancerName)', async () => {
    const name = fresh('dup');
    const first = await alb(name);
    expect((await alb(name)).LoadBalancerArn).toBe(first.LoadBalancerArn);
    const error = await caught(alb(name, 'internal'));
    expect(error.name).toBe('DuplicateLoadBalancerNameException');
  });

  it.each([
    ['a'.repeat(33), 'longer than 32'],
    ['web_app', 'alphanumeric characters and hyphens'],
    ['-web', 'begin or end with a hyphen'],
    ['internal-web', "cannot begin with 'internal-'"],
  ])('refuses the load balancer name %s (ValidationError)', async (name, words) => {
    const error = await caught(alb(name));
    expect(error.name).toBe('ValidationError');
    expect(error.message).toContain(words);
  });

  it('creates a network load balancer with a net ARN and an internal DNS name', async () => {
    const name = fresh('nlb');
    const out = await h.elbv2.send(
      new CreateLoadBalancerCommand({ Name: name, Type: 'network', Scheme: 'internal' }),
    );
    const lb = out.LoadBalancers![0]!;
    expect(lb.LoadBalancerArn).toContain(`:loadbalancer/net/${name}/`);
    expect(lb.DNSName).toMatch(/^internal-/);
    expect(lb.Type).toBe('network');
  });

  it('DeleteLoadBalancer removes its listeners and rules; deleting it again succeeds', async () => {
    const lb = await alb();
    const tg = await targetGroup();
    const l = await listener(lb.LoadBalancerArn!, tg);
    await h.elbv2.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: lb.LoadBalancerArn }));
    await h.elbv2.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: lb.LoadBalancerArn }));
    const error = await caught(
      h.elbv2.send(new DescribeListenersCommand({ ListenerArns: [l.ListenerArn!] })),
    );
    expect(error.name).toBe('ListenerNotFoundException');
    const tgs = await h.elbv2.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [tg] }));
    expect(tgs.TargetGroups![0]!.LoadBalancerArns).toEqual([]);
  });
});

describe('target groups', () => {
  it('CreateTargetGroup echoes its health check settings and target type', async () => {
    const name = fresh('hc');
    const out = await h.elbv2.send(
      new CreateTargetGroupCommand({
        Name: name,
        Protocol: 'HTTP',
        Port: 8080,
        VpcId: 'vpc-1',
        TargetType: 'ip',
        HealthCheckPath: '/healthz',
        HealthCheckIntervalSeconds: 10,
        HealthyThresholdCount: 3,
        Matcher: { HttpCode: '200-299' },
      }),
    );
    expect(out.TargetGroups![0]).toMatchObject({
      TargetGroupName: name,
      TargetType: 'ip',
      Port: 8080,
      HealthCheckPath: '/healthz',
      HealthCheckIntervalSeconds: 10,
      HealthyThresholdCount: 3,
      Matcher: { HttpCode: '200-299' },
      LoadBalancerArns: [],
    });
    expect(out.TargetGroups![0]!.TargetGroupArn).toMatch(
      new RegExp(`:targetgroup/${name}/[0-9a-f]{16}$`),
    );
  });

  it('is idempotent for the same settings and refuses the same name with others (DuplicateTargetGroupName)', async () => {
    const name = fresh('tgdup');
    const arn = await targetGroup(name, 8080);
    expect(await targetGroup(name, 8080)).toBe(arn);
    const error = await caught(targetGroup(name, 9090));
    expect(error.name).toBe('DuplicateTargetGroupNameException');
  });

  it.each([
    [{ Name: 'tg_bad', Protocol: 'HTTP', Port: 80, VpcId: 'vpc-1' }, 'alphanumeric'],
    [{ Name: 'no-vpc', Protocol: 'HTTP', Port: 80 }, 'VpcId'],
    [{ Name: 'no-port', Protocol: 'HTTP', VpcId: 'vpc-1' }, 'Port'],
    [{ Name: 'bad-proto', Protocol: 'FTP', Port: 80, VpcId: 'vpc-1' }, 'Protocol'],
    [
      {
        Name: 'bad-interval',
        Protocol: 'HTTP',
        Port: 80,
        VpcId: 'vpc-1',
        HealthCheckIntervalSeconds: 1,
      },
      'between 5 and 300',
    ],
  ])('refuses %j (ValidationError naming %s)', async (input, words) => {
    const error = await caught(h.elbv2.send(new CreateTargetGroupCommand(input as never)));
    expect(error.name).toBe('ValidationError');
    expect(error.message).toContain(words);
  });

  it('DeleteTargetGroup refuses a group a listener uses (ResourceInUse), then deletes it once free', async () => {
    const lb = await alb();
    const tg = await targetGroup();
    const l = await listener(lb.LoadBalancerArn!, tg);
    const error = await caught(h.elbv2.send(new DeleteTargetGroupCommand({ TargetGroupArn: tg })));
    expect(error.name).toBe('ResourceInUseException');
    await h.elbv2.send(new DeleteListenerCommand({ ListenerArn: l.ListenerArn }));
    await h.elbv2.send(new DeleteTargetGroupCommand({ TargetGroupArn: tg }));
    const gone = await caught(
      h.elbv2.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [tg] })),
    );
    expect(gone.name).toBe('TargetGroupNotFoundException');
  });
});

describe('listeners', () => {
  it('CreateListener echoes a single-group forward as both TargetGroupArn and ForwardConfig, and ties the group to the load balancer', async () => {
    const lb = await alb();
    const tg = await targetGroup();
    const l = await listener(lb.LoadBalancerArn!, tg);
    expect(l.ListenerArn).toMatch(/:listener\/app\/alb-\d+\/[0-9a-f]{16}\/[0-9a-f]{16}$/);
    expect(l.DefaultActions).toEqual([
      {
        Type: 'forward',
        TargetGroupArn: tg,
        Order: 1,
        ForwardConfig: {
          TargetGroups: [{ TargetGroupArn: tg, Weight: 1 }],
          TargetGroupStickinessConfig: { Enabled: false },
        },
      },
    ]);
    const tgs = await h.elbv2.send(
      new DescribeTargetGroupsCommand({ LoadBalancerArn: lb.LoadBalancerArn }),
    );
    expect(tgs.TargetGroups!.map((t) => t.TargetGroupArn)).toEqual([tg]);
  });

  it('refuses a second listener on a port (DuplicateListener)', async () => {
    const lb = await alb();
    const [a, b] = [await targetGroup(), await targetGroup()];
    await listener(lb.LoadBalancerArn!, a, 80);
    const error = await caught(listener(lb.LoadBalancerArn!, b, 80));
    expect(error.name).toBe('DuplicateListenerException');
  });

  it.each([
    ['an unknown load balancer', 'LoadBalancerNotFoundException', { lb: 'missing' }],
    ['an unknown target group', 'TargetGroupNotFoundException', { tg: 'missing' }],
    ['HTTPS without a certificate', 'ValidationError', { Protocol: 'HTTPS' }],
    ['TCP on an application load balancer', 'UnsupportedProtocolException', { Protocol: 'TCP' }],
  ])('CreateListener with %s fails with %s', async (_, name, change: Record<string, string>) => {
    const lb = await alb();
    const tg = await targetGroup();
    const error = await caught(
      h.elbv2.send(
        new CreateListenerCommand({
          LoadBalancerArn: change.lb ? `${lb.LoadBalancerArn}0` : lb.LoadBalancerArn,
          Protocol: (change.Protocol ?? 'HTTP') as 'HTTP',
          Port: 443,
          DefaultActions: forwardTo(change.tg ? `${tg}0` : tg),
        }),
      ),
    );
    expect(error.name).toBe(name);
  });

  it('ModifyListener rewrites the default action as weighted ForwardConfig only, and its port', async () => {
    const lb = await alb();
    const [blue, green] = [await targetGroup(), await targetGroup()];
    const l = await listener(lb.LoadBalancerArn!, blue);
    const out = await h.elbv2.send(
      new ModifyListenerCommand({
        ListenerArn: l.ListenerArn,
        Port: 8080,
        DefaultActions: [
          {
            Type: 'forward',
            ForwardConfig: {
              TargetGroups: [
                { TargetGroupArn: blue, Weight: 80 },
                { TargetGroupArn: green, Weight: 20 },
              ],
            },
          },
        ],
      }),
    );
    const action = out.Listeners![0]!.DefaultActions![0]!;
    expect(out.Listeners![0]!.Port).toBe(8080);
    expect(action.TargetGroupArn).toBeUndefined();
    expect(action.ForwardConfig!.TargetGroups).toEqual([
      { TargetGroupArn: blue, Weight: 80 },
      { TargetGroupArn: green, Weight: 20 },
    ]);
    // One source of truth: the default rule shows the same weights.
    const rules = await h.elbv2.send(new DescribeRulesCommand({ ListenerArn: l.ListenerArn }));
    expect(rules.Rules![0]!.Actions![0]!.ForwardConfig!.TargetGroups).toEqual(
      action.ForwardConfig!.TargetGroups,
    );
  });

  it('ModifyListener refuses a weight above 999 (ValidationError) and an unknown listener (ListenerNotFound)', async () => {
    const lb = await alb();
    const tg = await targetGroup();
    const l = await listener(lb.LoadBalancerArn!, tg);
    const weighted = (weight: number): Action[] => [
      {
        Type: 'forward',
        ForwardConfig: { TargetGroups: [{ TargetGroupArn: tg, Weight: weight }] },
      },
    ];
    const tooHeavy = await caught(
      h.elbv2.send(
        new ModifyListenerCommand({ ListenerArn: l.ListenerArn, DefaultActions: weighted(1000) }),
      ),
    );
    expect(tooHeavy.name).toBe('ValidationError');
    expect(tooHeavy.message).toContain('0 to 999');
    const missing = await caught(
      h.elbv2.send(
        new ModifyListenerCommand({
          ListenerArn: `${l.ListenerArn}0`,
          DefaultActions: weighted(1),
        }),
      ),
    );
    expect(missing.name).toBe('ListenerNotFoundException');
  });

  it('DeleteListener removes its rules; an unknown listener is ListenerNotFound', async () => {
    const lb = await alb();
    const tg = await targetGroup();
    const l = await listener(lb.LoadBalancerArn!, tg);
    const rule = await h.elbv2.send(
      new CreateRuleCommand({
        ListenerArn: l.ListenerArn,
        Priority: 1,
        Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/x'] } }],
        Actions: forwardTo(tg),
      }),
    );
    await h.elbv2.send(new DeleteListenerCommand({ ListenerArn: l.ListenerArn }));
    const error = await caught(
      h.elbv2.send(new DescribeRulesCommand({ RuleArns: [rule.Rules![0]!.RuleArn!] })),
    );
    expect(error.name).toBe('RuleNotFoundException');
    const again = await caught(
      h.elbv2.send(new DeleteListenerCommand({ ListenerArn: l.ListenerArn })),
    );
    expect(again.name).toBe('ListenerNotFoundException');
  });
});

describe('targets', () => {
  it('RegisterTargets: unused until a listener forwards to the group, then healthy; DeregisterTargets removes them', async () => {
    const tg = await targetGroup();
    await h.elbv2.send(
      new RegisterTargetsCommand({
        TargetGroupArn: tg,
        Targets: [{ Id: '10.0.0.7' }, { Id: '10.0.0.8', Port: 9000 }],
      }),
    );
    const health = async () =>
      (await h.elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: tg })))
        .TargetHealthDescriptions!;
    expect(await health()).toEqual([
      expect.objectContaining({
        Target: { Id: '10.0.0.7', Port: 8080 },
        TargetHealth: expect.objectContaining({ State: 'unused', Reason: 'Target.NotInUse' }),
      }),
      expect.objectContaining({
        Target: { Id: '10.0.0.8', Port: 9000 },
        TargetHealth: expect.objectContaining({ State: 'unused' }),
      }),
    ]);
    const lb = await alb();
    await listener(lb.LoadBalancerArn!, tg);
    expect((await health()).map((d) => d.TargetHealth!.State)).toEqual(['healthy', 'healthy']);
    const one = await h.elbv2.send(
      new DescribeTargetHealthCommand({
        TargetGroupArn: tg,
        Targets: [{ Id: '10.0.0.8', Port: 9000 }],
      }),
    );
    expect(one.TargetHealthDescriptions).toHaveLength(1);
    await h.elbv2.send(
      new DeregisterTargetsCommand({ TargetGroupArn: tg, Targets: [{ Id: '10.0.0.7' }] }),
    );
    expect((await health()).map((d) => d.Target!.Id)).toEqual(['10.0.0.8']);
  });

  it.each([
    [
      'an instance id in an ip target group',
      'RegisterTargets',
      'i-0123456789abcdef0',
      'InvalidTargetException',
    ],
    ['a target that is not registered', 'DeregisterTargets', '10.9.9.9', 'InvalidTargetException'],
  ])('refuses %s (%s → %s)', async (_, op, id, name) => {
    const tg = await targetGroup();
    const Command = op === 'RegisterTargets' ? RegisterTargetsCommand : DeregisterTargetsCommand;
    const error = await caught(
      h.elbv2.send(new Command({ TargetGroupArn: tg, Targets: [{ Id: id }] })),
    );
    expect(error.name).toBe(name);
  });

  it('RegisterTargets on an unknown group is TargetGroupNotFound', async () => {
    const tg = await targetGroup();
    const error = await caught(
      h.elbv2.send(
        new RegisterTargetsCommand({ TargetGroupArn: `${tg}0`, Targets: [{ Id: '10.0.0.1' }] }),
      ),
    );
    expect(error.name).toBe('TargetGroupNotFoundException');
  });
});

describe('tags', () => {
  it('tags given at creation, AddTags and RemoveTags show in DescribeTags for load balancers, groups and listeners', async () => {
    const out = await h.elbv2.send(
      new CreateLoadBalancerCommand({
        Name: fresh('tagged'),
        Tags: [{ Key: 'team', Value: 'web' }],
      }),
    );
    const lbArn = out.LoadBalancers![0]!.LoadBalancerArn!;
    const tg = await targetGroup();
    const l = await listener(lbArn, tg);
    await h.elbv2.send(
      new AddTagsCommand({
        ResourceArns: [lbArn, tg, l.ListenerArn!],
        Tags: [
          { Key: 'env', Value: 'staging' },
          { Key: 'team', Value: 'platform' },
        ],
      }),
    );
    await h.elbv2.send(new RemoveTagsCommand({ ResourceArns: [tg], TagKeys: ['team'] }));
    const tags = await h.elbv2.send(
      new DescribeTagsCommand({ ResourceArns: [lbArn, tg, l.ListenerArn!] }),
    );
    expect(tags.TagDescriptions).toEqual([
      {
        ResourceArn: lbArn,
        Tags: [
          { Key: 'env', Value: 'staging' },
          { Key: 'team', Value: 'platform' },
        ],
      },
      { ResourceArn: tg, Tags: [{ Key: 'env', Value: 'staging' }] },
      {
        ResourceArn: l.ListenerArn,
        Tags: [
          { Key: 'env', Value: 'staging' },
          { Key: 'team', Value: 'platform' },
        ],
      },
    ]);
  });

  it('AddTags refuses an unknown resource (LoadBalancerNotFound) and a repeated key (DuplicateTagKeys)', async () => {
    const lb = await alb();
    const missing = await caught(
      h.elbv2.send(
        new AddTagsCommand({
          ResourceArns: [`${lb.LoadBalancerArn}0`],
          Tags: [{ Key: 'a', Value: '1' }],
        }),
      ),
    );
    expect(missing.name).toBe('LoadBalancerNotFoundException');
    const twice = await caught(
      h.elbv2.send(
        new AddTagsCommand({
          ResourceArns: [lb.LoadBalancerArn!],
          Tags: [
            { Key: 'a', Value: '1' },
            { Key: 'a', Value: '2' },
          ],
        }),
      ),
    );
    expect(twice.name).toBe('DuplicateTagKeysException');
  });
});
