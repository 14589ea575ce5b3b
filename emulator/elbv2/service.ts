/**
 * ELBv2 read operations (query protocol). Listener actions show the forward weights CodeDeploy
 * sets; target health comes from the ECS tasks registered in each target group.
 */
import { AwsError } from '../protocol/json-service.js';
import { memberList, type QueryService } from '../protocol/query.js';
import type { EmulatorState, Listener, LoadBalancer, TargetGroup } from '../state.js';
import { defaultRuleArn } from './names.js';

function notFound(code: string, message: string): AwsError {
  return new AwsError(code, message);
}

function lbView(lb: LoadBalancer): Record<string, unknown> {
  return {
    LoadBalancerArn: lb.arn,
    DNSName: lb.dnsName,
    CanonicalHostedZoneId: 'Z35SXDOTRQ7X7K',
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

export function forwardAction(listener: Listener): Record<string, unknown> {
  const single = listener.forward.length === 1 ? listener.forward[0] : undefined;
  return {
    Type: 'forward',
    ...(single ? { TargetGroupArn: single.targetGroupArn } : {}),
    Order: 1,
    ForwardConfig: {
      TargetGroups: listener.forward.map((f) => ({
        TargetGroupArn: f.targetGroupArn,
        Weight: f.weight,
      })),
      TargetGroupStickinessConfig: { Enabled: false },
    },
  };
}

function listenerView(listener: Listener): Record<string, unknown> {
  return {
    ListenerArn: listener.arn,
    LoadBalancerArn: listener.loadBalancerArn,
    Port: listener.port,
    Protocol: listener.protocol,
    DefaultActions: [forwardAction(listener)],
  };
}

function tgView(tg: TargetGroup): Record<string, unknown> {
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

export function createElbv2Service(state: EmulatorState): QueryService {
  const { elb } = state;
  return {
    name: 'elbv2',
    version: '2015-12-01',
    xmlns: 'http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/',
    handlers: {
      DescribeLoadBalancers(params) {
        const arns = memberList(params, 'LoadBalancerArns');
        const names = memberList(params, 'Names');
        let lbs = [...elb.loadBalancers.values()];
        if (arns.length || names.length) {
          lbs = lbs.filter((lb) => arns.includes(lb.arn) || names.includes(lb.name));
          if (lbs.length < arns.length + names.length) {
            throw notFound('LoadBalancerNotFound', 'One or more load balancers not found');
          }
        }
        return { LoadBalancers: lbs.map(lbView) };
      },
      DescribeListeners(params) {
        const arns = memberList(params, 'ListenerArns');
        const lbArn = params.LoadBalancerArn;
        if (!arns.length && !lbArn) {
          throw new AwsError(
            'ValidationError',
            'You must specify either listener ARNs or a load balancer ARN',
          );
        }
        if (lbArn && !elb.loadBalancers.has(lbArn))
          throw notFound('LoadBalancerNotFound', 'One or more load balancers not found');
        const listeners = [...elb.listeners.values()].filter((l) =>
          arns.length ? arns.includes(l.arn) : l.loadBalancerArn === lbArn,
        );
        if (arns.length && listeners.length < arns.length)
          throw notFound('ListenerNotFound', 'One or more listeners not found');
        return { Listeners: listeners.map(listenerView) };
      },
      DescribeRules(params) {
        const ruleArns = memberList(params, 'RuleArns');
        const listenerArn = params.ListenerArn;
        if (!ruleArns.length && !listenerArn) {
          throw new AwsError(
            'ValidationError',
            'You must specify either listener rule ARNs or a listener ARN',
          );
        }
        const listeners = [...elb.listeners.values()].filter((l) =>
          ruleArns.length ? ruleArns.includes(defaultRuleArn(l.arn)) : l.arn === listenerArn,
        );
        if (!listeners.length) {
          throw ruleArns.length
            ? notFound('RuleNotFound', 'One or more rules not found')
            : notFound('ListenerNotFound', 'One or more listeners not found');
        }
        return {
          Rules: listeners.map((l) => ({
            RuleArn: defaultRuleArn(l.arn),
            Priority: 'default',
            Conditions: [],
            Actions: [forwardAction(l)],
            IsDefault: true,
          })),
        };
      },
      DescribeTargetGroups(params) {
        const arns = memberList(params, 'TargetGroupArns');
        const names = memberList(params, 'Names');
        const lbArn = params.LoadBalancerArn;
        let tgs = [...elb.targetGroups.values()];
        if (lbArn) tgs = tgs.filter((tg) => tg.loadBalancerArns.includes(lbArn));
        if (arns.length || names.length) {
          tgs = tgs.filter((tg) => arns.includes(tg.arn) || names.includes(tg.name));
          if (tgs.length < arns.length + names.length) {
            throw notFound('TargetGroupNotFound', 'One or more target groups not found');
          }
        }
        return { TargetGroups: tgs.map(tgView) };
      },
      DescribeTargetHealth(params) {
        const tg = elb.targetGroups.get(params.TargetGroupArn ?? '');
        if (!tg) throw notFound('TargetGroupNotFound', 'One or more target groups not found');
        return { TargetHealthDescriptions: targetHealth(state, tg) };
      },
    },
  };
}

/** Targets of a target group: the tasks of every task set registered in it. */
function targetHealth(state: EmulatorState, tg: TargetGroup): unknown[] {
  const rows: unknown[] = [];
  for (const cluster of state.ecs.clusters.values()) {
    for (const service of cluster.services.values()) {
      for (const ts of service.taskSets) {
        const lb = ts.loadBalancers.find((l) => l.targetGroupArn === tg.arn);
        if (!lb) continue;
        for (const task of cluster.tasks) {
          if (task.taskSetId !== ts.id || task.lastStatus === 'STOPPED') continue;
          const health =
            ts.status === 'DRAINING'
              ? {
                  State: 'draining',
                  Reason: 'Target.DeregistrationInProgress',
                  Description: 'Target deregistration is in progress',
                }
              : task.healthStatus === 'HEALTHY'
                ? { State: 'healthy' }
                : task.healthStatus === 'UNHEALTHY'
                  ? {
                      State: 'unhealthy',
                      Reason: 'Target.FailedHealthChecks',
                      Description: 'Health checks failed',
                    }
                  : {
                      State: 'initial',
                      Reason: 'Elb.RegistrationInProgress',
                      Description: 'Target registration is in progress',
                    };
          rows.push({
            Target: { Id: task.privateIp, Port: lb.containerPort },
            HealthCheckPort: String(lb.containerPort),
            TargetHealth: health,
          });
        }
      }
    }
  }
  return rows;
}
