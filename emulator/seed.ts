/**
 * The seed: the account an emulator starts with (YAML or JSON). Everything in it goes through the
 * same validation as the API calls that would create it, and a problem is reported as one line
 * naming where in the seed it is.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { createApplication } from './codedeploy/applications.js';
import { trafficRoutingProblem } from './codedeploy/configs.js';
import { createDeploymentGroup } from './codedeploy/groups.js';
import { createCluster, createService } from './ecs/services.js';
import { reconcile, type HealthProvider } from './ecs/runtime.js';
import { registerTaskDefinition } from './ecs/task-definitions.js';
import { listenerArn, loadBalancerArn, targetGroupArn } from './elbv2/names.js';
import { addListener } from './elbv2/rules.js';
import { addSeedRule, type SeedRule } from './elbv2/seed-rules.js';
import { AwsError } from './protocol/json-service.js';
import type { EmulatorState } from './state.js';

export interface SeedRepository {
  name: string;
  imageTagMutability?:
    'MUTABLE' | 'IMMUTABLE' | 'IMMUTABLE_WITH_EXCLUSION' | 'MUTABLE_WITH_EXCLUSION';
  scanOnPush?: boolean;
}

export interface SeedLoadBalancer {
  name: string;
  vpcId?: string;
  targetGroups: { name: string; port: number; protocol?: string; healthCheckPath?: string }[];
  /** Each listener's default rule forwards to `targetGroup`; `rules` come before it, by priority. */
  listeners: { port: number; protocol?: string; targetGroup: string; rules?: SeedRule[] }[];
}

export interface SeedService {
  serviceName: string;
  /** `family`, `family:revision` or ARN of a task definition registered by the seed. */
  taskDefinition: string;
  desiredCount?: number;
  launchType?: 'FARGATE' | 'EC2';
  deploymentController?: 'ECS' | 'CODE_DEPLOY' | 'EXTERNAL';
  targetGroup?: string;
  containerName?: string;
  containerPort?: number;
  networkConfiguration?: unknown;
}

export interface SeedDeploymentGroup {
  name: string;
  /** `<cluster>/<service>` */
  service: string;
  serviceRoleArn?: string;
  deploymentConfigName?: string;
  targetGroups: [string, string];
  /** `<load balancer>:<port>` */
  productionListener: string;
  testListener?: string;
  readyOption?: {
    actionOnTimeout: 'CONTINUE_DEPLOYMENT' | 'STOP_DEPLOYMENT';
    waitTimeInMinutes?: number;
  };
  terminationWaitTimeInMinutes?: number;
  autoRollbackEvents?: string[];
  alarms?: string[];
}

export interface Seed {
  account?: string;
  region?: string;
  repositories?: SeedRepository[];
  loadBalancers?: SeedLoadBalancer[];
  /** RegisterTaskDefinition inputs, registered in order. */
  taskDefinitions?: Record<string, unknown>[];
  clusters?: { name: string; services?: SeedService[] }[];
  deploymentConfigs?: { name: string; trafficRoutingConfig: unknown }[];
  applications?: { name: string; deploymentGroups?: SeedDeploymentGroup[] }[];
  alarms?: { name: string; state?: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA' }[];
}

export class SeedError extends Error {}

const TOP_KEYS = [
  'account',
  'region',
  'repositories',
  'loadBalancers',
  'taskDefinitions',
  'clusters',
  'deploymentConfigs',
  'applications',
  'alarms',
];

export function readSeedFile(path: string): Seed {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new SeedError(`seed file ${path} cannot be read`);
  }
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (error) {
    throw new SeedError(
      `seed file ${path} is not valid YAML/JSON: ${(error as Error).message.split('\n')[0]}`,
    );
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new SeedError(
      `seed file ${path} must contain an object with keys such as clusters, loadBalancers, applications`,
    );
  }
  return doc as Seed;
}

/** Account and region a seed asks for, checked. */
export function seedIdentity(seed: Seed): { account: string; region: string } {
  const account = String(seed.account ?? '123456789012');
  const region = seed.region ?? 'us-east-1';
  if (!/^\d{12}$/.test(account))
    throw new SeedError(`seed: account must be 12 digits, got "${account}"`);
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region))
    throw new SeedError(`seed: region "${region}" is not a region name such as us-east-1`);
  return { account, region };
}

function at<T>(where: string, action: () => T): T {
  try {
    return action();
  } catch (error) {
    if (error instanceof SeedError) throw error;
    const detail =
      error instanceof AwsError ? `${error.code}: ${error.message}` : (error as Error).message;
    throw new SeedError(`seed: ${where}: ${detail}`);
  }
}

function list<T>(value: T[] | undefined, where: string): T[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new SeedError(`seed: ${where} must be a list`);
  return value;
}

/** Loads the seed into an empty state. `now` is virtual time; seeded tasks are already healthy. */
export function applySeed(
  state: EmulatorState,
  seed: Seed,
  health: HealthProvider,
  now: number,
): void {
  const unknown = Object.keys(seed).filter((k) => !TOP_KEYS.includes(k));
  if (unknown.length)
    throw new SeedError(
      `seed: unknown key(s) ${unknown.join(', ')}; allowed: ${TOP_KEYS.join(', ')}`,
    );
  const past = now - 60_000;
  const { region, account } = state;
  list(seed.loadBalancers, 'loadBalancers').forEach((lb, i) => {
    const where = `loadBalancers[${i}]`;
    if (!lb?.name) throw new SeedError(`seed: ${where}.name is required`);
    const arn = loadBalancerArn(region, account, lb.name);
    state.elb.loadBalancers.set(arn, {
      arn,
      name: lb.name,
      dnsName: `${lb.name}-${arn.slice(-8)}.${region}.elb.amazonaws.com`,
      type: 'application',
      scheme: 'internet-facing',
      vpcId: lb.vpcId ?? 'vpc-0emulator',
      createdAt: past,
    });
    list(lb.targetGroups, `${where}.targetGroups`).forEach((tg, j) => {
      if (!tg?.name || typeof tg.port !== 'number') {
        throw new SeedError(`seed: ${where}.targetGroups[${j}] needs name and port (a number)`);
      }
      const tgArn = targetGroupArn(region, account, tg.name);
      state.elb.targetGroups.set(tgArn, {
        arn: tgArn,
        name: tg.name,
        port: tg.port,
        protocol: tg.protocol ?? 'HTTP',
        vpcId: lb.vpcId ?? 'vpc-0emulator',
        targetType: 'ip',
        healthCheckPath: tg.healthCheckPath ?? '/',
        loadBalancerArns: [arn],
      });
    });
    list(lb.listeners, `${where}.listeners`).forEach((l, j) => {
      const tgArn = targetGroupArn(region, account, String(l?.targetGroup));
      if (typeof l?.port !== 'number' || !state.elb.targetGroups.has(tgArn)) {
        throw new SeedError(
          `seed: ${where}.listeners[${j}] needs port (a number) and targetGroup naming one of this load balancer's target groups`,
        );
      }
      const lArn = listenerArn(arn, l.port);
      addListener(
        state,
        { arn: lArn, loadBalancerArn: arn, port: l.port, protocol: l.protocol ?? 'HTTP' },
        [{ type: 'forward', order: 1, targetGroups: [{ targetGroupArn: tgArn, weight: 100 }] }],
      );
      list(l.rules, `${where}.listeners[${j}].rules`).forEach((rule, k) =>
        at(`${where}.listeners[${j}].rules[${k}]`, () => addSeedRule(state, lArn, rule)),
      );
    });
  });
  list(seed.taskDefinitions, 'taskDefinitions').forEach((td, i) =>
    at(`taskDefinitions[${i}]`, () => registerTaskDefinition(state, td, past)),
  );
  list(seed.clusters, 'clusters').forEach((c, i) => {
    if (!c?.name) throw new SeedError(`seed: clusters[${i}].name is required`);
    createCluster(state, c.name, past);
    list(c.services, `clusters[${i}].services`).forEach((s, j) =>
      at(`clusters[${i}].services[${j}] (${s?.serviceName})`, () =>
        createService(
          state,
          {
            cluster: c.name,
            serviceName: s.serviceName,
            taskDefinition: s.taskDefinition,
            desiredCount: s.desiredCount ?? 1,
            launchType: s.launchType ?? 'FARGATE',
            deploymentController: { type: s.deploymentController ?? 'CODE_DEPLOY' },
            networkConfiguration: s.networkConfiguration ?? {
              awsvpcConfiguration: {
                subnets: ['subnet-0emulator1', 'subnet-0emulator2'],
                securityGroups: ['sg-0emulator'],
                assignPublicIp: 'DISABLED',
              },
            },
            ...(s.targetGroup
              ? {
                  loadBalancers: [
                    {
                      targetGroupArn: targetGroupArn(region, account, s.targetGroup),
                      containerName: s.containerName,
                      containerPort: s.containerPort,
                    },
                  ],
                }
              : {}),
          },
          past,
        ),
      ),
    );
  });
  list(seed.deploymentConfigs, 'deploymentConfigs').forEach((dc, i) =>
    at(`deploymentConfigs[${i}]`, () => {
      const problem = trafficRoutingProblem(dc?.trafficRoutingConfig);
      if (!dc?.name || problem)
        throw new SeedError(`seed: deploymentConfigs[${i}]: ${problem ?? 'name is required'}`);
      state.codedeploy.configs.set(dc.name, {
        deploymentConfigId: `seed-${dc.name}`,
        deploymentConfigName: dc.name,
        computePlatform: 'ECS',
        createTime: past,
        trafficRoutingConfig: dc.trafficRoutingConfig as any,
        predefined: false,
      });
    }),
  );
  list(seed.alarms, 'alarms').forEach((a, i) => {
    if (!a?.name) throw new SeedError(`seed: alarms[${i}].name is required`);
    state.codedeploy.alarms.set(a.name, a.state ?? 'OK');
  });
  list(seed.applications, 'applications').forEach((app, i) => {
    at(`applications[${i}] (${app?.name})`, () =>
      createApplication(state, { applicationName: app?.name, computePlatform: 'ECS' }, past),
    );
    list(app.deploymentGroups, `applications[${i}].deploymentGroups`).forEach((g, j) =>
      at(`applications[${i}].deploymentGroups[${j}] (${g?.name})`, () =>
        createDeploymentGroup(state, groupInput(state, app.name, g)),
      ),
    );
  });
  reconcile(state, health, past);
  reconcile(state, health, now);
}

function listenerFor(state: EmulatorState, ref: string | undefined, field: string): string {
  const [lbName, port] = String(ref).split(':');
  const arn = listenerArn(loadBalancerArn(state.region, state.account, lbName ?? ''), Number(port));
  if (!state.elb.listeners.has(arn)) {
    throw new SeedError(
      `${field} "${ref}" does not name a seeded listener; write <load balancer name>:<port>`,
    );
  }
  return arn;
}

function groupInput(
  state: EmulatorState,
  applicationName: string,
  g: SeedDeploymentGroup,
): Record<string, unknown> {
  const [clusterName, serviceName] = String(g?.service).split('/');
  if (!clusterName || !serviceName)
    throw new SeedError('service must be written <cluster>/<service>');
  const alarms = g.alarms ?? [];
  return {
    applicationName,
    deploymentGroupName: g.name,
    serviceRoleArn: g.serviceRoleArn ?? `arn:aws:iam::${state.account}:role/ecsCodeDeployRole`,
    deploymentConfigName: g.deploymentConfigName ?? 'CodeDeployDefault.ECSAllAtOnce',
    deploymentStyle: { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' },
    ecsServices: [{ clusterName, serviceName }],
    loadBalancerInfo: {
      targetGroupPairInfoList: [
        {
          targetGroups: (g.targetGroups ?? []).map((name) => ({ name })),
          prodTrafficRoute: {
            listenerArns: [listenerFor(state, g.productionListener, 'productionListener')],
          },
          ...(g.testListener
            ? {
                testTrafficRoute: {
                  listenerArns: [listenerFor(state, g.testListener, 'testListener')],
                },
              }
            : {}),
        },
      ],
    },
    blueGreenDeploymentConfiguration: {
      deploymentReadyOption: g.readyOption ?? {
        actionOnTimeout: 'CONTINUE_DEPLOYMENT',
        waitTimeInMinutes: 0,
      },
      terminateBlueInstancesOnDeploymentSuccess: {
        action: 'TERMINATE',
        terminationWaitTimeInMinutes: g.terminationWaitTimeInMinutes ?? 5,
      },
    },
    autoRollbackConfiguration: {
      enabled: (g.autoRollbackEvents ?? []).length > 0,
      events: g.autoRollbackEvents ?? [],
    },
    alarmConfiguration: {
      enabled: alarms.length > 0,
      ignorePollAlarmFailure: false,
      alarms: alarms.map((name) => ({ name })),
    },
  };
}
