import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';
import type { EnvironmentConfig } from './config.js';
import { SubnetTier } from './network.js';

export interface DatabaseProps {
  readonly vpc: ec2.IVpc;
  readonly config: EnvironmentConfig['database'];
  readonly databaseName: string;
}

/**
 * PostgreSQL in the isolated subnets. Nothing can reach it until `allowFrom` names a security
 * group; the credentials are generated into Secrets Manager and never leave it in plain text.
 */
export class Database extends Construct {
  readonly instance: rds.DatabaseInstance;
  readonly securityGroup: ec2.SecurityGroup;
  /** The database created on the instance: its generated secret does not carry the name. */
  readonly databaseName: string;

  constructor(scope: Construct, id: string, props: DatabaseProps) {
    super(scope, id);
    this.databaseName = props.databaseName;
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: 'PostgreSQL: only the service security group may connect',
      allowAllOutbound: false,
    });
    const { config } = props;
    this.instance = new rds.DatabaseInstance(this, 'Postgres', {
      engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_17 }),
      instanceType: new ec2.InstanceType(config.instanceClass),
      vpc: props.vpc,
      vpcSubnets: { subnetGroupName: SubnetTier.db },
      securityGroups: [this.securityGroup],
      publiclyAccessible: false,
      credentials: rds.Credentials.fromGeneratedSecret('app'),
      databaseName: props.databaseName,
      storageEncrypted: true,
      allocatedStorage: config.allocatedStorageGiB,
      maxAllocatedStorage: config.allocatedStorageGiB * 4,
      multiAz: config.multiAz,
      iamAuthentication: true,
      backupRetention: Duration.days(config.backupRetentionDays),
      deletionProtection: config.deletionProtection,
      removalPolicy: config.deletionProtection ? RemovalPolicy.SNAPSHOT : RemovalPolicy.DESTROY,
      cloudwatchLogsExports: ['postgresql', 'upgrade'],
      autoMinorVersionUpgrade: true,
    });
    Validations.of(this.instance).acknowledge({
      id: 'AwsSolutions-RDS11',
      reason:
        'Default port 5432: the instance is unreachable except from the service security group, so a non-standard port adds no protection.',
    });
    // On the instance: its generated secret is a child construct (instance.secret is the attachment).
    Validations.of(this.instance).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Tasks read the password only at start, so automatic rotation would break new connections of running tasks; rotate by hand and deploy (infra/README.md, RDS).',
    });
    if (!config.multiAz) {
      Validations.of(this.instance).acknowledge({
        id: 'AwsSolutions-RDS3',
        reason:
          'Single-AZ by configuration in this non-production environment (cost); production is Multi-AZ.',
      });
    }
    if (!config.deletionProtection) {
      Validations.of(this.instance).acknowledge({
        id: 'AwsSolutions-RDS10',
        reason:
          'Deletion protection is off by configuration in this non-production environment so it can be torn down; production enables it.',
      });
    }
  }

  /** Admit PostgreSQL connections from exactly this security group. */
  allowFrom(peer: ec2.ISecurityGroup) {
    this.securityGroup.addIngressRule(peer, ec2.Port.tcp(5432), 'PostgreSQL from the service');
  }
}
