/**
 * The demo's account: one production service (web, 2 tasks, CODE_DEPLOY) behind a load balancer
 * with a production and a test listener, and a deployment group as the pipeline expects it: a
 * 10 % canary, a Ready wait that holds the deployment for the test-listener gate, a short
 * termination wait, automatic rollback and a 5xx alarm.
 *
 * With the ECS engine (`--engine ecs`) the same story is the service's own: deployment controller
 * ECS, strategy CANARY (10 %, 5 minutes), the PAUSE hook at POST_TEST_TRAFFIC_SHIFT that holds the
 * deployment for the gate (as infra declares it), a short bake, alarm and circuit-breaker
 * rollback, and listener rules forwarding to both target groups (1/0); no CodeDeploy application.
 *
 * With containers (`--containers`) the service starts at 0 tasks: its v1 image does not exist
 * until build-push has pushed it, and a task of a missing image would only fail to pull.
 */
import type { Seed } from '../emulator/index.js';

export const DATABASE_SECRET =
  'arn:aws:secretsmanager:us-east-1:123456789012:secret:web/database-url-AbCdEf';
export const ALARM = 'production-web-5xx';
export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';
export const CANARY = 'CodeDeployDefault.ECSCanary10Percent5Minutes';

export const V1_IMAGE = '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:v1';

export type DemoEngine = 'codedeploy' | 'ecs';

/** The hook the gate holds on: as infra/ declares it for a native service with a gate. */
export const GATE_HOOK = {
  targetType: 'PAUSE',
  lifecycleStages: ['POST_TEST_TRAFFIC_SHIFT'],
  timeoutConfiguration: { timeoutInMinutes: 60, action: 'ROLLBACK' },
};

export interface SeedOptions {
  /** Who runs the blue/green deployment (default codedeploy). */
  engine?: DemoEngine;
  /** The tasks get DATABASE_URL from the emulated Secrets Manager. */
  database: boolean;
  /** v1's image (default V1_IMAGE: nothing runs it but the app from source). */
  v1Image?: string;
  /** Tasks at start (default 2). */
  desiredCount?: number;
}

export function demoSeed({
  engine = 'codedeploy',
  database,
  v1Image = V1_IMAGE,
  desiredCount = 2,
}: SeedOptions): Seed {
  const seed = {
    account: '123456789012',
    region: 'us-east-1',
    repositories: [{ name: 'web' }],
    taskDefinitions: [
      {
        family: 'web',
        networkMode: 'awsvpc',
        requiresCompatibilities: ['FARGATE'],
        cpu: '256',
        memory: '512',
        runtimePlatform: { operatingSystemFamily: 'LINUX', cpuArchitecture: 'X86_64' },
        executionRoleArn: 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole',
        containerDefinitions: [
          {
            name: 'web',
            image: v1Image,
            essential: true,
            stopTimeout: 10,
            portMappings: [{ containerPort: 8080, protocol: 'tcp' }],
            environment: [
              { name: 'APP_VERSION', value: 'v1' },
              { name: 'APP_COLOR', value: 'blue' },
            ],
            ...(database
              ? { secrets: [{ name: 'DATABASE_URL', valueFrom: DATABASE_SECRET }] }
              : {}),
          },
        ],
      },
    ],
    loadBalancers: [
      {
        name: 'production-web',
        targetGroups: [
          { name: 'production-web-blue', port: 8080, healthCheckPath: '/healthz' },
          { name: 'production-web-green', port: 8080, healthCheckPath: '/healthz' },
        ],
        listeners: [
          { port: 80, targetGroup: 'production-web-blue' },
          { port: 8443, targetGroup: 'production-web-blue' },
        ],
      },
    ],
    clusters: [
      {
        name: 'production',
        services: [
          {
            serviceName: 'web',
            taskDefinition: 'web:1',
            desiredCount,
            launchType: 'FARGATE',
            deploymentController: 'CODE_DEPLOY',
            targetGroup: 'production-web-blue',
            containerName: 'web',
            containerPort: 8080,
          },
        ],
      },
    ],
    alarms: [{ name: ALARM, state: 'OK' }],
    applications: [
      {
        name: 'AppECS-production-web',
        deploymentGroups: [
          {
            name: 'DgpECS-production-web',
            service: 'production/web',
            deploymentConfigName: CANARY,
            targetGroups: ['production-web-blue', 'production-web-green'],
            productionListener: 'production-web:80',
            testListener: 'production-web:8443',
            readyOption: { actionOnTimeout: 'STOP_DEPLOYMENT', waitTimeInMinutes: 60 },
            terminationWaitTimeInMinutes: 1,
            autoRollbackEvents: [
              'DEPLOYMENT_FAILURE',
              'DEPLOYMENT_STOP_ON_REQUEST',
              'DEPLOYMENT_STOP_ON_ALARM',
            ],
            alarms: [ALARM],
          },
        ],
      },
    ],
  } as Seed;
  return engine === 'ecs' ? nativeEngine(seed) : seed;
}

/** The same account with the service on the ECS engine: rules on both target groups, no CodeDeploy. */
function nativeEngine(seed: Seed): Seed {
  const both = [
    { targetGroup: 'production-web-blue', weight: 1 },
    { targetGroup: 'production-web-green', weight: 0 },
  ];
  const rule = { priority: 10, conditions: { pathPattern: ['/*'] }, forward: both };
  const [service] = seed.clusters![0]!.services!;
  return {
    ...seed,
    loadBalancers: seed.loadBalancers!.map((lb) => ({
      ...lb,
      listeners: lb.listeners.map((l) => ({ ...l, rules: [rule] })),
    })),
    clusters: [
      {
        name: 'production',
        services: [
          {
            ...service!,
            deploymentController: 'ECS',
            strategy: 'CANARY',
            deploymentConfiguration: {
              bakeTimeInMinutes: 1,
              canaryConfiguration: { canaryPercent: 10, canaryBakeTimeInMinutes: 5 },
              deploymentCircuitBreaker: { enable: true, rollback: true },
              alarms: { alarmNames: [ALARM], enable: true, rollback: true },
              lifecycleHooks: [GATE_HOOK],
            },
            alternateTargetGroup: 'production-web-green',
            productionListenerRule: 'production-web:80:10',
            testListenerRule: 'production-web:8443:10',
          },
        ],
      },
    ],
    applications: [],
  };
}
