/** CreateRule, ModifyRule, DescribeRules, DeleteRule, SetRulePriorities. */
import { randomBytes } from 'node:crypto';
import { AwsError } from '../protocol/json-service.js';
import type { QueryHandler, QueryParams } from '../protocol/query.js';
import type { EmulatorState, ListenerRule } from '../state.js';
import { listenerNotFound, ruleNotFound } from './errors.js';
import { ruleArn } from './names.js';
import { integer, memberList, present, structList, tagsOf, validation } from './params.js';
import { parseActions, parseConditions } from './rule-input.js';
import {
  associateTargetGroups,
  listenerRules,
  releaseTargetGroups,
  ruleTargetGroups,
} from './rules.js';
import { setTags } from './tags.js';
import { ruleView } from './views.js';

/** AWS's default quota of rules per listener, the default rule not counted. */
const MAX_RULES = 100;

const priorityInUse = (priority: number): AwsError =>
  new AwsError('PriorityInUse', `Priority '${priority}' is currently in use`);
const defaultRuleRefused = (): AwsError =>
  new AwsError(
    'OperationNotPermitted',
    'The default rule cannot be changed this way: use ModifyListener for its actions',
  );

function priorityOf(raw: string | undefined): number {
  const value = /^\d+$/.test(raw ?? '') ? Number(raw) : NaN;
  if (!(value >= 1 && value <= 50_000))
    throw validation(`Priority '${raw ?? ''}' is not valid: write an integer from 1 to 50000`);
  return value;
}

function ruleOf(state: EmulatorState, arn: string | undefined): ListenerRule {
  const rule = state.elb.rules.get(arn ?? '');
  if (!rule) throw ruleNotFound();
  return rule;
}

const lbOf = (state: EmulatorState, rule: ListenerRule): string =>
  state.elb.listeners.get(rule.listenerArn)!.loadBalancerArn;

function createRule(state: EmulatorState, params: QueryParams): ListenerRule {
  const listener = state.elb.listeners.get(params.ListenerArn ?? '');
  if (!listener) throw listenerNotFound();
  const priority = priorityOf(params.Priority);
  const conditions = parseConditions(params);
  if (!conditions.length) throw validation('A rule needs at least one condition (Conditions)');
  const actions = parseActions(state, params, 'Actions', listener.loadBalancerArn);
  const siblings = listenerRules(state, listener.arn);
  if (siblings.some((r) => r.priority === priority)) throw priorityInUse(priority);
  if (siblings.length - 1 >= MAX_RULES)
    throw new AwsError('TooManyRules', `A listener can have at most ${MAX_RULES} rules`);
  const tags = tagsOf(params);
  const rule: ListenerRule = {
    arn: ruleArn(listener.arn, randomBytes(8).toString('hex')),
    listenerArn: listener.arn,
    priority,
    conditions,
    actions,
  };
  state.elb.rules.set(rule.arn, rule);
  setTags(state, rule.arn, tags);
  for (const a of actions)
    if (a.type === 'forward')
      associateTargetGroups(state, listener.loadBalancerArn, a.targetGroups);
  return rule;
}

/** Replaces only what the request sends; lists wholesale. The default rule takes actions only [infer]. */
function modifyRule(state: EmulatorState, params: QueryParams): ListenerRule {
  const rule = ruleOf(state, params.RuleArn);
  const lbArn = lbOf(state, rule);
  if (present(params, 'Conditions')) {
    if (rule.priority === 'default') throw defaultRuleRefused();
    const conditions = parseConditions(params);
    if (!conditions.length) throw validation('A rule needs at least one condition (Conditions)');
    rule.conditions = conditions;
  }
  if (present(params, 'Actions')) {
    const actions = parseActions(state, params, 'Actions', lbArn);
    const before = ruleTargetGroups(rule);
    rule.actions = actions;
    for (const a of actions)
      if (a.type === 'forward') associateTargetGroups(state, lbArn, a.targetGroups);
    releaseTargetGroups(state, lbArn, before);
  }
  return rule;
}

/** Checks every move first, so a refused request changes nothing. */
function setRulePriorities(state: EmulatorState, params: QueryParams): ListenerRule[] {
  const moves = structList(params, 'RulePriorities').map((m) => ({
    rule: ruleOf(state, m.RuleArn),
    priority: priorityOf(m.Priority),
  }));
  if (!moves.length) throw validation('RulePriorities must list at least one rule');
  if (moves.some((m) => m.rule.priority === 'default')) throw defaultRuleRefused();
  const after = new Map<string, number | 'default'>();
  for (const rule of state.elb.rules.values()) after.set(rule.arn, rule.priority);
  for (const m of moves) after.set(m.rule.arn, m.priority);
  for (const m of moves) {
    const clash = [...state.elb.rules.values()].some(
      (r) =>
        r.listenerArn === m.rule.listenerArn &&
        r.arn !== m.rule.arn &&
        after.get(r.arn) === m.priority,
    );
    if (clash) throw priorityInUse(m.priority);
  }
  for (const m of moves) m.rule.priority = m.priority;
  return moves.map((m) => m.rule);
}

function describeRules(state: EmulatorState, params: QueryParams): Record<string, unknown> {
  const ruleArns = memberList(params, 'RuleArns');
  const listenerArn = params.ListenerArn;
  if (!ruleArns.length === !listenerArn)
    throw validation('You must specify either listener rule ARNs or a listener ARN, not both');
  if (listenerArn && !state.elb.listeners.has(listenerArn)) throw listenerNotFound();
  const rules = ruleArns.length
    ? ruleArns.map((arn) => ruleOf(state, arn))
    : listenerRules(state, listenerArn!);
  const pageSize = integer(params, 'PageSize', 1, 400) ?? 400;
  const start = params.Marker ? Number(Buffer.from(params.Marker, 'base64').toString()) : 0;
  if (!Number.isInteger(start) || start < 0 || start > rules.length)
    throw validation(
      `Marker '${params.Marker}' is not valid: pass the NextMarker of the previous page`,
    );
  const page = rules.slice(start, start + pageSize);
  const next =
    start + pageSize < rules.length
      ? Buffer.from(String(start + pageSize)).toString('base64')
      : undefined;
  return { Rules: page.map(ruleView), NextMarker: next };
}

export function ruleHandlers(state: EmulatorState): Record<string, QueryHandler> {
  return {
    CreateRule: (params) => ({ Rules: [ruleView(createRule(state, params))] }),
    ModifyRule: (params) => ({ Rules: [ruleView(modifyRule(state, params))] }),
    DescribeRules: (params) => describeRules(state, params),
    DeleteRule(params) {
      const rule = ruleOf(state, params.RuleArn);
      if (rule.priority === 'default')
        throw new AwsError('OperationNotPermitted', 'The default rule cannot be deleted');
      state.elb.rules.delete(rule.arn);
      state.elb.tags.delete(rule.arn);
      releaseTargetGroups(state, lbOf(state, rule), ruleTargetGroups(rule));
      return {};
    },
    SetRulePriorities: (params) => ({ Rules: setRulePriorities(state, params).map(ruleView) }),
  };
}
