import { RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

export interface NetworkProps {
  readonly cidr: string;
  readonly natGateways: number;
  readonly flowLogRetention: logs.RetentionDays;
}

/** Subnet group names, used to place each tier (ALB, tasks, database). */
export const SubnetTier = {
  public: 'public',
  app: 'private-app',
  db: 'isolated-db',
} as const;

/** A two-AZ VPC: public (ALB, NAT), private-app (tasks, egress via NAT), isolated-db (no route out). */
export class Network extends Construct {
  readonly vpc: ec2.Vpc;
  /**
   * The NAT gateways' public addresses. Traffic from inside the VPC to the internet-facing ALB
   * (a self-hosted runner resolving its public name) arrives from these, never from a 10.x source.
   */
  readonly natPublicIps: string[];

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(props.cidr),
      maxAzs: 2,
      natGateways: props.natGateways,
      subnetConfiguration: [
        { name: SubnetTier.public, subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: SubnetTier.app, subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 22 },
        { name: SubnetTier.db, subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
    });
    // The VPC construct gives each NAT gateway an Elastic IP named `EIP` in its public subnet.
    this.natPublicIps = this.vpc.publicSubnets.flatMap((subnet) => {
      const eip = subnet.node.tryFindChild('EIP');
      return eip instanceof ec2.CfnEIP ? [eip.attrPublicIp] : [];
    });
    if (this.natPublicIps.length !== props.natGateways) {
      throw new Error(
        `found ${this.natPublicIps.length} NAT gateway addresses for ${props.natGateways} NAT gateways`,
      );
    }
    const flowLogGroup = new logs.LogGroup(this, 'FlowLogs', {
      retention: props.flowLogRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.vpc.addFlowLog('FlowLog', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogGroup),
      trafficType: ec2.FlowLogTrafficType.ALL,
    });
  }
}
