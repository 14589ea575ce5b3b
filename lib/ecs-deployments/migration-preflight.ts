/**
 * Moving a CodeDeploy blue/green service to ECS-native blue/green in place (the AWS migration
 * guide's "reuse the same load balancer resources"): what can make it fail, named before anything
 * changes. Pure: the facts are read by `migration.ts`; each problem is one line with the fix.
 */

/** One target group of a forward action, as ELBv2 describes it. */
export interface ForwardTarget {
  targetGroupArn: string;
  weight: number;
}

/** A listener rule as the preflight needs it. */
export interface RuleFacts {
  ruleArn: string;
  listenerArn: string;
  /** `default` for the listener's default rule. */
  priority: string;
  /** Target groups it forwards to; empty when its action is no forward. */
  forward: ForwardTarget[];
}

export interface ServiceFacts {
  serviceArn: string;
  controller: string;
  /** Load balancer entries of the service. */
  loadBalancers: { targetGroupArn?: string; containerName?: string; containerPort?: number }[];
  /** Target group of each task set that is not draining, PRIMARY first. */
  taskSets: { id: string; status: string; targetGroupArn?: string }[];
}

export interface GroupFacts {
  application: string;
  name: string;
  /** `<cluster>/<service>` pairs the group deploys. */
  services: string[];
  targetGroupArns: string[];
  productionListenerArn?: string;
  testListenerArn?: string;
  deploymentConfigName: string;
  /** From the deployment config: how the production traffic moves. */
  trafficRouting: TrafficRouting;
  /** Ready wait: how long the replacement is held for a decision (0: not held). */
  readyWaitMinutes: number;
  readyAction: 'CONTINUE_DEPLOYMENT' | 'STOP_DEPLOYMENT';
  terminationWaitMinutes: number;
  alarms: string[];
  autoRollback: boolean;
  /** Other deployment groups of the application: it is deleted only when none is left. */
  otherGroups: string[];
}

export type TrafficRouting =
  | { type: 'AllAtOnce' }
  | { type: 'TimeBasedCanary'; percent: number; minutes: number }
  | { type: 'TimeBasedLinear'; percent: number; minutes: number };

export interface MigrationFacts {
  cluster: string;
  service: string;
  /** Undefined: no such active service. */
  found?: ServiceFacts;
  /** Undefined: no such deployment group (the names tried are in `groupNames`). */
  group?: GroupFacts;
  groupNames: { application: string; deploymentGroup: string };
  /** CodeDeploy deployments of the group not yet finished: `d-… (InProgress)`. */
  ongoingDeployments: string[];
  /** Every rule of the production and test listeners, the default rule last. */
  productionRules: RuleFacts[];
  testRules: RuleFacts[];
}

/** The one rule of a listener that CodeDeploy shifts: its default rule. */
export function defaultRule(rules: RuleFacts[]): RuleFacts | undefined {
  return rules.find((r) => r.priority === 'default');
}

/** The task set serving production now (PRIMARY) and its target group: the migration's blue. */
export function liveTargetGroup(service: ServiceFacts): string | undefined {
  return service.taskSets.find((t) => t.status === 'PRIMARY')?.targetGroupArn;
}

const short = (arn: string) => arn.slice(arn.indexOf('/') + 1);

function ruleProblems(
  which: 'production' | 'test',
  rules: RuleFacts[],
  pair: { blue: string; green?: string },
): string[] {
  const problems: string[] = [];
  const rule = defaultRule(rules);
  if (!rule) return [`the ${which} listener has no default rule to rewrite: check its ARN`];
  const inPair = (tg: string) => tg === pair.blue || tg === pair.green;
  const strangers = rule.forward.filter((t) => !inPair(t.targetGroupArn));
  if (rule.forward.length === 0)
    problems.push(
      `the ${which} listener's default rule does not forward (another action type): make it forward to ${short(pair.blue)} first`,
    );
  for (const t of strangers)
    problems.push(
      `the ${which} listener's default rule forwards to ${short(t.targetGroupArn)}, which is not one of the deployment group's target groups: forward it to ${short(pair.blue)} only`,
    );
  const wrongWeight = rule.forward.find((t) => t.targetGroupArn === pair.green && t.weight > 0);
  if (wrongWeight)
    problems.push(
      `the ${which} listener's default rule sends weight ${wrongWeight.weight} to ${short(pair.green!)}, but the live tasks are in ${short(pair.blue)}: let the last deployment finish, or forward to ${short(pair.blue)} only`,
    );
  for (const other of rules.filter(
    (r) => r !== rule && r.forward.some((t) => inPair(t.targetGroupArn)),
  ))
    problems.push(
      `the ${which} listener's rule at priority ${other.priority} (${short(other.ruleArn)}) also forwards to the pair, but ECS shifts only the default rule: traffic it matches would stay on the old revision; delete it or point it elsewhere`,
    );
  return problems;
}

/** Everything that would make the migration fail or leave production wrong; empty when it can go ahead. */
export function migrationProblems(facts: MigrationFacts): string[] {
  const where = `service "${facts.service}" in cluster "${facts.cluster}"`;
  const s = facts.found;
  if (!s) return [`${where} does not exist or is not ACTIVE: check --cluster and --service`];
  if (s.controller !== 'CODE_DEPLOY')
    return [
      `${where} has deployment controller ${s.controller}, not CODE_DEPLOY: ${s.controller === 'ECS' ? 'it is already on the ECS controller; nothing to migrate' : 'only CodeDeploy services are migrated here'}`,
    ];
  const g = facts.group;
  const names = facts.groupNames;
  if (!g)
    return [
      `deployment group "${names.deploymentGroup}" of application "${names.application}" does not exist: name the service's group with --application and --deployment-group`,
    ];
  const problems: string[] = [];
  if (!g.services.includes(`${facts.cluster}/${facts.service}`))
    problems.push(
      `deployment group "${g.name}" deploys ${g.services.join(', ') || 'no service'}, not ${facts.cluster}/${facts.service}: name the service's own group`,
    );
  for (const d of facts.ongoingDeployments)
    problems.push(
      `CodeDeploy deployment ${d} is not finished: wait for it, or stop it (aws deploy stop-deployment --deployment-id ${d.split(' ')[0]} --auto-rollback-enabled), then run this again`,
    );
  if (s.loadBalancers.length !== 1)
    problems.push(
      `${where} has ${s.loadBalancers.length} load balancer entries: ECS blue/green takes exactly one target group pair`,
    );
  const live = s.taskSets.filter((t) => t.status !== 'DRAINING');
  if (live.length !== 1 && facts.ongoingDeployments.length === 0)
    problems.push(
      `${where} has ${live.length} task sets (${live.map((t) => `${t.id} ${t.status}`).join(', ')}): a CodeDeploy deployment left one behind; finish or roll it back first`,
    );
  const blue = liveTargetGroup(s);
  if (g.targetGroupArns.length !== 2)
    problems.push(
      `deployment group "${g.name}" has ${g.targetGroupArns.length} target groups, not a pair`,
    );
  if (!blue || !g.targetGroupArns.includes(blue))
    return [
      ...problems,
      `the PRIMARY task set's target group ${blue ? short(blue) : '(none)'} is not one of the deployment group's (${g.targetGroupArns.map(short).join(', ')}): fix the service or the group first`,
    ];
  const green = g.targetGroupArns.find((tg) => tg !== blue);
  if (!g.productionListenerArn)
    problems.push(`deployment group "${g.name}" names no production listener`);
  else problems.push(...ruleProblems('production', facts.productionRules, { blue, green }));
  if (g.testListenerArn) {
    if (g.testListenerArn === g.productionListenerArn)
      problems.push(
        'the test listener is the production listener: ECS needs a rule of its own for test traffic; give test traffic its own listener',
      );
    else problems.push(...ruleProblems('test', facts.testRules, { blue, green }));
  }
  if (g.trafficRouting.type === 'TimeBasedLinear' && g.trafficRouting.percent < 3)
    problems.push(
      `deployment config ${g.deploymentConfigName} moves ${g.trafficRouting.percent} % per step; ECS LINEAR takes 3 % or more: pick another config first`,
    );
  return problems;
}
