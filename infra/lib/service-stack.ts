import { CfnOutput, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import type * as ecr from 'aws-cdk-lib/aws-ecr';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { BlueGreenDeployment } from './blue-green-deployment.js';
import { configProblems, type EnvironmentConfig } from './config.js';
import { Database } from './database.js';
import { GitHubDeployRole } from './github-deploy-role.js';
import { BlueGreenLoadBalancer } from './load-balancer.js';
import { Network } from './network.js';
import { BlueGreenService } from './service.js';
import { StaticSite } from './static-site.js';

export interface ServiceStackProps extends StackProps {
  readonly config: EnvironmentConfig;
  readonly repository: ecr.IRepository;
}

/**
 * Output keys of a service stack. The workflows read them (`aws cloudformation describe-stacks`)
 * into repository variables; infra/README.md maps each to the action input it feeds.
 */
export const Outputs = {
  albDnsName: 'AlbDnsName',
  productionUrl: 'ProductionUrl',
  testListenerUrl: 'TestListenerUrl',
  ecrRepositoryUri: 'EcrRepositoryUri',
  deployRoleArn: 'DeployRoleArn',
  codeDeployApplication: 'CodeDeployApplication',
  codeDeployDeploymentGroup: 'CodeDeployDeploymentGroup',
  cluster: 'EcsCluster',
  service: 'EcsService',
  taskDefinitionFamily: 'TaskDefinitionFamily',
  containerName: 'ContainerName',
  containerPort: 'ContainerPort',
  staticSiteBucket: 'StaticSiteBucket',
  staticSiteUrl: 'StaticSiteUrl',
} as const;

/** Resource names derived from the environment, so workflows can also compute them. */
export function resourceNames(config: EnvironmentConfig) {
  const base = `org-actions-${config.name}`;
  return {
    cluster: base,
    service: 'web',
    taskDefinitionFamily: `${base}-web`,
    codeDeploy: `${base}-web`,
    database: 'app',
  };
}

/** One environment: network, load balancer, database, service, blue/green deployment (either engine), deploy role. */
export class ServiceStack extends Stack {
  readonly network: Network;
  readonly loadBalancer: BlueGreenLoadBalancer;
  readonly database: Database;
  readonly service: BlueGreenService;
  readonly deployment: BlueGreenDeployment;
  readonly deployRole: GitHubDeployRole;
  readonly staticSite?: StaticSite;

  constructor(scope: Construct, id: string, props: ServiceStackProps) {
    const { config } = props;
    const problems = configProblems(config);
    if (problems.length > 0) {
      throw new Error(
        `invalid ${config.name} configuration (infra/lib/config.ts):\n${problems.join('\n')}`,
      );
    }
    super(scope, id, {
      ...props,
      env: { account: config.account, region: config.region },
      description: `org/actions: the ${config.name} environment of the blue/green ECS service`,
    });
    const names = resourceNames(config);

    this.network = new Network(this, 'Network', {
      cidr: config.network.cidr,
      natGateways: config.network.natGateways,
      flowLogRetention: logs.RetentionDays.ONE_MONTH,
    });
    const vpc = this.network.vpc;

    this.loadBalancer = new BlueGreenLoadBalancer(this, 'LoadBalancer', {
      vpc,
      deletionProtection: config.loadBalancer.deletionProtection,
      natPublicIps: this.network.natPublicIps,
      certificateArn: config.loadBalancer.certificateArn,
      domainName: config.loadBalancer.domainName,
      testListenerPort: config.loadBalancer.testListenerPort,
      testListenerCidrs: config.loadBalancer.testListenerCidrs,
      targetPort: config.service.containerPort,
      weightedRules: config.deployment.engine.kind === 'ecs',
    });
    if (config.loadBalancer.certificateArn === undefined) {
      // No certificate means plain HTTP: make that a visible, acknowledged decision.
      Validations.of(this.loadBalancer.productionListener).addWarning(
        'PlainHttpListener',
        `${config.name} has no loadBalancer.certificateArn: the production listener serves plain HTTP`,
      );
      Validations.of(this.loadBalancer.productionListener).acknowledge({
        id: 'PlainHttpListener',
        reason: `${config.name} is a non-production environment without a domain; production sets certificateArn and gets HTTPS with an HTTP redirect.`,
      });
    }

    this.database = new Database(this, 'Database', {
      vpc,
      config: config.database,
      databaseName: names.database,
    });
    const databaseSecret = this.database.instance.secret;
    if (databaseSecret === undefined) throw new Error('the database has no generated secret');

    this.service = new BlueGreenService(this, 'Service', {
      vpc,
      clusterName: names.cluster,
      serviceName: names.service,
      taskDefinitionFamily: names.taskDefinitionFamily,
      config: config.service,
      repository: props.repository,
      databaseSecret,
      databaseName: this.database.databaseName,
      loadBalancerSecurityGroup: this.loadBalancer.securityGroup,
      blueTargetGroup: this.loadBalancer.blueTargetGroup,
      greenTargetGroup: this.loadBalancer.greenTargetGroup,
      deployment: config.deployment,
      productionRule: this.loadBalancer.productionRule,
      testRule: this.loadBalancer.testRule,
    });
    this.database.allowFrom(this.service.securityGroup);

    this.deployment = new BlueGreenDeployment(this, 'Deployment', {
      name: names.codeDeploy,
      engine: config.deployment.engine,
      service: this.service.service,
      productionListener: this.loadBalancer.productionListener,
      testListener: this.loadBalancer.testListener,
      blueTargetGroup: this.loadBalancer.blueTargetGroup,
      greenTargetGroup: this.loadBalancer.greenTargetGroup,
      readyWait: config.deployment.readyWait,
      terminationWait: config.deployment.terminationWait,
    });

    this.deployRole = new GitHubDeployRole(this, 'GitHubDeploy', {
      githubRepository: config.githubRepository,
      githubEnvironment: config.name,
      githubBranch: config.deployBranch,
      existingProviderArn: config.githubOidcProviderArn,
      repository: props.repository,
      canPushImages: config.deployRoleCanPushImages,
      clusterName: names.cluster,
      serviceName: names.service,
      taskDefinitionFamily: names.taskDefinitionFamily,
      taskRoles: this.service.taskRoles,
      logGroupName: this.service.logGroupName,
      engine: this.deployment.codeDeploy
        ? {
            kind: 'codedeploy',
            ...this.deployment.codeDeploy,
            promotes: config.deployment.readyWait !== undefined,
          }
        : { kind: 'ecs' },
    });

    if (config.staticSite) {
      this.staticSite = new StaticSite(this, 'StaticSite');
    }

    this.outputs(config);
  }

  private outputs(config: EnvironmentConfig) {
    const names = resourceNames(config);
    const output = (key: string, value: string, description: string) =>
      new CfnOutput(this, key, { value, description });
    output(Outputs.albDnsName, this.loadBalancer.alb.loadBalancerDnsName, 'ALB DNS name');
    output(Outputs.productionUrl, this.loadBalancer.productionUrl, 'Production listener URL');
    output(
      Outputs.testListenerUrl,
      this.loadBalancer.testUrl,
      'Test listener URL (bluegreen-deploy checks)',
    );
    output(Outputs.ecrRepositoryUri, this.service.repositoryUri, 'build-push repository');
    output(
      Outputs.deployRoleArn,
      this.deployRole.role.roleArn,
      'configure-aws-credentials role-to-assume',
    );
    // ECS engine: no CodeDeploy outputs, so the workflow variables stay empty and the actions
    // read the engine from the service itself.
    if (this.deployment.codeDeploy) {
      output(
        Outputs.codeDeployApplication,
        this.deployment.codeDeploy.application.applicationName,
        'bluegreen-deploy application',
      );
      output(
        Outputs.codeDeployDeploymentGroup,
        this.deployment.codeDeploy.deploymentGroup.deploymentGroupName,
        'bluegreen-deploy deployment group',
      );
    }
    output(Outputs.cluster, this.service.cluster.clusterName, 'bluegreen-deploy cluster');
    output(Outputs.service, this.service.service.serviceName, 'bluegreen-deploy service');
    output(Outputs.taskDefinitionFamily, names.taskDefinitionFamily, 'render-taskdef family');
    output(Outputs.containerName, config.service.containerName, 'render-taskdef container-name');
    output(
      Outputs.containerPort,
      String(config.service.containerPort),
      'render-taskdef container-port',
    );
    if (this.staticSite) {
      output(Outputs.staticSiteBucket, this.staticSite.bucket.bucketName, 'Static site bucket');
      output(
        Outputs.staticSiteUrl,
        `https://${this.staticSite.distribution.distributionDomainName}`,
        'Static site URL',
      );
    }
  }
}
