/**
 * Listener rules: the one place forward weights live. A listener's default actions are its default
 * rule's actions, so CodeDeploy (listener default action), ECS-native deployments (listener rules,
 * or an NLB listener's default action) and the data plane all read and write the same records.
 */
import type { EmulatorState, ForwardRuleAction, Listener, ListenerRule } from '../state.js';
import { defaultRuleArn } from './names.js';

export interface ForwardTarget {
  targetGroupArn: string;
  weight: number;
}

export function findRule(state: EmulatorState, ruleArn: string): ListenerRule | undefined {
  return state.elb.rules.get(ruleArn);
}

export function defaultRuleOf(state: EmulatorState, listenerArn: string): ListenerRule | undefined {
  return state.elb.rules.get(defaultRuleArn(listenerArn));
}

/** The rule traffic is shifted on: an ALB listener-rule ARN, or (NLB) a listener ARN meaning its default rule. Undefined if unknown. */
export function trafficRule(
  state: EmulatorState,
  ruleOrListenerArn: string,
): ListenerRule | undefined {
  return state.elb.listeners.has(ruleOrListenerArn)
    ? defaultRuleOf(state, ruleOrListenerArn)
    : findRule(state, ruleOrListenerArn);
}

function forwardActionOf(rule: ListenerRule): ForwardRuleAction | undefined {
  return rule.actions.find((a): a is ForwardRuleAction => a.type === 'forward');
}

export function ruleForward(rule: ListenerRule): ForwardTarget[] {
  return (forwardActionOf(rule)?.targetGroups ?? []).map((t) => ({ ...t }));
}

/** A listener's default forward weights (what CodeDeploy shifts). */
export function listenerForward(state: EmulatorState, listenerArn: string): ForwardTarget[] {
  const rule = defaultRuleOf(state, listenerArn);
  return rule ? ruleForward(rule) : [];
}

/** What ECS does through ModifyRule/ModifyListener: the forward action becomes a weighted ForwardConfig only (no scalar TargetGroupArn). */
export function setRuleForward(
  state: EmulatorState,
  rule: ListenerRule,
  targets: ForwardTarget[],
): void {
  const targetGroups = targets.map((t) => ({ targetGroupArn: t.targetGroupArn, weight: t.weight }));
  const existing = forwardActionOf(rule);
  if (existing) existing.targetGroups = targetGroups;
  else rule.actions = [{ type: 'forward', order: 1, targetGroups }];
  const listener = state.elb.listeners.get(rule.listenerArn);
  if (listener) associateTargetGroups(state, listener.loadBalancerArn, targetGroups);
}

/** A target group an action forwards to belongs to that load balancer from then on. */
export function associateTargetGroups(
  state: EmulatorState,
  loadBalancerArn: string,
  targets: { targetGroupArn: string }[],
): void {
  for (const t of targets) {
    const tg = state.elb.targetGroups.get(t.targetGroupArn);
    if (tg && !tg.loadBalancerArns.includes(loadBalancerArn))
      tg.loadBalancerArns.push(loadBalancerArn);
  }
}

/** A listener's rules in evaluation order: by priority, the default rule last. */
export function listenerRules(state: EmulatorState, listenerArn: string): ListenerRule[] {
  return [...state.elb.rules.values()]
    .filter((r) => r.listenerArn === listenerArn)
    .sort((a, b) => rulePriorityOrder(a.priority, b.priority));
}

export function rulePriorityOrder(a: number | 'default', b: number | 'default'): number {
  if (a === b) return 0;
  if (a === 'default') return 1;
  if (b === 'default') return -1;
  return a - b;
}

/** Adds a listener with its default rule, which holds the listener's default actions. */
export function addListener(
  state: EmulatorState,
  listener: Listener,
  defaultActions: ListenerRule['actions'],
): ListenerRule {
  state.elb.listeners.set(listener.arn, listener);
  const rule: ListenerRule = {
    arn: defaultRuleArn(listener.arn),
    listenerArn: listener.arn,
    priority: 'default',
    conditions: [],
    actions: defaultActions,
  };
  state.elb.rules.set(rule.arn, rule);
  for (const action of defaultActions) {
    if (action.type === 'forward')
      associateTargetGroups(state, listener.loadBalancerArn, action.targetGroups);
  }
  return rule;
}

/** Target groups a rule's actions forward to. */
export function ruleTargetGroups(rule: ListenerRule): string[] {
  return rule.actions.flatMap((a) =>
    a.type === 'forward' ? a.targetGroups.map((t) => t.targetGroupArn) : [],
  );
}

/** Whether any listener or rule forwards to the target group. */
export function targetGroupInUse(state: EmulatorState, targetGroupArn: string): boolean {
  return [...state.elb.rules.values()].some((r) => ruleTargetGroups(r).includes(targetGroupArn));
}

/** After rules changed or went away: target groups no rule of the load balancer uses leave it. */
export function releaseTargetGroups(
  state: EmulatorState,
  loadBalancerArn: string,
  candidates: string[],
): void {
  const used = new Set(
    [...state.elb.rules.values()]
      .filter((r) => state.elb.listeners.get(r.listenerArn)?.loadBalancerArn === loadBalancerArn)
      .flatMap(ruleTargetGroups),
  );
  for (const arn of candidates) {
    const tg = state.elb.targetGroups.get(arn);
    if (tg && !used.has(arn))
      tg.loadBalancerArns = tg.loadBalancerArns.filter((lb) => lb !== loadBalancerArn);
  }
}
