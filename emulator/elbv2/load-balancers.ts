/** CreateLoadBalancer, DescribeLoadBalancers, DeleteLoadBalancer. */
import { AwsError } from '../protocol/json-service.js';
import type { QueryHandler } from '../protocol/query.js';
import type { EmulatorState, LoadBalancer } from '../state.js';
import { lbNotFound } from './errors.js';
import { loadBalancerArn, nameProblem } from './names.js';
import { memberList, tagsOf, validation } from './params.js';
import { deleteListener } from './listeners.js';
import { setTags } from './tags.js';
import { lbView } from './views.js';

function lbType(raw: string | undefined): LoadBalancer['type'] {
  if (raw === undefined || raw === 'application') return 'application';
  if (raw === 'network') return 'network';
  throw validation(
    `Load balancer type '${raw}' is not supported by the emulator: write application or network`,
  );
}

function lbScheme(raw: string | undefined): string {
  if (raw === undefined) return 'internet-facing';
  if (raw === 'internet-facing' || raw === 'internal') return raw;
  throw validation(`Scheme '${raw}' is not valid: write internet-facing or internal`);
}

export function loadBalancerHandlers(state: EmulatorState): Record<string, QueryHandler> {
  const { elb } = state;
  return {
    CreateLoadBalancer(params, ctx) {
      const name = params.Name ?? '';
      const problem = nameProblem('load balancer', name);
      if (problem) throw validation(problem);
      const type = lbType(params.Type);
      const scheme = lbScheme(params.Scheme);
      const existing = [...elb.loadBalancers.values()].find((lb) => lb.name === name);
      if (existing) {
        // Idempotent for the same settings, as AWS.
        if (existing.type === type && existing.scheme === scheme)
          return { LoadBalancers: [lbView(existing)] };
        throw new AwsError(
          'DuplicateLoadBalancerName',
          `A load balancer with the name '${name}' already exists`,
        );
      }
      const arn = loadBalancerArn(state.region, state.account, name, type);
      const prefix = scheme === 'internal' ? 'internal-' : '';
      const lb: LoadBalancer = {
        arn,
        name,
        dnsName: `${prefix}${name}-${arn.slice(-8)}.${state.region}.elb.amazonaws.com`,
        type,
        scheme,
        vpcId: 'vpc-0emulator',
        createdAt: ctx.now().getTime(),
      };
      const tags = tagsOf(params);
      elb.loadBalancers.set(arn, lb);
      setTags(state, arn, tags);
      return { LoadBalancers: [lbView(lb)] };
    },
    DescribeLoadBalancers(params) {
      const arns = memberList(params, 'LoadBalancerArns');
      const names = memberList(params, 'Names');
      let lbs = [...elb.loadBalancers.values()];
      if (arns.length || names.length) {
        lbs = lbs.filter((lb) => arns.includes(lb.arn) || names.includes(lb.name));
        if (lbs.length < arns.length + names.length) throw lbNotFound();
      }
      return { LoadBalancers: lbs.map(lbView) };
    },
    /** Deleting an unknown load balancer succeeds, as AWS documents. */
    DeleteLoadBalancer(params) {
      const arn = params.LoadBalancerArn ?? '';
      if (!arn) throw validation('LoadBalancerArn is required');
      if (!elb.loadBalancers.has(arn)) return {};
      for (const listener of [...elb.listeners.values()]) {
        if (listener.loadBalancerArn === arn) deleteListener(state, listener.arn);
      }
      for (const tg of elb.targetGroups.values()) {
        tg.loadBalancerArns = tg.loadBalancerArns.filter((lb) => lb !== arn);
      }
      elb.loadBalancers.delete(arn);
      elb.tags.delete(arn);
      return {};
    },
  };
}
