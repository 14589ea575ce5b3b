// ELBv2 listener rules through the real SDK: create, modify, describe (pages), delete, priorities.
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateRuleCommand,
  CreateTargetGroupCommand,
  DeleteRuleCommand,
  DescribeListenersCommand,
  DescribeRulesCommand,
  DescribeTagsCommand,
  DescribeTargetGroupsCommand,
  ModifyRuleCommand,
  SetRulePrioritiesCommand,
  type Action,
  type RuleCondition,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ruleForward, setRuleForward, trafficRule } from '../elbv2/rules.js';
import { caught, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.emulator.stop();
});

let n = 0;
let blue: string;
let green: string;
let listenerArn: string;

async function targetGroup(name: string) {
  const out = await h.elbv2.send(
    new CreateTargetGroupCommand({
      Name: name,
      Protocol: 'HTTP',
      Port: 8080,
      VpcId: 'vpc-1',
      TargetType: 'ip',
    }),
  );
  return out.TargetGroups![0]!.TargetGroupArn!;
}

const weighted = (blueWeight: number, greenWeight: number): Action[] => [
  {
    Type: 'forward',
    ForwardConfig: {
      TargetGroups: [
        { TargetGroupArn: blue, Weight: blueWeight },
        { TargetGroupArn: green, Weight: greenWeight },
      ],
    },
  },
];
const path = (...values: string[]): RuleCondition[] => [
  { Field: 'path-pattern', PathPatternConfig: { Values: values } },
];

async function rule(priority: number, conditions = path('/*'), actions = weighted(1, 0)) {
  const out = await h.elbv2.send(
    new CreateRuleCommand({
      ListenerArn: listenerArn,
      Priority: priority,
      Conditions: conditions,
      Actions: actions,
    }),
  );
  return out.Rules![0]!;
}

const priorities = async () =>
  (await h.elbv2.send(new DescribeRulesCommand({ ListenerArn: listenerArn }))).Rules!.map(
    (r) => r.Priority,
  );

// Each case gets its own load balancer, groups and listener.
beforeEach(async () => {
  n += 1;
  const lb = await h.elbv2.send(new CreateLoadBalancerCommand({ Name: `rules-${n}` }));
  blue = await targetGroup(`rules-${n}-blue`);
  green = await targetGroup(`rules-${n}-green`);
  const listener = await h.elbv2.send(
    new CreateListenerCommand({
      LoadBalancerArn: lb.LoadBalancers![0]!.LoadBalancerArn,
      Port: 80,
      Protocol: 'HTTP',
      DefaultActions: [{ Type: 'forward', TargetGroupArn: blue }],
    }),
  );
  listenerArn = listener.Listeners![0]!.ListenerArn!;
});

describe('CreateRule', () => {
  it('creates a path-pattern rule forwarding to both groups (1/0), shown as AWS shows it', async () => {
    const created = await rule(10);
    expect(created.RuleArn).toMatch(
      /:listener-rule\/app\/rules-\d+\/[0-9a-f]{16}\/[0-9a-f]{16}\/[0-9a-f]{16}$/,
    );
    expect(created).toEqual({
      RuleArn: created.RuleArn,
      Priority: '10',
      IsDefault: false,
      Conditions: [
        { Field: 'path-pattern', Values: ['/*'], PathPatternConfig: { Values: ['/*'] } },
      ],
      Actions: [
        {
          Type: 'forward',
          Order: 1,
          ForwardConfig: {
            TargetGroups: [
              { TargetGroupArn: blue, Weight: 1 },
              { TargetGroupArn: green, Weight: 0 },
            ],
            TargetGroupStickinessConfig: { Enabled: false },
          },
        },
      ],
    });
  });

  it('takes http-header and host-header conditions, and legacy Values for path-pattern', async () => {
    const created = await rule(5, [
      {
        Field: 'http-header',
        HttpHeaderConfig: { HttpHeaderName: 'X-Environment', Values: ['test'] },
      },
      { Field: 'host-header', HostHeaderConfig: { Values: ['*.example.com'] } },
      { Field: 'path-pattern', Values: ['/api/*'] },
    ]);
    expect(created.Conditions).toEqual([
      {
        Field: 'http-header',
        HttpHeaderConfig: { HttpHeaderName: 'X-Environment', Values: ['test'] },
      },
      {
        Field: 'host-header',
        Values: ['*.example.com'],
        HostHeaderConfig: { Values: ['*.example.com'] },
      },
      { Field: 'path-pattern', Values: ['/api/*'], PathPatternConfig: { Values: ['/api/*'] } },
    ]);
  });

  it('keeps tags given at creation', async () => {
    const out = await h.elbv2.send(
      new CreateRuleCommand({
        ListenerArn: listenerArn,
        Priority: 3,
        Conditions: path('/t'),
        Actions: weighted(1, 0),
        Tags: [{ Key: 'role', Value: 'production' }],
      }),
    );
    const tags = await h.elbv2.send(
      new DescribeTagsCommand({ ResourceArns: [out.Rules![0]!.RuleArn!] }),
    );
    expect(tags.TagDescriptions![0]!.Tags).toEqual([{ Key: 'role', Value: 'production' }]);
  });

  it('refuses a priority in use (PriorityInUse)', async () => {
    await rule(7);
    const error = await caught(rule(7, path('/other')));
    expect(error.name).toBe('PriorityInUseException');
  });

  it.each([
    ['priority 0', () => rule(0), 'ValidationError'],
    ['priority 50001', () => rule(50_001), 'ValidationError'],
    ['no condition', () => rule(1, []), 'ValidationError'],
    [
      'a query-string condition',
      () =>
        rule(1, [
          { Field: 'query-string', QueryStringConfig: { Values: [{ Key: 'a', Value: 'b' }] } },
        ]),
      'ValidationError',
    ],
    [
      'two path-pattern conditions',
      () => rule(1, [...path('/a'), ...path('/b')]),
      'ValidationError',
    ],
    [
      'six condition values',
      () => rule(1, path('/1', '/2', '/3', '/4', '/5', '/6')),
      'ValidationError',
    ],
    [
      'an http-header without a name',
      () => rule(1, [{ Field: 'http-header', HttpHeaderConfig: { Values: ['x'] } }]),
      'ValidationError',
    ],
    [
      'an unknown target group',
      () => rule(1, path('/'), [{ Type: 'forward', TargetGroupArn: `${blue}0` }]),
      'TargetGroupNotFoundException',
    ],
    [
      'a redirect action',
      () => rule(1, path('/'), [{ Type: 'redirect', RedirectConfig: { StatusCode: 'HTTP_301' } }]),
      'ValidationError',
    ],
    [
      'a target group twice',
      () =>
        rule(1, path('/'), [
          {
            Type: 'forward',
            ForwardConfig: { TargetGroups: [{ TargetGroupArn: blue }, { TargetGroupArn: blue }] },
          },
        ]),
      'ValidationError',
    ],
  ])('refuses %s (%s)', async (_, create, name) => {
    const error = await caught(create());
    expect(error.name).toBe(name);
  });

  it('refuses an unknown listener (ListenerNotFound)', async () => {
    const error = await caught(
      h.elbv2.send(
        new CreateRuleCommand({
          ListenerArn: `${listenerArn}0`,
          Priority: 1,
          Conditions: path('/'),
          Actions: weighted(1, 0),
        }),
      ),
    );
    expect(error.name).toBe('ListenerNotFoundException');
  });

  it('refuses a target group another load balancer uses (TargetGroupAssociationLimit)', async () => {
    const other = await h.elbv2.send(new CreateLoadBalancerCommand({ Name: `rules-${n}-other` }));
    const tg = await targetGroup(`rules-${n}-shared`);
    await h.elbv2.send(
      new CreateListenerCommand({
        LoadBalancerArn: other.LoadBalancers![0]!.LoadBalancerArn,
        Port: 80,
        DefaultActions: [{ Type: 'forward', TargetGroupArn: tg }],
      }),
    );
    const error = await caught(rule(1, path('/'), [{ Type: 'forward', TargetGroupArn: tg }]));
    expect(error.name).toBe('TargetGroupAssociationLimitException');
  });
});

describe('ModifyRule', () => {
  it('replaces only the actions when only actions are sent: weighted ForwardConfig, no scalar', async () => {
    const created = await rule(10, path('/app/*'), [{ Type: 'forward', TargetGroupArn: blue }]);
    expect(created.Actions![0]!.TargetGroupArn).toBe(blue);
    const out = await h.elbv2.send(
      new ModifyRuleCommand({ RuleArn: created.RuleArn, Actions: weighted(0, 100) }),
    );
    const modified = out.Rules![0]!;
    expect(modified.Conditions).toEqual(created.Conditions);
    expect(modified.Actions![0]!.TargetGroupArn).toBeUndefined();
    expect(modified.Actions![0]!.ForwardConfig!.TargetGroups!.map((t) => t.Weight)).toEqual([
      0, 100,
    ]);
  });

  it('replaces only the conditions when only conditions are sent', async () => {
    const created = await rule(10);
    const out = await h.elbv2.send(
      new ModifyRuleCommand({ RuleArn: created.RuleArn, Conditions: path('/v2/*') }),
    );
    expect(out.Rules![0]!.Conditions![0]!.Values).toEqual(['/v2/*']);
    expect(out.Rules![0]!.Actions).toEqual(created.Actions);
  });

  it('refuses an unknown rule (RuleNotFound)', async () => {
    const created = await rule(10);
    const error = await caught(
      h.elbv2.send(
        new ModifyRuleCommand({ RuleArn: `${created.RuleArn}0`, Actions: weighted(1, 0) }),
      ),
    );
    expect(error.name).toBe('RuleNotFoundException');
  });

  it('changes the default rule actions (the listener default action follows) but not its conditions', async () => {
    const [defaultRule] = (
      await h.elbv2.send(new DescribeRulesCommand({ ListenerArn: listenerArn }))
    ).Rules!;
    expect(defaultRule).toMatchObject({ Priority: 'default', IsDefault: true, Conditions: [] });
    await h.elbv2.send(
      new ModifyRuleCommand({ RuleArn: defaultRule!.RuleArn, Actions: weighted(50, 50) }),
    );
    const listener = await h.elbv2.send(
      new DescribeListenersCommand({ ListenerArns: [listenerArn] }),
    );
    expect(
      listener.Listeners![0]!.DefaultActions![0]!.ForwardConfig!.TargetGroups!.map((t) => t.Weight),
    ).toEqual([50, 50]);
    const error = await caught(
      h.elbv2.send(
        new ModifyRuleCommand({ RuleArn: defaultRule!.RuleArn, Conditions: path('/x') }),
      ),
    );
    expect(error.name).toBe('OperationNotPermittedException');
  });
});

describe('DescribeRules', () => {
  it('lists a listener’s rules by priority, the default rule last, and selected rules by ARN', async () => {
    const r20 = await rule(20);
    const r3 = await rule(3, path('/three'));
    expect(await priorities()).toEqual(['3', '20', 'default']);
    const some = await h.elbv2.send(
      new DescribeRulesCommand({ RuleArns: [r20.RuleArn!, r3.RuleArn!] }),
    );
    expect(some.Rules!.map((r) => r.Priority)).toEqual(['20', '3']);
  });

  it('pages with PageSize and Marker', async () => {
    for (const p of [1, 2, 3, 4]) await rule(p, path(`/${p}`));
    const first = await h.elbv2.send(
      new DescribeRulesCommand({ ListenerArn: listenerArn, PageSize: 2 }),
    );
    expect(first.Rules!.map((r) => r.Priority)).toEqual(['1', '2']);
    expect(first.NextMarker).toBeDefined();
    const second = await h.elbv2.send(
      new DescribeRulesCommand({ ListenerArn: listenerArn, PageSize: 2, Marker: first.NextMarker }),
    );
    const third = await h.elbv2.send(
      new DescribeRulesCommand({
        ListenerArn: listenerArn,
        PageSize: 2,
        Marker: second.NextMarker,
      }),
    );
    expect(second.Rules!.map((r) => r.Priority)).toEqual(['3', '4']);
    expect(third.Rules!.map((r) => r.Priority)).toEqual(['default']);
    expect(third.NextMarker).toBeUndefined();
  });

  it.each([
    ['neither a listener nor rules', {}, 'ValidationError'],
    ['an unknown listener', { unknownListener: true }, 'ListenerNotFoundException'],
    ['an unknown rule', { unknownRule: true }, 'RuleNotFoundException'],
  ])('refuses %s (%s)', async (_, how: Record<string, boolean>, name) => {
    const input = how.unknownListener
      ? { ListenerArn: `${listenerArn}0` }
      : how.unknownRule
        ? { RuleArns: [`${listenerArn.replace(':listener/', ':listener-rule/')}/0000000000000000`] }
        : {};
    const error = await caught(h.elbv2.send(new DescribeRulesCommand(input)));
    expect(error.name).toBe(name);
  });
});

describe('DeleteRule and SetRulePriorities', () => {
  it('DeleteRule removes a rule; the default rule cannot be deleted (OperationNotPermitted)', async () => {
    const created = await rule(4);
    await h.elbv2.send(new DeleteRuleCommand({ RuleArn: created.RuleArn }));
    expect(await priorities()).toEqual(['default']);
    const again = await caught(h.elbv2.send(new DeleteRuleCommand({ RuleArn: created.RuleArn })));
    expect(again.name).toBe('RuleNotFoundException');
    const [defaultRule] = (
      await h.elbv2.send(new DescribeRulesCommand({ ListenerArn: listenerArn }))
    ).Rules!;
    const error = await caught(
      h.elbv2.send(new DeleteRuleCommand({ RuleArn: defaultRule!.RuleArn })),
    );
    expect(error.name).toBe('OperationNotPermittedException');
  });

  it('deleting the last rule that forwards to a group frees it from the load balancer', async () => {
    const created = await rule(4);
    const linked = async () =>
      (await h.elbv2.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [green] })))
        .TargetGroups![0]!.LoadBalancerArns;
    expect(await linked()).toHaveLength(1);
    await h.elbv2.send(new DeleteRuleCommand({ RuleArn: created.RuleArn }));
    expect(await linked()).toEqual([]);
  });

  it('SetRulePriorities swaps two rules in one call', async () => {
    const a = await rule(1, path('/a'));
    const b = await rule(2, path('/b'));
    const out = await h.elbv2.send(
      new SetRulePrioritiesCommand({
        RulePriorities: [
          { RuleArn: a.RuleArn, Priority: 2 },
          { RuleArn: b.RuleArn, Priority: 1 },
        ],
      }),
    );
    expect(out.Rules!.map((r) => [r.RuleArn, r.Priority])).toEqual([
      [a.RuleArn, '2'],
      [b.RuleArn, '1'],
    ]);
  });

  it('SetRulePriorities refuses a clash (PriorityInUse) and changes nothing', async () => {
    const a = await rule(1, path('/a'));
    const b = await rule(2, path('/b'));
    await rule(3, path('/c'));
    const error = await caught(
      h.elbv2.send(
        new SetRulePrioritiesCommand({
          RulePriorities: [
            { RuleArn: a.RuleArn, Priority: 5 },
            { RuleArn: b.RuleArn, Priority: 3 },
          ],
        }),
      ),
    );
    expect(error.name).toBe('PriorityInUseException');
    expect(await priorities()).toEqual(['1', '2', '3', 'default']);
  });

  it('SetRulePriorities refuses the default rule (OperationNotPermitted) and an unknown rule (RuleNotFound)', async () => {
    const created = await rule(1);
    const [, defaultRule] = (
      await h.elbv2.send(new DescribeRulesCommand({ ListenerArn: listenerArn }))
    ).Rules!;
    const refused = await caught(
      h.elbv2.send(
        new SetRulePrioritiesCommand({
          RulePriorities: [{ RuleArn: defaultRule!.RuleArn, Priority: 9 }],
        }),
      ),
    );
    expect(refused.name).toBe('OperationNotPermittedException');
    const unknown = await caught(
      h.elbv2.send(
        new SetRulePrioritiesCommand({
          RulePriorities: [{ RuleArn: `${created.RuleArn}0`, Priority: 9 }],
        }),
      ),
    );
    expect(unknown.name).toBe('RuleNotFoundException');
  });
});

describe('the rules contract ECS-native deployments use', () => {
  it('trafficRule takes a rule ARN or (NLB) a listener ARN; setRuleForward shows as ModifyRule would', async () => {
    const created = await rule(10);
    const state = h.emulator.state;
    expect(trafficRule(state, created.RuleArn!)?.priority).toBe(10);
    expect(trafficRule(state, listenerArn)?.priority).toBe('default');
    expect(trafficRule(state, `${listenerArn}0`)).toBeUndefined();
    const production = trafficRule(state, created.RuleArn!)!;
    setRuleForward(state, production, [
      { targetGroupArn: blue, weight: 90 },
      { targetGroupArn: green, weight: 10 },
    ]);
    expect(ruleForward(production)).toEqual([
      { targetGroupArn: blue, weight: 90 },
      { targetGroupArn: green, weight: 10 },
    ]);
    const seen = await h.elbv2.send(new DescribeRulesCommand({ RuleArns: [created.RuleArn!] }));
    const action = seen.Rules![0]!.Actions![0]!;
    expect(action.TargetGroupArn).toBeUndefined();
    expect(action.ForwardConfig!.TargetGroups!.map((t) => t.Weight)).toEqual([90, 10]);
  });
});
