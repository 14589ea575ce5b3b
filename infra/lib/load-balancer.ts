import { Duration, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { accessLogBucket } from './log-bucket.js';
import { SubnetTier } from './network.js';

export interface LoadBalancerProps {
  readonly vpc: ec2.IVpc;
  readonly deletionProtection: boolean;
  /** The NAT gateways' public addresses: in-VPC runners reach the test listener from these. */
  readonly natPublicIps: readonly string[];
  readonly certificateArn?: string;
  /** What the certificate covers: the production URL's host. Required with certificateArn. */
  readonly domainName?: string;
  readonly testListenerPort: number;
  readonly testListenerCidrs: readonly string[];
  readonly targetPort: number;
  /**
   * ECS-native blue/green: ECS shifts traffic by rewriting a listener rule's weights, never a
   * listener's default action, so each listener gets a catch-all rule forwarding to both target
   * groups (blue 100, green 0). CodeDeploy rewrites the default actions and needs no rule.
   */
  readonly weightedRules: boolean;
}

/** Priority of the catch-all rule ECS rewrites; free for nothing else. */
export const BLUE_GREEN_RULE_PRIORITY = 1;

export const HEALTH_CHECK_PATH = '/healthz';

/**
 * The internet-facing ALB of a blue/green service: a production listener (HTTPS when a
 * certificate is given, with HTTP redirecting to it), a test listener on its own port (HTTPS with
 * the same certificate when there is one) that only the NAT gateways' addresses and the given
 * CIDRs reach, and the blue and green target groups CodeDeploy swaps between. The threat model
 * is in infra/README.md ("The gate path").
 */
export class BlueGreenLoadBalancer extends Construct {
  readonly alb: elbv2.ApplicationLoadBalancer;
  readonly securityGroup: ec2.SecurityGroup;
  readonly productionListener: elbv2.ApplicationListener;
  readonly testListener: elbv2.ApplicationListener;
  readonly blueTargetGroup: elbv2.ApplicationTargetGroup;
  readonly greenTargetGroup: elbv2.ApplicationTargetGroup;
  /** The rules ECS rewrites on the native engine (props.weightedRules), else undefined. */
  readonly productionRule?: elbv2.ApplicationListenerRule;
  readonly testRule?: elbv2.ApplicationListenerRule;
  readonly productionUrl: string;
  readonly testUrl: string;

  constructor(scope: Construct, id: string, props: LoadBalancerProps) {
    super(scope, id);
    const https = props.certificateArn !== undefined;

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description:
        'Load balancer: production listener from anywhere, test listener from the NAT gateways and listed CIDRs',
      allowAllOutbound: false,
    });
    this.securityGroup.addIngressRule(
      ec2.Peer.anyIpv4(),
      ec2.Port.tcp(80),
      'HTTP (redirect or plain)',
    );
    if (https) {
      this.securityGroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS');
    }
    for (const ip of props.natPublicIps) {
      this.securityGroup.addIngressRule(
        ec2.Peer.ipv4(`${ip}/32`),
        ec2.Port.tcp(props.testListenerPort),
        'Test listener from this VPC (in-VPC runners leave through NAT)',
      );
    }
    for (const cidr of props.testListenerCidrs) {
      this.securityGroup.addIngressRule(
        ec2.Peer.ipv4(cidr),
        ec2.Port.tcp(props.testListenerPort),
        'Test listener (pre-promotion checks)',
      );
    }
    Validations.of(this.securityGroup).acknowledge({
      id: 'AwsSolutions-EC23',
      reason:
        'Public web entry point: the production listener must accept 0.0.0.0/0 on 80/443. The test listener is limited to the NAT gateways and the configured CIDRs.',
    });

    this.alb = new elbv2.ApplicationLoadBalancer(this, 'Alb', {
      vpc: props.vpc,
      internetFacing: true,
      vpcSubnets: { subnetGroupName: SubnetTier.public },
      securityGroup: this.securityGroup,
      dropInvalidHeaderFields: true,
      deletionProtection: props.deletionProtection,
    });
    this.alb.logAccessLogs(
      accessLogBucket(this, 'AccessLogs', s3.ObjectOwnership.BUCKET_OWNER_ENFORCED),
    );

    this.blueTargetGroup = this.targetGroup('Blue', props);
    this.greenTargetGroup = this.targetGroup('Green', props);

    if (https) {
      this.productionListener = this.alb.addListener('Https', {
        port: 443,
        protocol: elbv2.ApplicationProtocol.HTTPS,
        sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
        certificates: [elbv2.ListenerCertificate.fromArn(props.certificateArn)],
        defaultTargetGroups: [this.blueTargetGroup],
        open: false,
      });
      this.alb.addRedirect({
        sourcePort: 80,
        sourceProtocol: elbv2.ApplicationProtocol.HTTP,
        targetPort: 443,
        targetProtocol: elbv2.ApplicationProtocol.HTTPS,
        open: false,
      });
    } else {
      this.productionListener = this.alb.addListener('Http', {
        port: 80,
        protocol: elbv2.ApplicationProtocol.HTTP,
        defaultTargetGroups: [this.blueTargetGroup],
        open: false,
      });
    }
    // With a certificate, the test listener is HTTPS too, under the domain the certificate
    // covers (a port is no part of a certificate's name): the gate's requests and anything they
    // carry (a test header) never cross the internet in clear text. Without one (staging), it is
    // plain HTTP like the production listener, reachable only from the admitted addresses.
    const testOverTls = https && props.domainName !== undefined;
    this.testListener = this.alb.addListener('Test', {
      port: props.testListenerPort,
      protocol: testOverTls ? elbv2.ApplicationProtocol.HTTPS : elbv2.ApplicationProtocol.HTTP,
      ...(testOverTls
        ? {
            sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
            certificates: [elbv2.ListenerCertificate.fromArn(props.certificateArn!)],
          }
        : {}),
      defaultTargetGroups: [this.greenTargetGroup],
      open: false,
    });

    if (props.weightedRules) {
      this.productionRule = this.blueGreenRule('ProductionRule', this.productionListener);
      this.testRule = this.blueGreenRule('TestRule', this.testListener);
    }

    // A certificate covers the domain, never the ALB's own name (configProblems requires both).
    this.productionUrl = testOverTls
      ? `https://${props.domainName}`
      : `${https ? 'https' : 'http'}://${this.alb.loadBalancerDnsName}`;
    this.testUrl = testOverTls
      ? `https://${props.domainName}:${props.testListenerPort}`
      : `http://${this.alb.loadBalancerDnsName}:${props.testListenerPort}`;
  }

  /**
   * Every request (`/*`) forwarded to both target groups, all of it to blue: the state ECS
   * expects before its first deployment (AWS: "migrate CodeDeploy blue/green to ECS blue/green").
   * ECS then moves the weights; the listener's default action is never reached.
   */
  private blueGreenRule(id: string, listener: elbv2.ApplicationListener) {
    return new elbv2.ApplicationListenerRule(this, id, {
      listener,
      priority: BLUE_GREEN_RULE_PRIORITY,
      conditions: [elbv2.ListenerCondition.pathPatterns(['/*'])],
      action: elbv2.ListenerAction.weightedForward([
        { targetGroup: this.blueTargetGroup, weight: 100 },
        { targetGroup: this.greenTargetGroup, weight: 0 },
      ]),
    });
  }

  private targetGroup(color: 'Blue' | 'Green', props: LoadBalancerProps) {
    return new elbv2.ApplicationTargetGroup(this, color, {
      vpc: props.vpc,
      targetType: elbv2.TargetType.IP,
      protocol: elbv2.ApplicationProtocol.HTTP,
      port: props.targetPort,
      // Blue/green moves whole task sets: long draining only slows every deployment down.
      deregistrationDelay: Duration.seconds(30),
      healthCheck: {
        path: HEALTH_CHECK_PATH,
        healthyHttpCodes: '200',
        interval: Duration.seconds(10),
        timeout: Duration.seconds(5),
        healthyThresholdCount: 2,
        unhealthyThresholdCount: 3,
      },
    });
  }
}
