/** ELBv2 records as the API shows them (member names as in the model; the XML writer adds `<member>`). */
import type {
  EmulatorState,
  Listener,
  ListenerRule,
  LoadBalancer,
  RuleAction,
  RuleCondition,
  TargetGroup,
} from '../state.js';
import { defaultRuleOf } from './rules.js';

export function lbView(lb: LoadBalancer): Record<string, unknown> {
  return {
    LoadBalancerArn: lb.arn,
    DNSName: lb.dnsName,
    CanonicalHostedZoneId: lb.type === 'network' ? 'Z26RNL4JYFTOTI' : 'Z35SXDOTRQ7X7K',
    CreatedTime: new Date(lb.createdAt),
    LoadBalancerName: lb.name,
    Scheme: lb.scheme,
    VpcId: lb.vpcId,
    State: { Code: 'active' },
    Type: lb.type,
    AvailabilityZones: [],
    SecurityGroups: [],
    IpAddressType: 'ipv4',
  };
}

/** A single-target-group forward shows both the scalar and the ForwardConfig, as AWS echoes it. */
export function actionView(action: RuleAction): Record<string, unknown> {
  if (action.type === 'fixed-response') {
    return {
      Type: 'fixed-response',
      Order: action.order,
      FixedResponseConfig: {
        StatusCode: action.statusCode,
        ContentType: action.contentType,
        MessageBody: action.messageBody,
      },
    };
  }
  const single = action.targetGroups.length === 1 ? action.targetGroups[0] : undefined;
  return {
    Type: 'forward',
    ...(single ? { TargetGroupArn: single.targetGroupArn } : {}),
    Order: action.order,
    ForwardConfig: {
      TargetGroups: action.targetGroups.map((f) => ({
        TargetGroupArn: f.targetGroupArn,
        Weight: f.weight,
      })),
      TargetGroupStickinessConfig: {
        Enabled: action.stickiness?.enabled ?? false,
        DurationSeconds: action.stickiness?.enabled ? action.stickiness.durationSeconds : undefined,
      },
    },
  };
}

export function conditionView(condition: RuleCondition): Record<string, unknown> {
  const values = condition.values;
  switch (condition.field) {
    case 'path-pattern':
      return { Field: 'path-pattern', Values: values, PathPatternConfig: { Values: values } };
    case 'host-header':
      return { Field: 'host-header', Values: values, HostHeaderConfig: { Values: values } };
    case 'http-header':
      return {
        Field: 'http-header',
        HttpHeaderConfig: { HttpHeaderName: condition.headerName, Values: values },
      };
  }
}

export function ruleView(rule: ListenerRule): Record<string, unknown> {
  return {
    RuleArn: rule.arn,
    Priority: String(rule.priority),
    Conditions: rule.conditions.map(conditionView),
    Actions: rule.actions.map(actionView),
    IsDefault: rule.priority === 'default',
  };
}

export function listenerView(state: EmulatorState, listener: Listener): Record<string, unknown> {
  return {
    ListenerArn: listener.arn,
    LoadBalancerArn: listener.loadBalancerArn,
    Port: listener.port,
    Protocol: listener.protocol,
    DefaultActions: (defaultRuleOf(state, listener.arn)?.actions ?? []).map(actionView),
  };
}

export function tgView(tg: TargetGroup): Record<string, unknown> {
  return {
    TargetGroupArn: tg.arn,
    TargetGroupName: tg.name,
    Protocol: tg.protocol,
    Port: tg.port,
    VpcId: tg.vpcId,
    HealthCheckProtocol: tg.protocol,
    HealthCheckPort: 'traffic-port',
    HealthCheckEnabled: true,
    HealthCheckIntervalSeconds: 30,
    HealthCheckTimeoutSeconds: 5,
    HealthyThresholdCount: 5,
    UnhealthyThresholdCount: 2,
    HealthCheckPath: tg.healthCheckPath,
    Matcher: { HttpCode: '200' },
    LoadBalancerArns: tg.loadBalancerArns,
    TargetType: tg.targetType,
    ProtocolVersion: 'HTTP1',
    IpAddressType: 'ipv4',
  };
}
