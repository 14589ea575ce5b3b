/**
 * Native services in a seed: `strategy`, `deploymentConfiguration` (the API's shape) and the
 * blue/green target group pair and listener rules named as the seed names them.
 */
import {
  defaultRuleArn,
  listenerArn,
  loadBalancerArn,
  ruleArn,
  targetGroupArn,
} from '../../elbv2/names.js';
import type { EmulatorState } from '../../state.js';

export interface SeedNativeFields {
  /** BLUE_GREEN | LINEAR | CANARY (ECS controller); merged into deploymentConfiguration. */
  strategy?: string;
  /** Any other deploymentConfiguration members, as UpdateService takes them. */
  deploymentConfiguration?: Record<string, unknown>;
  /** The second target group of the pair, by name. */
  alternateTargetGroup?: string;
  /** `<load balancer>:<port>` (its default rule) or `<load balancer>:<port>:<priority>`. */
  productionListenerRule?: string;
  testListenerRule?: string;
  /** Infrastructure role; default `ecsInfrastructureRoleForLoadBalancers` of the account. */
  roleArn?: string;
}

function ruleRef(state: EmulatorState, ref: string, field: string): string {
  const [lb, port, priority] = ref.split(':');
  const listener = listenerArn(
    loadBalancerArn(state.region, state.account, lb ?? ''),
    Number(port),
  );
  const arn = priority ? ruleArn(listener, priority) : defaultRuleArn(listener);
  if (!state.elb.rules.has(arn)) {
    throw new Error(
      `${field} "${ref}" names no seeded rule: write <load balancer>:<port> (its default rule) or <load balancer>:<port>:<priority>`,
    );
  }
  return arn;
}

/** The CreateService members a seeded native service stands for. */
export function seedNativeInput(
  state: EmulatorState,
  s: SeedNativeFields,
): Record<string, unknown> {
  const config = { ...(s.strategy ? { strategy: s.strategy } : {}), ...s.deploymentConfiguration };
  if (!s.alternateTargetGroup)
    return Object.keys(config).length ? { deploymentConfiguration: config } : {};
  if (!s.productionListenerRule)
    throw new Error('productionListenerRule is required with alternateTargetGroup');
  return {
    deploymentConfiguration: config,
    advancedConfiguration: {
      alternateTargetGroupArn: targetGroupArn(state.region, state.account, s.alternateTargetGroup),
      productionListenerRule: ruleRef(state, s.productionListenerRule, 'productionListenerRule'),
      ...(s.testListenerRule
        ? { testListenerRule: ruleRef(state, s.testListenerRule, 'testListenerRule') }
        : {}),
      roleArn:
        s.roleArn ?? `arn:aws:iam::${state.account}:role/ecsInfrastructureRoleForLoadBalancers`,
    },
  };
}
