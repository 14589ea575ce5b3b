import { describe, expect, it } from 'vitest';
import { configProblems, environments, type EnvironmentConfig } from '../lib/config.js';

const staging = environments.staging;
const production = environments.production;
const withChange = (base: EnvironmentConfig, change: (c: EnvironmentConfig) => EnvironmentConfig) =>
  change(base);

describe('configProblems', () => {
  it('accepts the committed staging and production configuration', () => {
    expect(configProblems(staging)).toEqual([]);
    expect(configProblems(production)).toEqual([]);
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
  ])('rejects %s', (_name, config, problem) => {
    expect(configProblems(config)).toEqual([problem]);
  });
});
