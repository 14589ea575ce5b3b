/**
 * Listener rules declared in a seed (`loadBalancers[].listeners[].rules`). They are written as the
 * CreateRule parameters they stand for and checked by the same code; ARNs follow from the listener
 * and priority, so a seed always yields the same ARNs.
 */
import type { QueryParams } from '../protocol/query.js';
import type { EmulatorState } from '../state.js';
import { ruleArn, targetGroupArn } from './names.js';
import { parseActions, parseConditions } from './rule-input.js';
import { associateTargetGroups, listenerRules } from './rules.js';

export interface SeedRule {
  priority: number;
  conditions: {
    pathPattern?: string[];
    hostHeader?: string[];
    httpHeader?: { name: string; values: string[] }[];
  };
  /** Target groups of this load balancer by name; weight 1 when omitted. */
  forward: { targetGroup: string; weight?: number }[];
}

function values(params: QueryParams, prefix: string, list: unknown): void {
  if (!Array.isArray(list)) throw new Error(`${prefix} must be a list of strings`);
  list.forEach((v, i) => (params[`${prefix}.Values.member.${i + 1}`] = String(v)));
}

/** The CreateRule parameters a seed rule stands for. */
export function seedRuleParams(state: EmulatorState, rule: SeedRule): QueryParams {
  const params: QueryParams = { Priority: String(rule.priority) };
  const c = rule.conditions ?? {};
  const unknown = Object.keys(c).filter(
    (k) => !['pathPattern', 'hostHeader', 'httpHeader'].includes(k),
  );
  if (unknown.length)
    throw new Error(
      `conditions: unknown key(s) ${unknown.join(', ')}; allowed: pathPattern, hostHeader, httpHeader`,
    );
  let n = 0;
  const next = (field: string) => {
    const prefix = `Conditions.member.${++n}`;
    params[`${prefix}.Field`] = field;
    return prefix;
  };
  if (c.pathPattern) values(params, `${next('path-pattern')}.PathPatternConfig`, c.pathPattern);
  if (c.hostHeader) values(params, `${next('host-header')}.HostHeaderConfig`, c.hostHeader);
  for (const h of c.httpHeader ?? []) {
    const prefix = `${next('http-header')}.HttpHeaderConfig`;
    params[`${prefix}.HttpHeaderName`] = String(h?.name ?? '');
    values(params, prefix, h?.values);
  }
  params['Actions.member.1.Type'] = 'forward';
  if (!Array.isArray(rule.forward)) throw new Error('forward must list target groups');
  rule.forward.forEach((f, i) => {
    const prefix = `Actions.member.1.ForwardConfig.TargetGroups.member.${i + 1}`;
    params[`${prefix}.TargetGroupArn`] = targetGroupArn(
      state.region,
      state.account,
      String(f?.targetGroup),
    );
    if (f?.weight !== undefined) params[`${prefix}.Weight`] = String(f.weight);
  });
  return params;
}

/** Adds one seeded rule to a listener; throws the API's error for a bad one. */
export function addSeedRule(state: EmulatorState, listenerArn: string, rule: SeedRule): void {
  const listener = state.elb.listeners.get(listenerArn)!;
  const params = seedRuleParams(state, rule);
  const priority = Number(rule.priority);
  if (!Number.isInteger(priority) || priority < 1 || priority > 50_000)
    throw new Error(`priority '${rule.priority}' must be an integer from 1 to 50000`);
  if (listenerRules(state, listenerArn).some((r) => r.priority === priority))
    throw new Error(`priority ${priority} is used by another rule of this listener`);
  const conditions = parseConditions(params);
  if (!conditions.length) throw new Error('a rule needs at least one condition');
  const actions = parseActions(state, params, 'Actions', listener.loadBalancerArn);
  const arn = ruleArn(listenerArn, String(priority));
  state.elb.rules.set(arn, { arn, listenerArn, priority, conditions, actions });
  for (const a of actions)
    if (a.type === 'forward')
      associateTargetGroups(state, listener.loadBalancerArn, a.targetGroups);
}
