import { describe, expect, it } from 'vitest';
import { applySeed, SeedError, type Seed } from '../seed.js';
import { emptyState } from '../state.js';
import { listenerRules, ruleForward } from './rules.js';

const seed = (rules: unknown[]): Seed => ({
  account: '123456789012',
  region: 'us-east-1',
  loadBalancers: [
    {
      name: 'web',
      targetGroups: [
        { name: 'web-blue', port: 8080 },
        { name: 'web-green', port: 8080 },
      ],
      listeners: [{ port: 80, targetGroup: 'web-blue', rules: rules as never }],
    },
  ],
});

function load(rules: unknown[]) {
  const state = emptyState('123456789012', 'us-east-1');
  applySeed(state, seed(rules), { taskHealth: () => 'healthy' }, 0);
  return state;
}

describe('listener rules in a seed', () => {
  it('adds the rules before the default rule, with their conditions and weights', () => {
    const rulesInput = [
      {
        priority: 10,
        conditions: { pathPattern: ['/*'] },
        forward: [
          { targetGroup: 'web-blue', weight: 1 },
          { targetGroup: 'web-green', weight: 0 },
        ],
      },
      {
        priority: 5,
        conditions: { httpHeader: [{ name: 'X-Environment', values: ['test'] }] },
        forward: [{ targetGroup: 'web-green' }],
      },
    ];
    const state = load(rulesInput);
    const [listener] = state.elb.listeners.values();
    const rules = listenerRules(state, listener!.arn);
    expect(rules.map((r) => r.priority)).toEqual([5, 10, 'default']);
    expect(rules[0]!.conditions).toEqual([
      { field: 'http-header', headerName: 'X-Environment', values: ['test'] },
    ]);
    expect(ruleForward(rules[1]!).map((f) => f.weight)).toEqual([1, 0]);
    // The same seed yields the same ARNs.
    const again = load(rulesInput);
    expect(listenerRules(again, listener!.arn).map((r) => r.arn)).toEqual(rules.map((r) => r.arn));
  });

  it.each([
    [
      { priority: 1, conditions: {}, forward: [{ targetGroup: 'web-blue' }] },
      /at least one condition/,
    ],
    [
      { priority: 1, conditions: { pathPattern: ['/'] }, forward: [{ targetGroup: 'nope' }] },
      /TargetGroupNotFound/,
    ],
    [{ priority: 1, conditions: { cookie: ['x'] }, forward: [] }, /unknown key\(s\) cookie/],
    [
      { priority: 0, conditions: { pathPattern: ['/'] }, forward: [{ targetGroup: 'web-blue' }] },
      /priority '0'/,
    ],
  ])('refuses %j with one line naming where', (rule, message) => {
    const error = (() => {
      try {
        load([rule]);
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error).toBeInstanceOf(SeedError);
    expect(error!.message).toMatch(/^seed: loadBalancers\[0\]\.listeners\[0\]\.rules\[0\]: /);
    expect(error!.message).toMatch(message);
  });
});
