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
  const hc = tg.healthCheck;
  const lambda = tg.targetType === 'lambda';
  return {
    TargetGroupArn: tg.arn,
    TargetGroupName: tg.name,
    Protocol: lambda ? undefined : tg.protocol,
    Port: lambda ? undefined : tg.port,
    VpcId: lambda ? undefined : tg.vpcId,
    HealthCheckProtocol: hc?.protocol ?? tg.protocol,
    HealthCheckPort: hc?.port ?? 'traffic-port',
    HealthCheckEnabled: hc?.enabled ?? true,
    HealthCheckIntervalSeconds: hc?.intervalSeconds ?? 30,
    HealthCheckTimeoutSeconds: hc?.timeoutSeconds ?? 5,
    HealthyThresholdCount: hc?.healthyThresholdCount ?? 5,
    UnhealthyThresholdCount: hc?.unhealthyThresholdCount ?? 2,
    HealthCheckPath: tg.healthCheckPath,
    Matcher: { HttpCode: hc?.matcher ?? '200' },
    LoadBalancerArns: tg.loadBalancerArns,
    TargetType: tg.targetType,
    ProtocolVersion: tg.protocol.startsWith('HTTP') ? 'HTTP1' : undefined,
    IpAddressType: 'ipv4',
  };
}
