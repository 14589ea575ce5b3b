import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { EnvironmentConfig } from './config.js';
import {
  addGatePauseHook,
  LoadBalancerInfrastructureRole,
  nativeStrategyProps,
} from './native-blue-green.js';
import { SubnetTier } from './network.js';

/**
 * The app's DB_SSL (app/src/config.ts: off, require or verify-full). PostgreSQL 15 and later on
 * RDS default rds.force_ssl to 1, so a plain connection is refused and tasks would crash-loop.
 * `require` encrypts without verifying the server certificate. `verify-full` would be stronger but
 * needs the RDS CA bundle inside the image (NODE_EXTRA_CA_CERTS): RDS certificates chain to
 * Amazon RDS roots that are not in Node's store, and the app image does not ship the bundle. Once
 * it does, switch to `verify-full` and set NODE_EXTRA_CA_CERTS to the bundle's path.
 */
export const DATABASE_TLS_MODE = 'require';

/** The task's only writable place: an ephemeral volume at /tmp. */
const TMP_VOLUME = 'tmp';

export interface BlueGreenServiceProps {
  readonly vpc: ec2.IVpc;
  readonly clusterName: string;
  readonly serviceName: string;
  readonly taskDefinitionFamily: string;
  readonly config: EnvironmentConfig['service'];
  readonly repository: ecr.IRepository;
  readonly databaseSecret: secretsmanager.ISecret;
  /** The database the instance was created with (not in the generated secret, see below). */
  readonly databaseName: string;
  readonly loadBalancerSecurityGroup: ec2.ISecurityGroup;
  readonly blueTargetGroup: elbv2.ApplicationTargetGroup;
  readonly greenTargetGroup: elbv2.ApplicationTargetGroup;
  /** The engine, its hold and its bake time (config.deployment). */
  readonly deployment: EnvironmentConfig['deployment'];
  /** The catch-all rules ECS rewrites; required by the ECS engine. */
  readonly productionRule?: elbv2.ApplicationListenerRule;
  readonly testRule?: elbv2.ApplicationListenerRule;
}

/** The deployment controller, and on the ECS engine its strategy, from the configured engine. */
function engineProps(
  deployment: EnvironmentConfig['deployment'],
): Partial<ecs.FargateServiceProps> {
  const { engine } = deployment;
  if (engine.kind === 'codedeploy') {
    return { deploymentController: { type: ecs.DeploymentControllerType.CODE_DEPLOY } };
  }
  return {
    deploymentController: { type: ecs.DeploymentControllerType.ECS },
    ...nativeStrategyProps(engine.strategy, deployment.terminationWait),
  };
}

/**
 * The Fargate service the pipeline deploys to. CloudFormation creates it once; every later
 * release is a blue/green deployment by the configured engine: with the `CODE_DEPLOY` controller
 * a CodeDeploy deployment, with the `ECS` controller and a native strategy an UpdateService that
 * ECS carries out by rewriting the listener rules. Switching engines updates this same resource.
 */
export class BlueGreenService extends Construct {
  readonly cluster: ecs.Cluster;
  readonly taskDefinition: ecs.FargateTaskDefinition;
  readonly service: ecs.FargateService;
  readonly securityGroup: ec2.SecurityGroup;
  readonly repositoryUri: string;
  /** The role ECS uses to move traffic, on the ECS engine only. */
  readonly infrastructureRole?: LoadBalancerInfrastructureRole;
  /** The awslogs group of every task, the migration task's included. */
  readonly logGroupName: string;

  constructor(scope: Construct, id: string, props: BlueGreenServiceProps) {
    super(scope, id);
    const { config } = props;
    this.repositoryUri = props.repository.repositoryUri;

    this.cluster = new ecs.Cluster(this, 'Cluster', {
      vpc: props.vpc,
      clusterName: props.clusterName,
      containerInsightsV2: ecs.ContainerInsights.ENABLED,
    });

    this.taskDefinition = new ecs.FargateTaskDefinition(this, 'TaskDefinition', {
      family: props.taskDefinitionFamily,
      cpu: config.cpu,
      memoryLimitMiB: config.memoryMiB,
      runtimePlatform: {
        cpuArchitecture: ecs.CpuArchitecture.of(config.cpuArchitecture),
        operatingSystemFamily: ecs.OperatingSystemFamily.LINUX,
      },
    });
    this.logGroupName = `/ecs/${props.clusterName}/${props.serviceName}`;
    const logGroup = new logs.LogGroup(this, 'Logs', {
      logGroupName: this.logGroupName,
      retention: config.logRetentionDays,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // Credentials and the address come from the generated secret. Its JSON holds username and
    // password, and the RDS attachment adds engine, host, port and dbInstanceIdentifier, but no
    // `dbname`: a secret key that is missing makes ECS fail every task at start
    // (ResourceInitializationError), so the database name is plain environment instead.
    const fromSecret = (field: string) =>
      ecs.Secret.fromSecretsManager(props.databaseSecret, field);
    // Read-only root filesystem: a compromised process cannot rewrite the app or drop tools into
    // the image's directories. /tmp is a task-scoped writable volume (Node and libraries expect
    // one; the app itself writes nothing). The demo's container mode runs the app the same way
    // (`docker run --read-only`, test/e2e/dataplane-containers.test.ts).
    this.taskDefinition.addVolume({ name: TMP_VOLUME });
    const container = this.taskDefinition.addContainer(config.containerName, {
      image: ecs.ContainerImage.fromEcrRepository(props.repository, config.bootstrapImageTag),
      essential: true,
      readonlyRootFilesystem: true,
      portMappings: [{ containerPort: config.containerPort, protocol: ecs.Protocol.TCP }],
      logging: ecs.LogDrivers.awsLogs({ logGroup, streamPrefix: props.serviceName }),
      environment: {
        DB_NAME: props.databaseName,
        DB_SSL: DATABASE_TLS_MODE,
      },
      secrets: {
        DB_HOST: fromSecret('host'),
        DB_PORT: fromSecret('port'),
        DB_USER: fromSecret('username'),
        DB_PASSWORD: fromSecret('password'),
      },
    });
    container.addMountPoints({ sourceVolume: TMP_VOLUME, containerPath: '/tmp', readOnly: false });

    Validations.of(this.taskDefinition).acknowledge({
      id: 'AwsSolutions-ECS2',
      reason:
        'Plain environment holds only DB_NAME and DB_SSL, neither secret; host, port, user and password come from Secrets Manager.',
    });

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: 'Service tasks: the load balancer may reach the container port',
    });
    this.securityGroup.addIngressRule(
      props.loadBalancerSecurityGroup,
      ec2.Port.tcp(config.containerPort),
      'From the load balancer (production and test listeners)',
    );
    props.loadBalancerSecurityGroup.addEgressRule(
      this.securityGroup,
      ec2.Port.tcp(config.containerPort),
      'To the service tasks',
    );

    this.service = new ecs.FargateService(this, 'Service', {
      cluster: this.cluster,
      serviceName: props.serviceName,
      taskDefinition: this.taskDefinition,
      // The family, not this stack's revision: releases register revisions outside
      // CloudFormation, so a stack update (or the engine switch) must not roll the service back
      // to the bootstrap image. ECS resolves the family to its latest ACTIVE revision.
      taskDefinitionRevision: ecs.TaskDefinitionRevision.LATEST,
      desiredCount: config.minTasks,
      // Only used when ECS replaces tasks outside a deployment (e.g. host maintenance).
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      ...engineProps(props.deployment),
      vpcSubnets: { subnetGroupName: SubnetTier.app },
      securityGroups: [this.securityGroup],
      assignPublicIp: false,
      enableExecuteCommand: false,
      propagateTags: ecs.PropagatedTagSource.SERVICE,
    });
    if (props.deployment.engine.kind === 'ecs') {
      this.infrastructureRole = this.attachForNativeBlueGreen(props);
    } else {
      this.service.attachToApplicationTargetGroup(props.blueTargetGroup);
    }

    const scaling = this.service.autoScaleTaskCount({
      minCapacity: config.minTasks,
      maxCapacity: config.maxTasks,
    });
    scaling.scaleOnCpuUtilization('Cpu', { targetUtilizationPercent: 70 });

    const executionRole = this.taskDefinition.obtainExecutionRole();
    Validations.of(executionRole).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'ecr:GetAuthorizationToken has no resource-level permissions; every other grant names the repository, log group or secret.',
    });
  }

  /**
   * Behind the blue target group, with green as the alternate ECS moves traffic to, through the
   * two catch-all rules (config: one switch per environment; AWS's L2 AlternateTarget).
   */
  private attachForNativeBlueGreen(props: BlueGreenServiceProps) {
    const { productionRule, testRule } = props;
    if (!productionRule || !testRule) {
      throw new Error('the ECS engine needs the load balancer built with weightedRules: true');
    }
    const infrastructureRole = new LoadBalancerInfrastructureRole(this, 'LoadBalancerRole', {
      targetGroups: [props.blueTargetGroup, props.greenTargetGroup],
      rules: [productionRule, testRule],
    });
    this.service
      .loadBalancerTarget({
        containerName: props.config.containerName,
        containerPort: props.config.containerPort,
        alternateTarget: new ecs.AlternateTarget('AlternateTarget', {
          alternateTargetGroup: props.greenTargetGroup,
          productionListener: ecs.ListenerRuleConfiguration.applicationListenerRule(productionRule),
          testListener: ecs.ListenerRuleConfiguration.applicationListenerRule(testRule),
          role: infrastructureRole.role,
        }),
      })
      .attachToApplicationTargetGroup(props.blueTargetGroup);
    if (props.deployment.readyWait !== undefined) {
      addGatePauseHook(this.service, props.deployment.readyWait);
    }
    return infrastructureRole;
  }

  /** The roles a deploy may pass to ECS when it registers a task definition. */
  get taskRoles() {
    return [this.taskDefinition.taskRole, this.taskDefinition.obtainExecutionRole()];
  }
}
