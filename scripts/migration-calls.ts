/**
 * The edges of the CodeDeploy → ECS-native migration: read the facts the preflight judges
 * (ECS, CodeDeploy and ELBv2 reads only), and send the planned calls in order.
 */
import {
  DeleteApplicationCommand,
  DeleteDeploymentGroupCommand,
  GetDeploymentCommand,
  GetDeploymentConfigCommand,
  GetDeploymentGroupCommand,
  ListDeploymentGroupsCommand,
  ListDeploymentsCommand,
  type DeploymentGroupInfo,
  type TrafficRoutingConfig,
} from '@aws-sdk/client-codedeploy';
import { DescribeServicesCommand, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import {
  DescribeRulesCommand,
  DescribeTargetGroupsCommand,
  ModifyListenerCommand,
  type Rule,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { AwsClients } from '../lib/aws/clients.js';
import type {
  GroupFacts,
  MigrationFacts,
  RuleFacts,
  ServiceFacts,
  TrafficRouting,
} from '../lib/ecs-deployments/migration-preflight.js';
import type { MigrationCall } from '../lib/ecs-deployments/migration-plan.js';

export interface MigrationTarget {
  cluster: string;
  service: string;
  /** Default: the console's names, AppECS-<cluster>-<service> and DgpECS-<cluster>-<service>. */
  application?: string;
  deploymentGroup?: string;
}

type Clients = Pick<AwsClients, 'ecs' | 'codedeploy' | 'elbv2'>;

const UNFINISHED = ['Created', 'Queued', 'InProgress', 'Baking', 'Ready'] as const;

export async function readMigrationFacts(
  clients: Clients,
  target: MigrationTarget,
): Promise<MigrationFacts> {
  const groupNames = {
    application: target.application ?? `AppECS-${target.cluster}-${target.service}`,
    deploymentGroup: target.deploymentGroup ?? `DgpECS-${target.cluster}-${target.service}`,
  };
  const facts: MigrationFacts = {
    cluster: target.cluster,
    service: target.service,
    groupNames,
    ongoingDeployments: [],
    productionRules: [],
    testRules: [],
  };
  const found = await readService(clients, target);
  if (found) facts.found = found;
  const info = await readGroup(clients, groupNames);
  if (!info) return facts;
  facts.group = await groupFacts(clients, groupNames.application, info);
  facts.ongoingDeployments = await unfinishedDeployments(clients, groupNames);
  if (facts.group.productionListenerArn)
    facts.productionRules = await listenerRules(clients, facts.group.productionListenerArn);
  if (facts.group.testListenerArn)
    facts.testRules = await listenerRules(clients, facts.group.testListenerArn);
  return facts;
}

async function readService(
  clients: Clients,
  t: MigrationTarget,
): Promise<ServiceFacts | undefined> {
  const out = await clients.ecs.send(
    new DescribeServicesCommand({ cluster: t.cluster, services: [t.service] }),
  );
  const s = out.services?.[0];
  if (!s || s.status !== 'ACTIVE') return undefined;
  const taskSets = (s.taskSets ?? []).map((ts) => ({
    id: ts.id ?? '',
    status: ts.status ?? '',
    ...(ts.loadBalancers?.[0]?.targetGroupArn
      ? { targetGroupArn: ts.loadBalancers[0].targetGroupArn }
      : {}),
  }));
  taskSets.sort((a, b) => Number(b.status === 'PRIMARY') - Number(a.status === 'PRIMARY'));
  return {
    serviceArn: s.serviceArn ?? '',
    controller: s.deploymentController?.type ?? 'ECS',
    loadBalancers: (s.loadBalancers ?? []).map((lb) => ({
      ...(lb.targetGroupArn ? { targetGroupArn: lb.targetGroupArn } : {}),
      ...(lb.containerName ? { containerName: lb.containerName } : {}),
      ...(lb.containerPort !== undefined ? { containerPort: lb.containerPort } : {}),
    })),
    taskSets,
  };
}

async function readGroup(
  clients: Clients,
  names: MigrationFacts['groupNames'],
): Promise<DeploymentGroupInfo | undefined> {
  try {
    const out = await clients.codedeploy.send(
      new GetDeploymentGroupCommand({
        applicationName: names.application,
        deploymentGroupName: names.deploymentGroup,
      }),
    );
    return out.deploymentGroupInfo;
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (
      name === 'DeploymentGroupDoesNotExistException' ||
      name === 'ApplicationDoesNotExistException'
    )
      return undefined;
    throw error;
  }
}

function routing(config: TrafficRoutingConfig | undefined): TrafficRouting {
  if (config?.type === 'TimeBasedCanary')
    return {
      type: 'TimeBasedCanary',
      percent: config.timeBasedCanary?.canaryPercentage ?? 0,
      minutes: config.timeBasedCanary?.canaryInterval ?? 0,
    };
  if (config?.type === 'TimeBasedLinear')
    return {
      type: 'TimeBasedLinear',
      percent: config.timeBasedLinear?.linearPercentage ?? 0,
      minutes: config.timeBasedLinear?.linearInterval ?? 0,
    };
  return { type: 'AllAtOnce' };
}

async function groupFacts(
  clients: Clients,
  application: string,
  g: DeploymentGroupInfo,
): Promise<GroupFacts> {
  const pair = g.loadBalancerInfo?.targetGroupPairInfoList?.[0];
  const names = (pair?.targetGroups ?? []).map((tg) => tg.name ?? '');
  const tgs = names.length
    ? await clients.elbv2.send(new DescribeTargetGroupsCommand({ Names: names }))
    : { TargetGroups: [] };
  const arnOf = (name: string) =>
    tgs.TargetGroups?.find((tg) => tg.TargetGroupName === name)?.TargetGroupArn ?? name;
  const configName = g.deploymentConfigName ?? 'CodeDeployDefault.ECSAllAtOnce';
  const config = await clients.codedeploy.send(
    new GetDeploymentConfigCommand({ deploymentConfigName: configName }),
  );
  const groups = await clients.codedeploy.send(
    new ListDeploymentGroupsCommand({ applicationName: application }),
  );
  const bg = g.blueGreenDeploymentConfiguration;
  const prod = pair?.prodTrafficRoute?.listenerArns?.[0];
  const test = pair?.testTrafficRoute?.listenerArns?.[0];
  return {
    application,
    name: g.deploymentGroupName ?? '',
    services: (g.ecsServices ?? []).map((s) => `${s.clusterName}/${s.serviceName}`),
    targetGroupArns: names.map(arnOf),
    ...(prod ? { productionListenerArn: prod } : {}),
    ...(test ? { testListenerArn: test } : {}),
    deploymentConfigName: configName,
    trafficRouting: routing(config.deploymentConfigInfo?.trafficRoutingConfig),
    readyWaitMinutes: bg?.deploymentReadyOption?.waitTimeInMinutes ?? 0,
    readyAction:
      bg?.deploymentReadyOption?.actionOnTimeout === 'STOP_DEPLOYMENT'
        ? 'STOP_DEPLOYMENT'
        : 'CONTINUE_DEPLOYMENT',
    terminationWaitMinutes:
      bg?.terminateBlueInstancesOnDeploymentSuccess?.terminationWaitTimeInMinutes ?? 0,
    alarms: g.alarmConfiguration?.enabled
      ? (g.alarmConfiguration.alarms ?? []).map((a) => a.name ?? '')
      : [],
    autoRollback: g.autoRollbackConfiguration?.enabled === true,
    otherGroups: (groups.deploymentGroups ?? []).filter((n) => n !== g.deploymentGroupName),
  };
}

async function unfinishedDeployments(
  clients: Clients,
  names: MigrationFacts['groupNames'],
): Promise<string[]> {
  const out = await clients.codedeploy.send(
    new ListDeploymentsCommand({
      applicationName: names.application,
      deploymentGroupName: names.deploymentGroup,
      includeOnlyStatuses: [...UNFINISHED],
    }),
  );
  const ids = out.deployments ?? [];
  const described = await Promise.all(
    ids.map((id) => clients.codedeploy.send(new GetDeploymentCommand({ deploymentId: id }))),
  );
  return described.map((d, k) => `${ids[k]} (${d.deploymentInfo?.status ?? 'unknown'})`);
}

function ruleFacts(listenerArn: string, r: Rule): RuleFacts {
  const action = r.Actions?.find((a) => a.Type === 'forward');
  const forward =
    action?.ForwardConfig?.TargetGroups?.map((t) => ({
      targetGroupArn: t.TargetGroupArn ?? '',
      weight: t.Weight ?? 1,
    })) ?? (action?.TargetGroupArn ? [{ targetGroupArn: action.TargetGroupArn, weight: 1 }] : []);
  return {
    ruleArn: r.RuleArn ?? '',
    listenerArn,
    priority: r.IsDefault ? 'default' : (r.Priority ?? ''),
    forward,
  };
}

async function listenerRules(clients: Clients, listenerArn: string): Promise<RuleFacts[]> {
  const out = await clients.elbv2.send(new DescribeRulesCommand({ ListenerArn: listenerArn }));
  return (out.Rules ?? []).map((r) => ruleFacts(listenerArn, r));
}

/** Sends the planned calls in order; `onCall` hears each one just before it is sent. */
export async function applyMigration(
  clients: Clients,
  calls: MigrationCall[],
  onCall: (call: MigrationCall) => void = () => undefined,
): Promise<void> {
  for (const call of calls) {
    onCall(call);
    switch (call.operation) {
      case 'ModifyListener':
        await clients.elbv2.send(new ModifyListenerCommand(call.input));
        break;
      case 'UpdateService':
        await clients.ecs.send(new UpdateServiceCommand(call.input));
        break;
      case 'DeleteDeploymentGroup':
        await clients.codedeploy.send(new DeleteDeploymentGroupCommand(call.input));
        break;
      case 'DeleteApplication':
        await clients.codedeploy.send(new DeleteApplicationCommand(call.input));
        break;
    }
  }
}
