import { Duration } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import {
  configProblems,
  ecsEngine,
  environments,
  type EnvironmentConfig,
  type NativeStrategy,
} from '../lib/config.js';

const staging = environments.staging;
const production = environments.production;
const withChange = (base: EnvironmentConfig, change: (c: EnvironmentConfig) => EnvironmentConfig) =>
  change(base);
const onEcs = (base: EnvironmentConfig, strategy: NativeStrategy) =>
  withChange(base, (c) => ({ ...c, deployment: { ...c.deployment, engine: ecsEngine(strategy) } }));
const canary = (percent: number, minutes = 5): NativeStrategy => ({
  type: 'CANARY',
  percent,
  bakeTime: Duration.minutes(minutes),
});

describe('configProblems', () => {
  it('accepts the committed staging and production configuration', () => {
    expect(configProblems(staging)).toEqual([]);
    expect(configProblems(production)).toEqual([]);
  });

  it('accepts them on the ECS engine with each strategy', () => {
    for (const strategy of [
      { type: 'BLUE_GREEN' },
      canary(10),
      { type: 'LINEAR', stepPercent: 10, stepBakeTime: Duration.minutes(3) },
    ] as NativeStrategy[]) {
      expect(configProblems(onEcs(staging, strategy))).toEqual([]);
      expect(configProblems(onEcs(production, strategy))).toEqual([]);
    }
  });

  it.each([
    [
      'an open test listener',
      withChange(staging, (c) => ({
        ...c,
        loadBalancer: { ...c.loadBalancer, testListenerCidrs: ['0.0.0.0/0'] },
      })),
      'staging.loadBalancer.testListenerCidrs: 0.0.0.0/0 opens the test listener to everyone; list specific CIDRs',
    ],
    [
      'a certificate without the domain it covers',
      withChange(production, (c) => ({
        ...c,
        loadBalancer: { ...c.loadBalancer, domainName: undefined },
      })),
      "production.loadBalancer.domainName: missing; with a certificateArn, set the domain the certificate covers (the ALB's own *.elb.amazonaws.com name cannot be certified)",
    ],
    [
      'a deploy branch written as a ref or a pattern',
      withChange(staging, (c) => ({ ...c, deployBranch: 'refs/heads/*' })),
      'staging.deployBranch: "refs/heads/*"; write a branch name such as main (no refs/heads/, no wildcard)',
    ],
    [
      'a production load balancer that can be deleted',
      withChange(production, (c) => ({
        ...c,
        loadBalancer: { ...c.loadBalancer, deletionProtection: false },
      })),
      'production.loadBalancer.deletionProtection: must be true in production',
    ],
    [
      'the test listener on the production port',
      withChange(staging, (c) => ({
        ...c,
        loadBalancer: { ...c.loadBalancer, testListenerPort: 443 },
      })),
      'staging.loadBalancer.testListenerPort: 443; use a free port such as 8443',
    ],
    [
      'a repository that is not owner/name',
      withChange(staging, (c) => ({ ...c, githubRepository: 'actions' })),
      'staging.githubRepository: "actions" is not owner/name',
    ],
    [
      'three NAT gateways in two AZs',
      withChange(staging, (c) => ({ ...c, network: { ...c.network, natGateways: 3 } })),
      'staging.network.natGateways: 3; use 1 or 2 (two AZs)',
    ],
    [
      'production without deletion protection',
      withChange(production, (c) => ({
        ...c,
        database: { ...c.database, deletionProtection: false },
      })),
      'production.database.deletionProtection: must be true in production',
    ],
    [
      'no backups',
      withChange(staging, (c) => ({ ...c, database: { ...c.database, backupRetentionDays: 0 } })),
      'staging.database.backupRetentionDays: at least 1 day of backups',
    ],
    [
      'more minimum than maximum tasks',
      withChange(staging, (c) => ({ ...c, service: { ...c.service, minTasks: 5, maxTasks: 2 } })),
      'staging.service.minTasks/maxTasks: need 1 <= minTasks <= maxTasks',
    ],
    [
      'a canary percentage ECS does not take',
      onEcs(staging, canary(10.05)),
      'staging.deployment.engine.strategy.percent: 10.05; write a multiple of 0.1 from 0.1 to 100',
    ],
    [
      'a linear step below 3 %',
      onEcs(staging, { type: 'LINEAR', stepPercent: 2, stepBakeTime: Duration.minutes(1) }),
      'staging.deployment.engine.strategy.stepPercent: 2; write a multiple of 0.1 from 3 to 100',
    ],
    [
      'a canary bake longer than a day',
      onEcs(staging, canary(10, 1500)),
      'staging.deployment.engine.strategy.bakeTime: 1500 min; at most 1440 min (24 h)',
    ],
    [
      'an ECS bake time (the termination wait) longer than a day',
      withChange(onEcs(production, { type: 'BLUE_GREEN' }), (c) => ({
        ...c,
        deployment: { ...c.deployment, terminationWait: Duration.hours(25) },
      })),
      "production.deployment.terminationWait: 1500 min; the ECS engine's bake time is at most 1440 min (24 h)",
    ],
    [
      'a PAUSE hook longer than ECS waits',
      withChange(onEcs(production, { type: 'BLUE_GREEN' }), (c) => ({
        ...c,
        deployment: { ...c.deployment, readyWait: Duration.days(15) },
      })),
      'production.deployment.readyWait: 21600 min; a PAUSE hook waits 1 to 20160 min (14 days)',
    ],
  ])('rejects %s', (_name, config, problem) => {
    expect(configProblems(config)).toEqual([problem]);
  });
});
