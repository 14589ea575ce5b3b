import { Duration } from 'aws-cdk-lib';

/** Which AWS account and region an environment lives in. */
export interface Placement {
  readonly account: string;
  readonly region: string;
}

/** Everything that differs between staging and production, typed so a typo fails `tsc`. */
export interface EnvironmentConfig extends Placement {
  /** Short lower-case name: used in resource names, stack names and the OIDC `sub` claim. */
  readonly name: 'staging' | 'production';
  /** GitHub repository (`owner/name`) whose workflows may assume the deploy role. */
  readonly githubRepository: string;
  /**
   * The one branch whose workflow runs may assume this environment's deploy role. The role's
   * trust requires the OIDC subject `repo:<repo>:environment:<env>:ref:refs/heads/<branch>`,
   * which GitHub issues once the repository's subject template includes `ref` (docs/guide.md:
   * `include_claim_keys: [repo, context, ref]`). The environment's deployment-branch policy
   * says the same on GitHub's side; the trust makes AWS enforce it.
   */
  readonly deployBranch: string;
  /**
   * ARN of an existing GitHub OIDC provider in this account. An account holds one provider per
   * URL, so the second environment in the same account imports the first one's.
   */
  readonly githubOidcProviderArn?: string;
  /** Whether this environment's deploy role may push images (production only promotes digests). */
  readonly deployRoleCanPushImages: boolean;
  readonly network: {
    readonly cidr: string;
    /** 1 for cheap environments; one per AZ where an AZ outage must not cut egress. */
    readonly natGateways: number;
  };
  readonly loadBalancer: {
    /** Refuse to delete the ALB (CloudFormation and console) until this is turned off. */
    readonly deletionProtection: boolean;
    /** ACM certificate for the HTTPS production listener; without it the listener is plain HTTP. */
    readonly certificateArn?: string;
    /**
     * The name the certificate covers, pointed at the ALB by an alias record you keep in your DNS:
     * the production URL. Required with certificateArn (the ALB's own name cannot be certified).
     */
    readonly domainName?: string;
    readonly testListenerPort: number;
    /**
     * Who else may reach the test listener (a VPN's or office's egress addresses); never the
     * whole internet. The NAT gateways' addresses are always admitted: a runner inside the VPC
     * resolves the ALB's public name and arrives from them.
     */
    readonly testListenerCidrs: readonly string[];
  };
  readonly service: {
    readonly containerName: string;
    readonly containerPort: number;
    readonly cpu: number;
    readonly memoryMiB: number;
    readonly cpuArchitecture: 'X86_64' | 'ARM64';
    readonly minTasks: number;
    readonly maxTasks: number;
    /** Tag of the image the stack starts the service with; later releases come from the pipeline. */
    readonly bootstrapImageTag: string;
    readonly logRetentionDays: 7 | 14 | 30 | 90 | 365;
  };
  readonly database: {
    readonly instanceClass: string;
    readonly allocatedStorageGiB: number;
    readonly multiAz: boolean;
    readonly backupRetentionDays: number;
    readonly deletionProtection: boolean;
  };
  readonly deployment: {
    /** Who moves traffic between revisions: CodeDeploy, or ECS itself (see DeploymentEngine). */
    readonly engine: DeploymentEngine;
    /**
     * When set, a deployment holds at test traffic this long for a promotion, then rolls back:
     * CodeDeploy's Ready wait (ContinueDeployment), or on the ECS engine a PAUSE hook at
     * POST_TEST_TRAFFIC_SHIFT (ContinueServiceDeployment). Unset: no hold, no gate.
     */
    readonly readyWait?: Duration;
    /**
     * How long the old (blue) revision stays up after traffic moved, for a fast rollback:
     * CodeDeploy's termination wait, or the ECS engine's bake time (at most 24 h).
     */
    readonly terminationWait: Duration;
  };
  /** An S3 bucket behind CloudFront with origin access control, for static assets. */
  readonly staticSite: boolean;
}

/**
 * Who moves traffic between the blue and green revisions. `codedeploy`: the service has the
 * CODE_DEPLOY controller and releases are CodeDeploy deployments (AppSpec, deployment group).
 * `ecs`: the ECS controller with a native strategy; releases are UpdateService calls and ECS
 * rewrites the listener rules itself. Switching codedeploy -> ecs updates the service in place
 * (docs/guide.md, "Moving a CodeDeploy service to ECS-native").
 */
export type DeploymentEngine =
  { readonly kind: 'codedeploy' } | { readonly kind: 'ecs'; readonly strategy: NativeStrategy };

/** The ECS-native strategies; percentages and bake times as ECS takes them. */
export type NativeStrategy =
  | { readonly type: 'BLUE_GREEN' }
  /** `percent` of production first, then the rest after `bakeTime`. */
  | { readonly type: 'CANARY'; readonly percent: number; readonly bakeTime: Duration }
  /** `stepPercent` more production traffic every `stepBakeTime`. */
  | { readonly type: 'LINEAR'; readonly stepPercent: number; readonly stepBakeTime: Duration };

/** CodeDeploy blue/green, the engine the suite was specified with. */
export const codeDeployEngine: DeploymentEngine = { kind: 'codedeploy' };

/** ECS-native blue/green with the given strategy. */
export function ecsEngine(strategy: NativeStrategy): DeploymentEngine {
  return { kind: 'ecs', strategy };
}

/**
 * The one switch: both environments deploy with this engine, so staging rehearses production.
 * For ECS-native, write `ecsEngine({ type: 'CANARY', percent: 10, bakeTime: Duration.minutes(5) })`
 * (the same canary as CodeDeployDefault.ECSCanary10Percent5Minutes).
 */
const engine: DeploymentEngine = codeDeployEngine;

/** The shared ECR repository: one artifact, promoted from staging to production by digest. */
export interface RegistryConfig extends Placement {
  readonly repositoryName: string;
  /** How many untagged images to keep (build caches, superseded pushes). */
  readonly untaggedImagesKept: number;
  /** How many release images (tag prefix `sha-`) to keep for rollbacks. */
  readonly releaseImagesKept: number;
}

/** Placeholder account: replace with yours (and refresh cdk.context.json, see README). */
const account = '123456789012';
const region = 'us-east-1';

export const registry: RegistryConfig = {
  account,
  region,
  repositoryName: 'org-actions/web',
  untaggedImagesKept: 10,
  releaseImagesKept: 50,
};

const shared = {
  account,
  region,
  githubRepository: 'org/actions',
  deployBranch: 'main',
} as const;

export const environments: Record<EnvironmentConfig['name'], EnvironmentConfig> = {
  staging: {
    ...shared,
    name: 'staging',
    deployRoleCanPushImages: true,
    network: { cidr: '10.10.0.0/16', natGateways: 1 },
    loadBalancer: { deletionProtection: false, testListenerPort: 8443, testListenerCidrs: [] },
    service: {
      containerName: 'web',
      containerPort: 8080,
      cpu: 256,
      memoryMiB: 512,
      cpuArchitecture: 'X86_64',
      minTasks: 1,
      maxTasks: 4,
      bootstrapImageTag: 'bootstrap',
      logRetentionDays: 14,
    },
    database: {
      instanceClass: 't4g.micro',
      allocatedStorageGiB: 20,
      multiAz: false,
      backupRetentionDays: 1,
      deletionProtection: false,
    },
    deployment: { engine, terminationWait: Duration.minutes(5) },
    staticSite: false,
  },
  production: {
    ...shared,
    name: 'production',
    // Same account as staging in this example: reuse the provider staging created.
    githubOidcProviderArn: `arn:aws:iam::${account}:oidc-provider/token.actions.githubusercontent.com`,
    deployRoleCanPushImages: false,
    network: { cidr: '10.20.0.0/16', natGateways: 2 },
    loadBalancer: {
      deletionProtection: true,
      certificateArn: `arn:aws:acm:${region}:${account}:certificate/00000000-0000-0000-0000-000000000000`,
      domainName: 'app.example.com',
      testListenerPort: 8443,
      testListenerCidrs: [],
    },
    service: {
      containerName: 'web',
      containerPort: 8080,
      cpu: 512,
      memoryMiB: 1024,
      cpuArchitecture: 'X86_64',
      minTasks: 2,
      maxTasks: 10,
      bootstrapImageTag: 'bootstrap',
      logRetentionDays: 90,
    },
    database: {
      instanceClass: 'm7g.large',
      allocatedStorageGiB: 50,
      multiAz: true,
      backupRetentionDays: 14,
      deletionProtection: true,
    },
    deployment: {
      engine,
      readyWait: Duration.hours(1),
      terminationWait: Duration.minutes(30),
    },
    staticSite: true,
  },
};

/**
 * Problems that would only surface at deploy time (or never), found at synth instead.
 * Returns one line per problem naming the field and what to write.
 */
export function configProblems(config: EnvironmentConfig): string[] {
  const problems: string[] = [];
  const at = (field: string) => `${config.name}.${field}`;
  if (!/^[\w.-]+\/[\w.-]+$/.test(config.githubRepository)) {
    problems.push(`${at('githubRepository')}: "${config.githubRepository}" is not owner/name`);
  }
  if (config.network.natGateways < 1 || config.network.natGateways > 2) {
    problems.push(
      `${at('network.natGateways')}: ${config.network.natGateways}; use 1 or 2 (two AZs)`,
    );
  }
  const { testListenerPort, testListenerCidrs } = config.loadBalancer;
  if ([80, 443].includes(testListenerPort) || testListenerPort < 1 || testListenerPort > 65535) {
    problems.push(
      `${at('loadBalancer.testListenerPort')}: ${testListenerPort}; use a free port such as 8443`,
    );
  }
  const { certificateArn, domainName } = config.loadBalancer;
  if (certificateArn !== undefined && !domainName) {
    problems.push(
      `${at('loadBalancer.domainName')}: missing; with a certificateArn, set the domain the certificate covers (the ALB's own *.elb.amazonaws.com name cannot be certified)`,
    );
  }
  if (!/^[\w./-]+$/.test(config.deployBranch) || config.deployBranch.startsWith('refs/')) {
    problems.push(
      `${at('deployBranch')}: "${config.deployBranch}"; write a branch name such as main (no refs/heads/, no wildcard)`,
    );
  }
  for (const cidr of testListenerCidrs) {
    if (cidr.endsWith('/0')) {
      problems.push(
        `${at('loadBalancer.testListenerCidrs')}: ${cidr} opens the test listener to everyone; list specific CIDRs`,
      );
    }
  }
  if (config.service.minTasks < 1 || config.service.maxTasks < config.service.minTasks) {
    problems.push(`${at('service.minTasks/maxTasks')}: need 1 <= minTasks <= maxTasks`);
  }
  if (config.name === 'production' && !config.database.deletionProtection) {
    problems.push(`${at('database.deletionProtection')}: must be true in production`);
  }
  if (config.name === 'production' && !config.loadBalancer.deletionProtection) {
    problems.push(`${at('loadBalancer.deletionProtection')}: must be true in production`);
  }
  if (config.database.backupRetentionDays < 1) {
    problems.push(`${at('database.backupRetentionDays')}: at least 1 day of backups`);
  }
  problems.push(...engineProblems(config.deployment, at));
  return problems;
}

const minutesOf = (d: Duration) => d.toMinutes({ integral: false });
/** A multiple of 0.1 (how ECS takes its percentages), with a float's rounding forgiven. */
const isTenth = (n: number) => Math.abs(n * 10 - Math.round(n * 10)) < 1e-9;

/** ECS's ranges for the native engine (ecs-native-deployments-spec 1.1), checked at synth. */
function engineProblems(
  deployment: EnvironmentConfig['deployment'],
  at: (field: string) => string,
): string[] {
  const { engine: chosen, readyWait, terminationWait } = deployment;
  if (chosen.kind !== 'ecs') return [];
  const problems: string[] = [];
  if (minutesOf(terminationWait) > 1440) {
    problems.push(
      `${at('deployment.terminationWait')}: ${minutesOf(terminationWait)} min; the ECS engine's bake time is at most 1440 min (24 h)`,
    );
  }
  if (readyWait !== undefined && (minutesOf(readyWait) < 1 || minutesOf(readyWait) > 20160)) {
    problems.push(
      `${at('deployment.readyWait')}: ${minutesOf(readyWait)} min; a PAUSE hook waits 1 to 20160 min (14 days)`,
    );
  }
  const strategy = chosen.strategy;
  const percentProblem = (field: string, value: number, min: number) =>
    value < min || value > 100 || !isTenth(value)
      ? `${at(`deployment.engine.strategy.${field}`)}: ${value}; write a multiple of 0.1 from ${min} to 100`
      : undefined;
  const bakeProblem = (field: string, value: Duration) =>
    minutesOf(value) > 1440
      ? `${at(`deployment.engine.strategy.${field}`)}: ${minutesOf(value)} min; at most 1440 min (24 h)`
      : undefined;
  if (strategy.type === 'CANARY') {
    problems.push(
      ...[
        percentProblem('percent', strategy.percent, 0.1),
        bakeProblem('bakeTime', strategy.bakeTime),
      ].filter((p) => p !== undefined),
    );
  }
  if (strategy.type === 'LINEAR') {
    problems.push(
      ...[
        percentProblem('stepPercent', strategy.stepPercent, 3),
        bakeProblem('stepBakeTime', strategy.stepBakeTime),
      ].filter((p) => p !== undefined),
    );
  }
  return problems;
}
