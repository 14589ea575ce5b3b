/** CreateListener, DescribeListeners, ModifyListener, DeleteListener. */
import { randomBytes } from 'node:crypto';
import { AwsError } from '../protocol/json-service.js';
import type { QueryHandler, QueryParams } from '../protocol/query.js';
import type { EmulatorState, Listener, LoadBalancer } from '../state.js';
import { lbNotFound, listenerNotFound } from './errors.js';
import { listenerArn } from './names.js';
import { integer, memberList, present, structList, tagsOf, validation } from './params.js';
import { parseActions } from './rule-input.js';
import {
  addListener,
  associateTargetGroups,
  defaultRuleOf,
  releaseTargetGroups,
  ruleTargetGroups,
} from './rules.js';
import { setTags } from './tags.js';
import { listenerView } from './views.js';

const PROTOCOLS: Record<LoadBalancer['type'], string[]> = {
  application: ['HTTP', 'HTTPS'],
  network: ['TCP', 'TLS', 'UDP', 'TCP_UDP'],
};

/** The listener's protocol, checked against its load balancer type; HTTPS/TLS need a certificate. */
function listenerProtocol(lb: LoadBalancer, params: QueryParams, fallback?: string): string {
  const protocol = params.Protocol ?? fallback ?? (lb.type === 'network' ? 'TCP' : 'HTTP');
  if (!PROTOCOLS[lb.type].includes(protocol)) {
    throw new AwsError(
      'UnsupportedProtocol',
      `Protocol '${protocol}' is not supported by a load balancer of type ${lb.type}: write ${PROTOCOLS[lb.type].join(' or ')}`,
    );
  }
  if ((protocol === 'HTTPS' || protocol === 'TLS') && !structList(params, 'Certificates').length)
    throw validation(`A certificate must be specified for ${protocol} listeners (Certificates)`);
  return protocol;
}

/** Removes a listener, its rules and their tags. */
export function deleteListener(state: EmulatorState, arn: string): void {
  const { elb } = state;
  const listener = elb.listeners.get(arn);
  if (!listener) return;
  const used: string[] = [];
  for (const rule of [...elb.rules.values()]) {
    if (rule.listenerArn !== arn) continue;
    used.push(...ruleTargetGroups(rule));
    elb.rules.delete(rule.arn);
    elb.tags.delete(rule.arn);
  }
  elb.listeners.delete(arn);
  elb.tags.delete(arn);
  releaseTargetGroups(state, listener.loadBalancerArn, used);
}

function modifyListener(state: EmulatorState, params: QueryParams): Listener {
  const { elb } = state;
  const listener = elb.listeners.get(params.ListenerArn ?? '');
  if (!listener) throw listenerNotFound();
  const lb = elb.loadBalancers.get(listener.loadBalancerArn)!;
  const port = integer(params, 'Port', 1, 65_535) ?? listener.port;
  const protocol = params.Protocol ? listenerProtocol(lb, params) : listener.protocol;
  const clash = [...elb.listeners.values()].find(
    (l) => l.loadBalancerArn === lb.arn && l.port === port && l.arn !== listener.arn,
  );
  if (clash)
    throw new AwsError(
      'DuplicateListener',
      'A listener already exists on this port for this load balancer',
    );
  const rule = defaultRuleOf(state, listener.arn)!;
  if (present(params, 'DefaultActions')) {
    const actions = parseActions(state, params, 'DefaultActions', lb.arn);
    const before = ruleTargetGroups(rule);
    rule.actions = actions;
    for (const a of actions)
      if (a.type === 'forward') associateTargetGroups(state, lb.arn, a.targetGroups);
    releaseTargetGroups(state, lb.arn, before);
  }
  listener.port = port;
  listener.protocol = protocol;
  return listener;
}

export function listenerHandlers(state: EmulatorState): Record<string, QueryHandler> {
  const { elb } = state;
  return {
    CreateListener(params) {
      const lb = elb.loadBalancers.get(params.LoadBalancerArn ?? '');
      if (!lb) throw lbNotFound();
      const port = integer(params, 'Port', 1, 65_535);
      if (port === undefined) throw validation('Port is required (1-65535)');
      const protocol = listenerProtocol(lb, params);
      const actions = parseActions(state, params, 'DefaultActions', lb.arn);
      const existing = [...elb.listeners.values()].find(
        (l) => l.loadBalancerArn === lb.arn && l.port === port,
      );
      if (existing) {
        const same =
          existing.protocol === protocol &&
          JSON.stringify(defaultRuleOf(state, existing.arn)?.actions) === JSON.stringify(actions);
        if (same) return { Listeners: [listenerView(state, existing)] };
        throw new AwsError(
          'DuplicateListener',
          'A listener already exists on this port for this load balancer',
        );
      }
      const tags = tagsOf(params);
      // A listener moved off this port by ModifyListener keeps the ARN this port would give.
      let arn = listenerArn(lb.arn, port);
      if (elb.listeners.has(arn))
        arn = listenerArn(lb.arn, `${port}/${randomBytes(4).toString('hex')}`);
      const listener = { arn, loadBalancerArn: lb.arn, port, protocol };
      addListener(state, listener, actions);
      setTags(state, arn, tags);
      return { Listeners: [listenerView(state, listener)] };
    },
    DescribeListeners(params) {
      const arns = memberList(params, 'ListenerArns');
      const lbArn = params.LoadBalancerArn;
      if (!arns.length && !lbArn)
        throw validation('You must specify either listener ARNs or a load balancer ARN');
      if (lbArn && !elb.loadBalancers.has(lbArn)) throw lbNotFound();
      const listeners = [...elb.listeners.values()].filter((l) =>
        arns.length ? arns.includes(l.arn) : l.loadBalancerArn === lbArn,
      );
      if (arns.length && listeners.length < arns.length) throw listenerNotFound();
      return { Listeners: listeners.map((l) => listenerView(state, l)) };
    },
    ModifyListener(params) {
      return { Listeners: [listenerView(state, modifyListener(state, params))] };
    },
    DeleteListener(params) {
      if (!elb.listeners.has(params.ListenerArn ?? '')) throw listenerNotFound();
      deleteListener(state, params.ListenerArn!);
      return {};
    },
  };
}
