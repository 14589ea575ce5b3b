/**
 * What ECS does to the listener rules during a native deployment (spec §2.2, §6.4): it only reads
 * and rewrites existing rules (ModifyRule, or an NLB listener's default action) through the ELBv2
 * rule model in `elbv2/rules.ts`.
 */
import { ruleForward, setRuleForward, trafficRule } from '../../elbv2/rules.js';
import type { EmulatorState } from '../../state.js';
import type { NativeDeployment } from './model.js';
import { REASONS } from './stages.js';

/**
 * ELB weights are integers: a whole percentage is written as is (0-100), a 0.1 step as per mille
 * (0-1000) [infer, spec §2.3 open question 4].
 */
export function weightsFor(greenPercent: number): { blue: number; green: number } {
  if (Number.isInteger(greenPercent)) return { blue: 100 - greenPercent, green: greenPercent };
  const green = Math.round(greenPercent * 10);
  return { blue: 1000 - green, green };
}

function write(
  state: EmulatorState,
  ruleArn: string | undefined,
  d: NativeDeployment,
  greenPercent: number,
): void {
  if (!ruleArn || !d.blueTargetGroupArn || !d.greenTargetGroupArn) return;
  const rule = trafficRule(state, ruleArn);
  if (!rule) return;
  const w = weightsFor(greenPercent);
  setRuleForward(state, rule, [
    { targetGroupArn: d.blueTargetGroupArn, weight: w.blue },
    { targetGroupArn: d.greenTargetGroupArn, weight: w.green },
  ]);
}

export function shiftProduction(
  state: EmulatorState,
  d: NativeDeployment,
  greenPercent: number,
): void {
  write(state, d.productionRule, d, greenPercent);
  d.productionPercent = greenPercent;
}

export function shiftTest(state: EmulatorState, d: NativeDeployment, toGreen: boolean): void {
  write(state, d.testRule, d, toGreen ? 100 : 0);
  d.testOnGreen = toGreen;
}

/** Spec §1.2: both target groups must be on the production rule or the test rule. */
export function networkProblem(state: EmulatorState, d: NativeDeployment): string | undefined {
  if (!d.productionRule) return undefined;
  const prod = trafficRule(state, d.productionRule);
  const test = d.testRule ? trafficRule(state, d.testRule) : undefined;
  if (!prod || (d.testRule && !test)) return REASONS.network;
  const tgs = new Set(
    [...ruleForward(prod), ...(test ? ruleForward(test) : [])].map((t) => t.targetGroupArn),
  );
  if (!tgs.has(d.blueTargetGroupArn ?? '') || !tgs.has(d.greenTargetGroupArn ?? ''))
    return REASONS.network;
  return undefined;
}

/** Production weight (percent) a rule gives a target group now, for the read APIs. */
export function livePercent(
  state: EmulatorState,
  ruleArn: string | undefined,
  tg: string | undefined,
): number | undefined {
  if (!ruleArn || !tg) return undefined;
  const rule = trafficRule(state, ruleArn);
  if (!rule) return undefined;
  const forward = ruleForward(rule);
  const total = forward.reduce((n, t) => n + t.weight, 0);
  const mine = forward.find((t) => t.targetGroupArn === tg)?.weight ?? 0;
  return total > 0 ? Math.round((mine * 1000) / total) / 10 : 0;
}
