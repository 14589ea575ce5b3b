import type { Template } from 'aws-cdk-lib/assertions';
import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { environments } from '../lib/config.js';
import { Outputs } from '../lib/service-stack.js';
import { onlyResource, resourcesOf, synthesizedApp } from './synthesized.js';

let app: ReturnType<typeof synthesizedApp>;
let staging: Template;
let production: Template;
beforeAll(() => {
  app = synthesizedApp();
  ({ staging, production } = app.templates);
});
afterAll(() => app.dispose());

const refTo = (template: Template, type: string) => ({ Ref: onlyResource(template, type)[0] });

describe('network', () => {
  it('has public, private-app and isolated-db subnets in two AZs', () => {
    for (const template of [staging, production]) {
      const subnets = Object.values(resourcesOf(template, 'AWS::EC2::Subnet'));
      const tiers = subnets.map((subnet) => {
        const tags = subnet.Properties.Tags as { Key: string; Value: string }[];
        return `${tags.find((tag) => tag.Key === 'aws-cdk:subnet-name')?.Value} ${String(subnet.Properties.AvailabilityZone)}`;
      });
      expect(tiers.sort()).toEqual([
        'isolated-db us-east-1a',
        'isolated-db us-east-1b',
        'private-app us-east-1a',
        'private-app us-east-1b',
        'public us-east-1a',
        'public us-east-1b',
      ]);
    }
  });

  it('has as many NAT gateways as configured', () => {
    staging.resourceCountIs('AWS::EC2::NatGateway', environments.staging.network.natGateways);
    production.resourceCountIs('AWS::EC2::NatGateway', environments.production.network.natGateways);
  });

  it('isolated-db subnets have no route out', () => {
    const routeTables = resourcesOf(staging, 'AWS::EC2::RouteTable');
    const isolated = Object.keys(routeTables).filter((id) => id.includes('isolateddb'));
    expect(isolated).toHaveLength(2);
    const routes = Object.values(resourcesOf(staging, 'AWS::EC2::Route'));
    for (const route of routes) {
      expect(isolated).not.toContain((route.Properties.RouteTableId as { Ref: string }).Ref);
    }
  });

  it('logs all traffic with VPC flow logs', () => {
    staging.hasResourceProperties('AWS::EC2::FlowLog', {
      ResourceType: 'VPC',
      TrafficType: 'ALL',
      LogDestinationType: 'cloud-watch-logs',
    });
  });
});

describe('load balancer', () => {
  it('production: HTTPS with the configured certificate, HTTP redirects to it', () => {
    production.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 443,
      Protocol: 'HTTPS',
      Certificates: [{ CertificateArn: environments.production.loadBalancer.certificateArn }],
      DefaultActions: [Match.objectLike({ Type: 'forward' })],
    });
    production.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 80,
      Protocol: 'HTTP',
      DefaultActions: [
        Match.objectLike({
          Type: 'redirect',
          RedirectConfig: { Port: '443', Protocol: 'HTTPS', StatusCode: 'HTTP_301' },
        }),
      ],
    });
  });

  it('without a certificate: one plain HTTP production listener, acknowledged', () => {
    const listeners = Object.values(resourcesOf(staging, 'AWS::ElasticLoadBalancingV2::Listener'));
    expect(
      listeners.map((l) => `${String(l.Properties.Protocol)}:${String(l.Properties.Port)}`).sort(),
    ).toEqual(['HTTP:80', `HTTP:${environments.staging.loadBalancer.testListenerPort}`]);
    const acknowledged = app.staging.loadBalancer.productionListener.node.metadata.filter(
      (entry) => entry.type === 'aws:cdk:acknowledged-rules',
    );
    expect(JSON.stringify(acknowledged)).toContain('PlainHttpListener');
  });

  it('test listener in production: HTTPS with the certificate, under the domain it covers', () => {
    const {
      testListenerPort: port,
      certificateArn,
      domainName,
    } = environments.production.loadBalancer;
    const listeners = Object.values(
      resourcesOf(production, 'AWS::ElasticLoadBalancingV2::Listener'),
    );
    expect(
      listeners.map((l) => `${String(l.Properties.Protocol)}:${String(l.Properties.Port)}`).sort(),
    ).toEqual(['HTTP:80', 'HTTPS:443', `HTTPS:${port}`]);
    const testListener = listeners.find((l) => l.Properties.Port === port)!;
    expect(testListener.Properties.Certificates).toEqual([{ CertificateArn: certificateArn }]);
    expect(testListener.Properties.SslPolicy).toMatch(/TLS13/);
    production.hasOutput(Outputs.testListenerUrl, { Value: `https://${domainName}:${port}` });
  });

  it('test listener: its own port, forwarding to green, reachable only from the NAT gateways and the listed CIDRs', () => {
    for (const [name, template] of [
      ['staging', staging],
      ['production', production],
    ] as const) {
      const { testListenerPort: port, testListenerCidrs } = environments[name].loadBalancer;
      template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
        Port: port,
        DefaultActions: [
          Match.objectLike({
            Type: 'forward',
            TargetGroupArn: { Ref: Match.stringLikeRegexp('Green') },
          }),
        ],
      });
      const [, sg] = Object.entries(resourcesOf(template, 'AWS::EC2::SecurityGroup')).find(([id]) =>
        id.startsWith('LoadBalancerSecurityGroup'),
      )!;
      const ingress = sg.Properties.SecurityGroupIngress as { CidrIp: unknown; FromPort: number }[];
      const eips = Object.keys(resourcesOf(template, 'AWS::EC2::EIP')).sort();
      expect(eips).toHaveLength(environments[name].network.natGateways);
      const natSources = eips.map((eip) => ({
        'Fn::Join': ['', [{ 'Fn::GetAtt': [eip, 'PublicIp'] }, '/32']],
      }));
      expect(ingress.filter((rule) => rule.FromPort === port).map((rule) => rule.CidrIp)).toEqual([
        ...natSources,
        ...testListenerCidrs,
      ]);
      // The whole internet reaches only the production listener (and its redirect).
      expect(
        ingress
          .filter((rule) => rule.CidrIp === '0.0.0.0/0')
          .map((rule) => rule.FromPort)
          .sort(),
      ).toEqual(name === 'production' ? [443, 80] : [80]);
    }
  });

  it('no listener the internet reaches carries the new revision in clear text before promotion', () => {
    // The gate path: whatever forwards to green by default (the test listener) is either TLS or
    // closed to 0.0.0.0/0; a plain-HTTP listener open to everyone only serves (or redirects to)
    // production.
    for (const template of [staging, production]) {
      const [, sg] = Object.entries(resourcesOf(template, 'AWS::EC2::SecurityGroup')).find(([id]) =>
        id.startsWith('LoadBalancerSecurityGroup'),
      )!;
      const openPorts = (
        sg.Properties.SecurityGroupIngress as { CidrIp: unknown; FromPort: number }[]
      )
        .filter((rule) => rule.CidrIp === '0.0.0.0/0')
        .map((rule) => rule.FromPort);
      for (const listener of Object.values(
        resourcesOf(template, 'AWS::ElasticLoadBalancingV2::Listener'),
      )) {
        const forwardsToGreen = JSON.stringify(listener.Properties.DefaultActions).includes(
          'Green',
        );
        if (forwardsToGreen && listener.Properties.Protocol === 'HTTP')
          expect(openPorts).not.toContain(listener.Properties.Port);
      }
    }
  });

  it('production cannot be deleted with its load balancer; staging can', () => {
    const attribute = (template: Template) =>
      (
        Object.values(resourcesOf(template, 'AWS::ElasticLoadBalancingV2::LoadBalancer'))[0]!
          .Properties.LoadBalancerAttributes as { Key: string; Value: string }[]
      ).find((a) => a.Key === 'deletion_protection.enabled')?.Value;
    expect(attribute(production)).toBe('true');
    expect(attribute(staging)).not.toBe('true');
  });

  it('blue and green target groups: IP targets, /healthz, short deregistration delay', () => {
    const groups = Object.entries(
      resourcesOf(production, 'AWS::ElasticLoadBalancingV2::TargetGroup'),
    );
    expect(groups.map(([id]) => id.replace(/[0-9A-F]{8}$/, '')).sort()).toEqual([
      'LoadBalancerBlue',
      'LoadBalancerGreen',
    ]);
    for (const [, group] of groups) {
      expect(group.Properties).toMatchObject({
        TargetType: 'ip',
        Port: 8080,
        HealthCheckPath: '/healthz',
        Matcher: { HttpCode: '200' },
        TargetGroupAttributes: expect.arrayContaining([
          { Key: 'deregistration_delay.timeout_seconds', Value: '30' },
        ]),
      });
    }
  });

  it('writes access logs', () => {
    production.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Scheme: 'internet-facing',
      LoadBalancerAttributes: Match.arrayWith([{ Key: 'access_logs.s3.enabled', Value: 'true' }]),
    });
  });
});

describe('ECS', () => {
  it('cluster has container insights', () => {
    production.hasResourceProperties('AWS::ECS::Cluster', {
      ClusterName: 'org-actions-production',
      ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }],
    });
  });

  it('task definition: Fargate, runtime platform, awslogs with retention, credentials from Secrets Manager', () => {
    const [, taskDefinition] = onlyResource(production, 'AWS::ECS::TaskDefinition');
    expect(taskDefinition.Properties).toMatchObject({
      RequiresCompatibilities: ['FARGATE'],
      NetworkMode: 'awsvpc',
      Cpu: '512',
      Memory: '1024',
      RuntimePlatform: { CpuArchitecture: 'X86_64', OperatingSystemFamily: 'LINUX' },
    });
    const [container, ...others] = taskDefinition.Properties.ContainerDefinitions as Record<
      string,
      unknown
    >[];
    expect(others).toEqual([]);
    expect(container).toMatchObject({
      Name: 'web',
      PortMappings: [{ ContainerPort: 8080, Protocol: 'tcp' }],
      LogConfiguration: { LogDriver: 'awslogs' },
    });
    const secrets = container!.Secrets as { Name: string; ValueFrom: unknown }[];
    expect(secrets.map((secret) => secret.Name).sort()).toEqual([
      'DB_HOST',
      'DB_PASSWORD',
      'DB_PORT',
      'DB_USER',
    ]);
    // The attachment resolves to the generated secret's ARN once host and port are filled in.
    const attachment = onlyResource(production, 'AWS::SecretsManager::SecretTargetAttachment')[0];
    for (const secret of secrets) expect(JSON.stringify(secret.ValueFrom)).toContain(attachment);
    production.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: '/ecs/org-actions-production/web',
      RetentionInDays: environments.production.service.logRetentionDays,
    });
  });

  it('the app runs on a read-only root filesystem with a writable /tmp volume', () => {
    for (const template of [staging, production]) {
      const [, taskDefinition] = onlyResource(template, 'AWS::ECS::TaskDefinition');
      const [container] = taskDefinition.Properties.ContainerDefinitions as Record<
        string,
        unknown
      >[];
      expect(container).toMatchObject({
        ReadonlyRootFilesystem: true,
        MountPoints: [{ ContainerPath: '/tmp', SourceVolume: 'tmp', ReadOnly: false }],
      });
      // An ephemeral task volume: no host path, nothing shared between tasks.
      expect(taskDefinition.Properties.Volumes).toEqual([{ Name: 'tmp' }]);
    }
  });

  it('database connection: TLS required (RDS PostgreSQL 17 forces SSL), database name as plain environment', () => {
    for (const template of [staging, production]) {
      const [, taskDefinition] = onlyResource(template, 'AWS::ECS::TaskDefinition');
      const [container] = taskDefinition.Properties.ContainerDefinitions as Record<
        string,
        unknown
      >[];
      const environment = container!.Environment as { Name: string; Value: unknown }[];
      // Exactly these: nothing secret is ever plain environment.
      expect(environment.sort((a, b) => a.Name.localeCompare(b.Name))).toEqual([
        { Name: 'DB_NAME', Value: 'app' },
        { Name: 'DB_SSL', Value: 'require' },
      ]);
      // The name the app connects to is the one the instance was created with.
      template.hasResourceProperties('AWS::RDS::DBInstance', {
        DBName: 'app',
        EngineVersion: Match.stringLikeRegexp('^1[5-9]'),
      });
      // Every secret key the task reads must exist in the secret: the generated JSON has username
      // and password, the RDS attachment adds engine, host, port and dbInstanceIdentifier.
      const [, secret] = onlyResource(template, 'AWS::SecretsManager::Secret');
      const generated = secret.Properties.GenerateSecretString as {
        SecretStringTemplate: string;
        GenerateStringKey: string;
      };
      const keys = [
        ...Object.keys(JSON.parse(generated.SecretStringTemplate) as object),
        generated.GenerateStringKey,
        'engine',
        'host',
        'port',
        'dbInstanceIdentifier',
      ];
      for (const entry of container!.Secrets as { ValueFrom: unknown }[]) {
        const key = JSON.stringify(entry.ValueFrom).match(/:([a-zA-Z]+)::"\]\]\}$/)?.[1];
        expect(keys).toContain(key);
      }
    }
  });

  it('no plain-text secret anywhere in the templates', () => {
    for (const template of [staging, production]) {
      const text = JSON.stringify(template.toJSON());
      expect(text).not.toMatch(/"(DB_)?PASSWORD"\s*,\s*"Value"/i);
      expect(text).not.toMatch(/MasterUserPassword":"[^{]/);
    }
  });

  it('service: CODE_DEPLOY controller, private subnets, no public IP, behind the blue target group', () => {
    production.hasResourceProperties('AWS::ECS::Service', {
      ServiceName: 'web',
      LaunchType: 'FARGATE',
      DeploymentController: { Type: 'CODE_DEPLOY' },
      NetworkConfiguration: {
        AwsvpcConfiguration: {
          AssignPublicIp: 'DISABLED',
          Subnets: [
            { Ref: Match.stringLikeRegexp('privateappSubnet1') },
            { Ref: Match.stringLikeRegexp('privateappSubnet2') },
          ],
        },
      },
      LoadBalancers: [
        {
          ContainerName: 'web',
          ContainerPort: 8080,
          TargetGroupArn: { Ref: Match.stringLikeRegexp('Blue') },
        },
      ],
    });
  });

  it('scales on CPU at 70 %', () => {
    production.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      MinCapacity: environments.production.service.minTasks,
      MaxCapacity: environments.production.service.maxTasks,
      ScalableDimension: 'ecs:service:DesiredCount',
    });
    production.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      PolicyType: 'TargetTrackingScaling',
      TargetTrackingScalingPolicyConfiguration: {
        TargetValue: 70,
        PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' },
      },
    });
  });
});

describe('ECR', () => {
  it('scans on push, tags are immutable, old images expire', () => {
    const [, repository] = onlyResource(app.templates.registry, 'AWS::ECR::Repository');
    expect(repository.Properties).toMatchObject({
      RepositoryName: 'org-actions/web',
      ImageScanningConfiguration: { ScanOnPush: true },
      ImageTagMutability: 'IMMUTABLE',
    });
    const policy = JSON.parse(
      (repository.Properties.LifecyclePolicy as { LifecyclePolicyText: string })
        .LifecyclePolicyText,
    ) as { rules: { selection: { tagStatus: string; countType: string } }[] };
    expect(policy.rules.map((rule) => rule.selection.tagStatus)).toEqual(['untagged', 'tagged']);
    expect(repository.DeletionPolicy).toBe('Retain');
  });
});

describe('RDS', () => {
  it('PostgreSQL in isolated subnets, never public, encrypted, with backups and a generated secret', () => {
    for (const [template, env] of [
      [staging, environments.staging],
      [production, environments.production],
    ] as const) {
      template.hasResourceProperties('AWS::RDS::DBInstance', {
        Engine: 'postgres',
        PubliclyAccessible: false,
        StorageEncrypted: true,
        BackupRetentionPeriod: env.database.backupRetentionDays,
        MultiAZ: env.database.multiAz,
        DeletionProtection: env.database.deletionProtection,
        MasterUserPassword: Match.objectLike({ 'Fn::Join': Match.anyValue() }),
      });
      template.hasResourceProperties('AWS::SecretsManager::Secret', {
        GenerateSecretString: Match.objectLike({ GenerateStringKey: 'password' }),
      });
      const [, subnetGroup] = onlyResource(template, 'AWS::RDS::DBSubnetGroup');
      for (const subnet of subnetGroup.Properties.SubnetIds as { Ref: string }[]) {
        expect(subnet.Ref).toMatch(/isolateddb/);
      }
    }
  });

  it('deletion protection in production', () => {
    production.hasResourceProperties('AWS::RDS::DBInstance', { DeletionProtection: true });
    production.hasResource('AWS::RDS::DBInstance', { DeletionPolicy: 'Snapshot' });
  });

  it('the database security group admits only the service security group', () => {
    for (const template of [staging, production]) {
      const groups = resourcesOf(template, 'AWS::EC2::SecurityGroup');
      const databaseGroup = Object.keys(groups).find((id) =>
        id.startsWith('DatabaseSecurityGroup'),
      )!;
      const serviceGroup = Object.keys(groups).find((id) => id.startsWith('ServiceSecurityGroup'))!;
      expect(groups[databaseGroup]!.Properties.SecurityGroupIngress).toBeUndefined();
      const ingress = Object.values(resourcesOf(template, 'AWS::EC2::SecurityGroupIngress')).filter(
        (rule) =>
          JSON.stringify(rule.Properties.GroupId) ===
          JSON.stringify({ 'Fn::GetAtt': [databaseGroup, 'GroupId'] }),
      );
      expect(ingress.map((rule) => rule.Properties)).toEqual([
        {
          Description: 'PostgreSQL from the service',
          IpProtocol: 'tcp',
          FromPort: 5432,
          ToPort: 5432,
          GroupId: { 'Fn::GetAtt': [databaseGroup, 'GroupId'] },
          SourceSecurityGroupId: { 'Fn::GetAtt': [serviceGroup, 'GroupId'] },
        },
      ]);
    }
  });
});

describe('CodeDeploy', () => {
  it('ECS application and deployment group with production and test listeners', () => {
    production.hasResourceProperties('AWS::CodeDeploy::Application', {
      ApplicationName: 'org-actions-production-web',
      ComputePlatform: 'ECS',
    });
    production.hasResourceProperties('AWS::CodeDeploy::DeploymentGroup', {
      DeploymentGroupName: 'org-actions-production-web',
      DeploymentConfigName: 'CodeDeployDefault.ECSCanary10Percent5Minutes',
      DeploymentStyle: { DeploymentOption: 'WITH_TRAFFIC_CONTROL', DeploymentType: 'BLUE_GREEN' },
      LoadBalancerInfo: {
        TargetGroupPairInfoList: [
          {
            ProdTrafficRoute: {
              ListenerArns: [{ Ref: Match.stringLikeRegexp('^LoadBalancerAlbHttps') }],
            },
            TestTrafficRoute: {
              ListenerArns: [{ Ref: Match.stringLikeRegexp('^LoadBalancerAlbTest') }],
            },
            TargetGroups: [
              { Name: { 'Fn::GetAtt': [Match.stringLikeRegexp('Blue'), 'TargetGroupName'] } },
              { Name: { 'Fn::GetAtt': [Match.stringLikeRegexp('Green'), 'TargetGroupName'] } },
            ],
          },
        ],
      },
      AutoRollbackConfiguration: {
        Enabled: true,
        Events: Match.arrayEquals([
          'DEPLOYMENT_FAILURE',
          'DEPLOYMENT_STOP_ON_REQUEST',
          'DEPLOYMENT_STOP_ON_ALARM',
        ]),
      },
    });
  });

  it('production waits in Ready for promotion; staging continues; both keep blue for the termination wait', () => {
    production.hasResourceProperties('AWS::CodeDeploy::DeploymentGroup', {
      BlueGreenDeploymentConfiguration: {
        DeploymentReadyOption: { ActionOnTimeout: 'STOP_DEPLOYMENT', WaitTimeInMinutes: 60 },
        TerminateBlueInstancesOnDeploymentSuccess: {
          Action: 'TERMINATE',
          TerminationWaitTimeInMinutes: 30,
        },
      },
    });
    staging.hasResourceProperties('AWS::CodeDeploy::DeploymentGroup', {
      BlueGreenDeploymentConfiguration: {
        DeploymentReadyOption: { ActionOnTimeout: 'CONTINUE_DEPLOYMENT' },
        TerminateBlueInstancesOnDeploymentSuccess: {
          Action: 'TERMINATE',
          TerminationWaitTimeInMinutes: 5,
        },
      },
    });
  });

  it('alarms on 5xx and unhealthy hosts of both target groups stop the deployment', () => {
    const alarms = resourcesOf(production, 'AWS::CloudWatch::Alarm');
    const watched = Object.values(alarms).map((alarm) => {
      const dimension = (alarm.Properties.Dimensions as { Name: string; Value: unknown }[]).find(
        (d) => d.Name === 'TargetGroup',
      );
      const targetGroup = JSON.stringify(dimension?.Value).match(/LoadBalancer(Blue|Green)/)?.[1];
      return `${String(targetGroup)} ${String(alarm.Properties.MetricName)}`;
    });
    expect(watched.sort()).toEqual([
      'Blue HTTPCode_Target_5XX_Count',
      'Blue UnHealthyHostCount',
      'Green HTTPCode_Target_5XX_Count',
      'Green UnHealthyHostCount',
    ]);
    production.hasResourceProperties('AWS::CodeDeploy::DeploymentGroup', {
      AlarmConfiguration: {
        Enabled: true,
        Alarms: Object.keys(alarms).map((id) => ({ Name: { Ref: id } })),
      },
    });
  });
});

describe('static site', () => {
  it('production: private bucket behind CloudFront with origin access control', () => {
    production.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: Match.objectLike({
        OriginAccessControlOriginType: 's3',
        SigningBehavior: 'always',
      }),
    });
    production.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Origins: [
          Match.objectLike({
            OriginAccessControlId: Match.anyValue(),
            S3OriginConfig: { OriginAccessIdentity: '' },
          }),
        ],
        DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'redirect-to-https' }),
      }),
    });
    production.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      VersioningConfiguration: { Status: 'Enabled' },
    });
  });

  it('staging: none (off by configuration)', () => {
    staging.resourceCountIs('AWS::CloudFront::Distribution', 0);
  });
});

describe('outputs', () => {
  it('name every value the workflows need', () => {
    const keys = Object.keys(production.toJSON().Outputs as object);
    expect(keys).toEqual(expect.arrayContaining(Object.values(Outputs)));
    expect(Object.keys(staging.toJSON().Outputs as object)).toEqual(
      expect.arrayContaining(Object.values(Outputs).filter((key) => !key.startsWith('StaticSite'))),
    );
    production.hasOutput(Outputs.cluster, {
      Value: { Ref: Match.stringLikeRegexp('^ServiceCluster') },
    });
    production.hasOutput(Outputs.deployRoleArn, {
      Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^GitHubDeployRole'), 'Arn'] },
    });
    // The certificate covers the domain, not the ALB's own name: the URL uses the domain.
    production.hasOutput(Outputs.productionUrl, {
      Value: `https://${environments.production.loadBalancer.domainName}`,
    });
    staging.hasOutput(Outputs.productionUrl, {
      Value: { 'Fn::Join': ['', ['http://', { 'Fn::GetAtt': [Match.anyValue(), 'DNSName'] }]] },
    });
    // With a certificate the test URL is the covered domain on the test port (HTTPS); without
    // one it names the ALB's own host over plain HTTP.
    production.hasOutput(Outputs.testListenerUrl, {
      Value: `https://${environments.production.loadBalancer.domainName}:8443`,
    });
    staging.hasOutput(Outputs.testListenerUrl, {
      Value: {
        'Fn::Join': ['', ['http://', { 'Fn::GetAtt': [Match.anyValue(), 'DNSName'] }, ':8443']],
      },
    });
    const ecrUri = (production.toJSON().Outputs as Record<string, { Value: unknown }>)[
      Outputs.ecrRepositoryUri
    ];
    expect(JSON.stringify(ecrUri?.Value)).toContain('Fn::ImportValue');
    production.hasOutput(Outputs.codeDeployApplication, {
      Value: refTo(production, 'AWS::CodeDeploy::Application'),
    });
  });
});
