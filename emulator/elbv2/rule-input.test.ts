import { describe, expect, it } from 'vitest';
import { AwsError } from '../protocol/json-service.js';
import { emptyState } from '../state.js';
import { parseActions, parseConditions, parseWeight } from './rule-input.js';

describe('parseWeight', () => {
  it.each([
    [undefined, 1],
    ['0', 0],
    ['1', 1],
    ['999', 999],
  ])('%s → %s', (raw, weight) => {
    expect(parseWeight(raw)).toBe(weight);
  });

  it.each(['1000', '-1', '1.5', 'ten', ''])('refuses %j', (raw) => {
    expect(() => parseWeight(raw)).toThrow(/integer from 0 to 999/);
  });
});

describe('parseConditions', () => {
  it('reads each field from its config or the legacy Values', () => {
    expect(
      parseConditions({
        'Conditions.member.1.Field': 'path-pattern',
        'Conditions.member.1.Values.member.1': '/a/*',
        'Conditions.member.2.Field': 'http-header',
        'Conditions.member.2.HttpHeaderConfig.HttpHeaderName': 'X-Env',
        'Conditions.member.2.HttpHeaderConfig.Values.member.1': 'test',
        'Conditions.member.2.HttpHeaderConfig.Values.member.2': 'qa',
      }),
    ).toEqual([
      { field: 'path-pattern', values: ['/a/*'] },
      { field: 'http-header', headerName: 'X-Env', values: ['test', 'qa'] },
    ]);
  });

  it.each([
    [{ 'Conditions.member.1.Field': 'source-ip' }, /not supported/],
    [{ 'Conditions.member.1.Field': 'path-pattern' }, /at least one value/],
    [
      {
        'Conditions.member.1.Field': 'path-pattern',
        'Conditions.member.1.PathPatternConfig.RegexValues.member.1': '^/a$',
      },
      /RegexValues/,
    ],
    [
      {
        'Conditions.member.1.Field': 'path-pattern',
        'Conditions.member.1.Values.member.1': 'x'.repeat(129),
      },
      /longer than 128/,
    ],
  ])('refuses %j', (params, message) => {
    expect(() => parseConditions(params)).toThrow(message);
  });
});

describe('parseActions', () => {
  const state = emptyState('123456789012', 'us-east-1');
  state.elb.targetGroups.set('tg-a', {
    arn: 'tg-a',
    name: 'a',
    port: 80,
    protocol: 'HTTP',
    vpcId: 'vpc-1',
    targetType: 'ip',
    healthCheckPath: '/',
    loadBalancerArns: [],
  });

  it('turns a scalar TargetGroupArn into weight 1 and orders actions from 1', () => {
    expect(
      parseActions(
        state,
        { 'Actions.member.1.Type': 'forward', 'Actions.member.1.TargetGroupArn': 'tg-a' },
        'Actions',
        'lb',
      ),
    ).toEqual([
      { type: 'forward', order: 1, targetGroups: [{ targetGroupArn: 'tg-a', weight: 1 }] },
    ]);
  });

  it('needs exactly one action', () => {
    const error = (() => {
      try {
        parseActions(state, {}, 'DefaultActions', 'lb');
      } catch (e) {
        return e as AwsError;
      }
    })();
    expect(error?.code).toBe('ValidationError');
    expect(error?.message).toContain('DefaultActions must contain exactly one action');
  });

  it('refuses stickiness without a duration', () => {
    expect(() =>
      parseActions(
        state,
        {
          'Actions.member.1.Type': 'forward',
          'Actions.member.1.ForwardConfig.TargetGroups.member.1.TargetGroupArn': 'tg-a',
          'Actions.member.1.ForwardConfig.TargetGroupStickinessConfig.Enabled': 'true',
        },
        'Actions',
        'lb',
      ),
    ).toThrow(/DurationSeconds is required/);
  });
});
