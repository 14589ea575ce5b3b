/**
 * From the ELBv2 state to what a listener proxy does with a request: the matching rule's forward
 * weights over the targets in rotation, or its fixed response; and the rule summary that
 * `GET /_emulator/dataplane` shows per listener.
 */
import { listenerRules } from '../elbv2/rules.js';
import type { EmulatorState, ListenerRule, RuleCondition } from '../state.js';
import type { Route, RouteTarget } from './listener-proxy.js';
import { matchingRule, type RequestFacts } from './rule-routing.js';

export type InRotation = (targetGroupArn: string) => RouteTarget[];

export interface RuleInfo {
  ruleArn: string;
  priority: number | 'default';
  /** e.g. `path-pattern /test/*`, `http-header X-Environment=test|qa`. */
  conditions: string[];
  forward?: { targetGroupName: string; weight: number; targetsInRotation: number }[];
  fixedResponse?: string;
}

export function routeFor(
  state: EmulatorState,
  listenerArn: string,
  request: RequestFacts,
  inRotation: InRotation,
): Route | undefined {
  const rule = matchingRule(listenerRules(state, listenerArn), request);
  const action = rule?.actions[0];
  if (!rule || !action) return undefined;
  if (action.type === 'fixed-response') {
    return {
      ruleArn: rule.arn,
      fixed: {
        statusCode: Number(action.statusCode),
        ...(action.contentType ? { contentType: action.contentType } : {}),
        ...(action.messageBody !== undefined ? { body: action.messageBody } : {}),
      },
    };
  }
  return {
    ruleArn: rule.arn,
    groups: action.targetGroups.map((f) => ({
      targetGroupArn: f.targetGroupArn,
      weight: f.weight,
      targets: inRotation(f.targetGroupArn),
    })),
  };
}

export function conditionText(c: RuleCondition): string {
  const values = c.values.join('|');
  return c.field === 'http-header'
    ? `http-header ${c.headerName}=${values}`
    : `${c.field} ${values}`;
}

function ruleInfo(state: EmulatorState, rule: ListenerRule, inRotation: InRotation): RuleInfo {
  const action = rule.actions[0];
  return {
    ruleArn: rule.arn,
    priority: rule.priority,
    conditions: rule.conditions.map(conditionText),
    ...(action?.type === 'forward'
      ? {
          forward: action.targetGroups.map((f) => ({
            targetGroupName: state.elb.targetGroups.get(f.targetGroupArn)?.name ?? '',
            weight: f.weight,
            targetsInRotation: inRotation(f.targetGroupArn).length,
          })),
        }
      : {}),
    ...(action?.type === 'fixed-response' ? { fixedResponse: action.statusCode } : {}),
  };
}

/** The listener's rules in evaluation order, the default rule last. */
export function rulesInfo(
  state: EmulatorState,
  listenerArn: string,
  inRotation: InRotation,
): RuleInfo[] {
  return listenerRules(state, listenerArn).map((r) => ruleInfo(state, r, inRotation));
}
