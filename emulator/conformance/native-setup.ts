/**
 * Builds an ECS-native blue/green service purely through the SDK, as a user would on AWS: an ALB,
 * two target groups, a production listener rule and a test listener rule forwarding to both target
 * groups with weights 1/0 (spec §1.2), a task definition and the service itself.
 */
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeServiceDeploymentsCommand,
  DescribeServicesCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
  type DeploymentConfiguration,
  type ServiceDeployment,
} from '@aws-sdk/client-ecs';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateRuleCommand,
  CreateTargetGroupCommand,
  DescribeRulesCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Harness } from './harness.js';

export interface NativeSetup {
  cluster: string;
  service: string;
  blueTg: string;
  greenTg: string;
  productionRule: string;
  testRule: string;
}

const ACCOUNT = '123456789012';
export const ROLE = `arn:aws:iam::${ACCOUNT}:role/ecsInfrastructureRoleForLoadBalancers`;
export const HOOK_ROLE = `arn:aws:iam::${ACCOUNT}:role/ecsLambdaHookRole`;
export const MINUTE = 60_000;

const forward = (blue: string, green: string) => [
  {
    Type: 'forward' as const,
    ForwardConfig: {
      TargetGroups: [
        { TargetGroupArn: blue, Weight: 1 },
        { TargetGroupArn: green, Weight: 0 },
      ],
    },
  },
];

export async function buildLoadBalancer(h: Harness, name: string) {
  const lb = await h.elbv2.send(
    new CreateLoadBalancerCommand({ Name: name, Subnets: ['subnet-1', 'subnet-2'] }),
  );
  const lbArn = lb.LoadBalancers![0]!.LoadBalancerArn!;
  const tg = async (suffix: string) =>
    (
      await h.elbv2.send(
        new CreateTargetGroupCommand({
          Name: `${name}-${suffix}`,
          Protocol: 'HTTP',
          Port: 8080,
          VpcId: 'vpc-1',
          TargetType: 'ip',
          HealthCheckPath: '/healthz',
        }),
      )
    ).TargetGroups![0]!.TargetGroupArn!;
  const blueTg = await tg('blue');
  const greenTg = await tg('green');
  const listener = async (port: number) =>
    (
      await h.elbv2.send(
        new CreateListenerCommand({
          LoadBalancerArn: lbArn,
          Port: port,
          Protocol: 'HTTP',
          DefaultActions: forward(blueTg, greenTg),
        }),
      )
    ).Listeners![0]!.ListenerArn!;
  const prodListener = await listener(80);
  const testListener = await listener(8443);
  const rule = async (listenerArn: string, priority: number) =>
    (
      await h.elbv2.send(
        new CreateRuleCommand({
          ListenerArn: listenerArn,
          Priority: priority,
          Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/*'] } }],
          Actions: forward(blueTg, greenTg),
        }),
      )
    ).Rules![0]!.RuleArn!;
  return {
    blueTg,
    greenTg,
    productionRule: await rule(prodListener, 10),
    testRule: await rule(testListener, 10),
  };
}

export async function registerWeb(h: Harness, image = 'web:2'): Promise<string> {
  const out = await h.ecs.send(
    new RegisterTaskDefinitionCommand({
      family: 'native-web',
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      cpu: '256',
      memory: '512',
      containerDefinitions: [{ name: 'web', image, portMappings: [{ containerPort: 8080 }] }],
    }),
  );
  return out.taskDefinition!.taskDefinitionArn!;
}

export function loadBalancers(s: Omit<NativeSetup, 'cluster' | 'service'>, test = true) {
  return [
    {
      targetGroupArn: s.blueTg,
      containerName: 'web',
      containerPort: 8080,
      advancedConfiguration: {
        alternateTargetGroupArn: s.greenTg,
        productionListenerRule: s.productionRule,
        ...(test ? { testListenerRule: s.testRule } : {}),
        roleArn: ROLE,
      },
    },
  ];
}

export const NETWORK = {
  awsvpcConfiguration: {
    subnets: ['subnet-1'],
    securityGroups: ['sg-1'],
    assignPublicIp: 'DISABLED' as const,
  },
};

/** A native service on its own ALB, healthy with production 100 % on blue once this returns. */
export async function nativeService(
  h: Harness,
  name: string,
  deploymentConfiguration: DeploymentConfiguration,
): Promise<NativeSetup> {
  const net = await buildLoadBalancer(h, name);
  await h.ecs.send(new CreateClusterCommand({ clusterName: name }));
  await h.ecs.send(
    new CreateServiceCommand({
      cluster: name,
      serviceName: 'web',
      taskDefinition: await registerWeb(h, 'web:1'),
      desiredCount: 2,
      launchType: 'FARGATE',
      networkConfiguration: NETWORK,
      deploymentController: { type: 'ECS' },
      deploymentConfiguration,
      loadBalancers: loadBalancers(net),
    }),
  );
  await h.advance(15_000); // tasks healthy, first deployment SUCCESSFUL
  return { cluster: name, service: 'web', ...net };
}

export async function deploy(h: Harness, s: NativeSetup, image: string): Promise<string> {
  const out = await h.ecs.send(
    new UpdateServiceCommand({
      cluster: s.cluster,
      service: s.service,
      taskDefinition: await registerWeb(h, image),
    }),
  );
  return out.service!.currentServiceDeployment!;
}

export async function describe(h: Harness, arn: string): Promise<ServiceDeployment> {
  const out = await h.ecs.send(
    new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn] }),
  );
  return out.serviceDeployments![0]!;
}

/** The rule's forward weights by target group: `{blue, green}` as DescribeRules shows them. */
export async function weights(h: Harness, s: NativeSetup, rule: 'productionRule' | 'testRule') {
  const out = await h.elbv2.send(new DescribeRulesCommand({ RuleArns: [s[rule]] }));
  const tgs = out.Rules![0]!.Actions![0]!.ForwardConfig!.TargetGroups!;
  const of = (arn: string) => tgs.find((t) => t.TargetGroupArn === arn)?.Weight ?? 0;
  return { blue: of(s.blueTg), green: of(s.greenTg) };
}

export async function serviceOf(h: Harness, s: NativeSetup) {
  const out = await h.ecs.send(
    new DescribeServicesCommand({ cluster: s.cluster, services: [s.service] }),
  );
  return out.services![0]!;
}
