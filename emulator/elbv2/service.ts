/**
 * ELBv2 read operations (query protocol). Listener actions show the forward weights CodeDeploy
 * sets; target health comes from the ECS tasks registered in each target group.
 */
import { AwsError } from '../protocol/json-service.js';
import { memberList, type QueryService } from '../protocol/query.js';
import type { EmulatorState, TargetGroup } from '../state.js';
import { listenerRules } from './rules.js';
import { lbView, listenerView, ruleView, tgView } from './views.js';

function notFound(code: string, message: string): AwsError {
  return new AwsError(code, message);
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
        return { Listeners: listeners.map((l) => listenerView(state, l)) };
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
        if (listenerArn && !elb.listeners.has(listenerArn))
          throw notFound('ListenerNotFound', 'One or more listeners not found');
        const rules = ruleArns.length
          ? ruleArns.map((arn) => elb.rules.get(arn))
          : listenerRules(state, listenerArn!);
        if (rules.some((r) => !r)) throw notFound('RuleNotFound', 'One or more rules not found');
        return { Rules: rules.map((r) => ruleView(r!)) };
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
