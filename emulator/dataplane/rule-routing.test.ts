import { describe, expect, it } from 'vitest';
import { rulePriorityOrder } from '../elbv2/rules.js';
import type { ListenerRule, RuleCondition } from '../state.js';
import {
  conditionMatches,
  matchingRule,
  wildcardMatches,
  type RequestFacts,
} from './rule-routing.js';

describe('wildcardMatches', () => {
  it.each([
    ['/test/*', '/test/a/b', false, true],
    ['/test/*', '/test', false, false],
    ['/test*', '/test', false, true],
    ['/api/v?', '/api/v1', false, true],
    ['/api/v?', '/api/v10', false, false],
    ['/API/*', '/api/x', false, false],
    ['/API/*', '/api/x', true, true],
    ['*.example.com', 'beta.example.com', true, true],
    ['a.b', 'axb', false, false],
    ['(x)+[y]', '(x)+[y]', false, true],
    ['*', '', false, true],
  ])('%s against %s (ignore case %s) → %s', (pattern, value, ignoreCase, expected) => {
    expect(wildcardMatches(pattern, value, ignoreCase)).toBe(expected);
  });
});

const req = (url: string, headers: RequestFacts['headers'] = {}): RequestFacts => ({
  url,
  headers,
});

describe('conditionMatches', () => {
  const path: RuleCondition = { field: 'path-pattern', values: ['/test/*', '/beta'] };
  const header: RuleCondition = {
    field: 'http-header',
    headerName: 'X-Environment',
    values: ['test', 'qa-*'],
  };
  const host: RuleCondition = { field: 'host-header', values: ['test.example.com'] };
  it.each([
    [path, req('/test/x?y=1'), true],
    [path, req('/beta?z'), true],
    [path, req('/other', {}), false],
    [path, req('/x?/test/y'), false],
    [header, req('/', { 'x-environment': 'TEST' }), true],
    [header, req('/', { 'x-environment': 'qa-7' }), true],
    [header, req('/', { 'x-environment': 'prod' }), false],
    [header, req('/', {}), false],
    [host, req('/', { host: 'Test.Example.com:8080' }), true],
    [host, req('/', { host: 'example.com' }), false],
  ])('%j on %j → %s', (condition, request, expected) => {
    expect(conditionMatches(condition, request)).toBe(expected);
  });
});

describe('matchingRule', () => {
  const rule = (priority: number | 'default', conditions: RuleCondition[]): ListenerRule => ({
    arn: `rule-${priority}`,
    listenerArn: 'l',
    priority,
    conditions,
    actions: [],
  });
  const rules = [
    rule('default', []),
    rule(20, [{ field: 'path-pattern', values: ['/*'] }]),
    rule(5, [
      { field: 'path-pattern', values: ['/test/*'] },
      { field: 'http-header', headerName: 'x-env', values: ['test'] },
    ]),
  ].sort((a, b) => rulePriorityOrder(a.priority, b.priority));

  it.each([
    ['/test/a', { 'x-env': 'test' }, 'rule-5'],
    ['/test/a', {}, 'rule-20'],
    ['/anything', {}, 'rule-20'],
    ['noslash', {}, 'rule-default'],
  ])('%s %j → %s', (url, headers, arn) => {
    expect(matchingRule(rules, req(url, headers))?.arn).toBe(arn);
  });

  it('orders by priority number, the default rule last', () => {
    expect(rules.map((r) => r.priority)).toEqual([5, 20, 'default']);
  });
});
