/** Where a deployment's service, task sets, target groups and listeners are in the emulated account. */
import { setRuleForward, trafficRule } from '../elbv2/rules.js';
import type { EmulatorState, Listener, Service, TargetGroup, TaskSet } from '../state.js';
import type { DeploymentRecord } from './model.js';

export function serviceOf(state: EmulatorState, d: DeploymentRecord): Service | undefined {
  return state.ecs.clusters.get(d.target.clusterName)?.services.get(d.target.serviceName);
}

export interface Routes {
  pair: TargetGroup[];
  prod?: Listener;
  test?: Listener;
}

export function routesOf(state: EmulatorState, d: DeploymentRecord): Routes {
  const info = (d.groupSnapshot.loadBalancerInfo as any).targetGroupPairInfoList[0];
  const pair = (info.targetGroups as { name: string }[])
    .map((t) => [...state.elb.targetGroups.values()].find((tg) => tg.name === t.name))
    .filter((tg): tg is TargetGroup => !!tg);
  const prod = state.elb.listeners.get(info.prodTrafficRoute?.listenerArns?.[0] ?? '');
  const test = state.elb.listeners.get(info.testTrafficRoute?.listenerArns?.[0] ?? '');
  return { pair, ...(prod ? { prod } : {}), ...(test ? { test } : {}) };
}

export function findTaskSet(
  service: Service | undefined,
  id: string | undefined,
): TaskSet | undefined {
  return id ? service?.taskSets.find((t) => t.id === id) : undefined;
}

export function tgOf(ts: TaskSet | undefined): string | undefined {
  return ts?.loadBalancers[0]?.targetGroupArn;
}

/** Rewrites the forward weights of a listener's traffic rule (zero weights dropped). */
export function setForward(
  state: EmulatorState,
  listener: Listener | undefined,
  weights: { targetGroupArn: string; weight: number }[],
): void {
  const rule = listener && trafficRule(state, listener.arn);
  if (rule)
    setRuleForward(
      state,
      rule,
      weights.filter((w) => w.weight > 0),
    );
}
