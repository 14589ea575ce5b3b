import { Duration } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeDeployEngine, ecsEngine, environments } from '../lib/config.js';
import { Outputs } from '../lib/service-stack.js';
import { onlyResource, resourcesOf, synthesizedApp, type Resource } from './synthesized.js';

/**
 * The ECS-native engine (config.deployment.engine), synthesized beside the shipped CodeDeploy
 * one, and the switch between them. cdk-nag and the deploy role cover both engines in
 * nag.test.ts and deploy-role-actions.test.ts.
 */
const canary = ecsEngine({ type: 'CANARY', percent: 10, bakeTime: Duration.minutes(5) });

let codeDeployApp: ReturnType<typeof synthesizedApp>;
let nativeApp: ReturnType<typeof synthesizedApp>;
let production: Template;
let staging: Template;
beforeAll(() => {
  codeDeployApp = synthesizedApp(codeDeployEngine);
  nativeApp = synthesizedApp(canary);
  ({ production, staging } = nativeApp.templates);
});
afterAll(() => {
  codeDeployApp.dispose();
  nativeApp.dispose();
});

const ruleOn = (template: Template, listener: RegExp): [string, Resource] => {
  const rules = Object.entries(resourcesOf(template, 'AWS::ElasticLoadBalancingV2::ListenerRule'));
  const found = rules.filter(([, rule]) =>
    listener.test(JSON.stringify(rule.Properties.ListenerArn)),
  );
  expect(found).toHaveLength(1);
  return found[0]!;
};

describe('the shipped configuration', () => {
  it('deploys both environments with the same engine, CodeDeploy by default', () => {
    expect(environments.staging.deployment.engine).toEqual(
      environments.production.deployment.engine,
    );
    expect(environments.production.deployment.engine).toEqual(codeDeployEngine);
  });
});

describe('the ECS-native engine', () => {
  it('the service: ECS controller, the configured canary, bake time from the termination wait, circuit breaker', () => {
    production.hasResourceProperties('AWS::ECS::Service', {
      DeploymentController: { Type: 'ECS' },
      DeploymentConfiguration: Match.objectLike({
        Strategy: 'CANARY',
        CanaryConfiguration: { CanaryPercent: 10, CanaryBakeTimeInMinutes: 5 },
        BakeTimeInMinutes: 30,
        DeploymentCircuitBreaker: { Enable: true, Rollback: true },
      }),
    });
    staging.hasResourceProperties('AWS::ECS::Service', {
      DeploymentConfiguration: Match.objectLike({ Strategy: 'CANARY', BakeTimeInMinutes: 5 }),
    });
  });

  it('production and test listener rules forward every path to both target groups, all to blue', () => {
    for (const [listener, id] of [
      [/LoadBalancerAlbHttps/, 'Production'],
      [/LoadBalancerAlbTest/, 'Test'],
    ] as const) {
      const [logicalId, rule] = ruleOn(production, listener);
      expect(logicalId).toMatch(new RegExp(`^LoadBalancer${id}Rule`));
      expect(rule.Properties.Conditions).toEqual([
        { Field: 'path-pattern', PathPatternConfig: { Values: ['/*'] } },
      ]);
      expect(rule.Properties.Actions).toEqual([
        {
          Type: 'forward',
          ForwardConfig: {
            TargetGroups: [
              { TargetGroupArn: { Ref: expect.stringMatching(/^LoadBalancerBlue/) }, Weight: 100 },
              { TargetGroupArn: { Ref: expect.stringMatching(/^LoadBalancerGreen/) }, Weight: 0 },
            ],
          },
        },
      ]);
    }
  });

  it('the service names green as the alternate target group, the two rules and the infrastructure role', () => {
    const [productionRule] = ruleOn(production, /LoadBalancerAlbHttps/);
    const [testRule] = ruleOn(production, /LoadBalancerAlbTest/);
    production.hasResourceProperties('AWS::ECS::Service', {
      LoadBalancers: [
        {
          ContainerName: 'web',
          ContainerPort: 8080,
          TargetGroupArn: { Ref: Match.stringLikeRegexp('^LoadBalancerBlue') },
          AdvancedConfiguration: {
            AlternateTargetGroupArn: { Ref: Match.stringLikeRegexp('^LoadBalancerGreen') },
            ProductionListenerRule: { Ref: productionRule },
            TestListenerRule: { Ref: testRule },
            RoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ServiceLoadBalancerRole'), 'Arn'] },
          },
        },
      ],
    });
  });

  it('the gate holds at POST_TEST_TRAFFIC_SHIFT for the Ready wait, then rolls back; staging does not hold', () => {
    production.hasResourceProperties('AWS::ECS::Service', {
      DeploymentConfiguration: Match.objectLike({
        LifecycleHooks: [
          {
            TargetType: 'PAUSE',
            LifecycleStages: ['POST_TEST_TRAFFIC_SHIFT'],
            TimeoutConfiguration: { TimeoutInMinutes: 60, Action: 'ROLLBACK' },
          },
        ],
      }),
    });
    const [, stagingService] = onlyResource(staging, 'AWS::ECS::Service');
    expect(stagingService.Properties.DeploymentConfiguration).not.toHaveProperty('LifecycleHooks');
  });

  it('the infrastructure role: trusted by ECS, no managed policy, rules and target groups of this service only', () => {
    const roles = Object.entries(resourcesOf(production, 'AWS::IAM::Role')).filter(([id]) =>
      id.startsWith('ServiceLoadBalancerRole'),
    );
    expect(roles).toHaveLength(1);
    const [roleId, role] = roles[0]!;
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    expect(JSON.stringify(role.Properties.AssumeRolePolicyDocument)).toContain('ecs.amazonaws.com');
    const policy = Object.values(resourcesOf(production, 'AWS::IAM::Policy')).find((p) =>
      JSON.stringify(p.Properties.Roles).includes(roleId),
    )!;
    const statements = (
      policy.Properties.PolicyDocument as {
        Statement: { Sid: string; Action: string | string[]; Resource: unknown }[];
      }
    ).Statement;
    const bySid = Object.fromEntries(statements.map((s) => [s.Sid, s]));
    expect(Object.keys(bySid).sort()).toEqual([
      'ReadLoadBalancing',
      'RegisterTasks',
      'ShiftTraffic',
    ]);
    expect(bySid.ShiftTraffic).toMatchObject({
      Action: 'elasticloadbalancing:ModifyRule',
      Resource: [
        { Ref: expect.stringMatching(/^LoadBalancerProductionRule/) },
        { Ref: expect.stringMatching(/^LoadBalancerTestRule/) },
      ],
    });
    expect(bySid.RegisterTasks!.Resource).toEqual([
      { Ref: expect.stringMatching(/^LoadBalancerBlue/) },
      { Ref: expect.stringMatching(/^LoadBalancerGreen/) },
    ]);
    expect([bySid.ReadLoadBalancing!.Action].flat().every((a) => a.includes(':Describe'))).toBe(
      true,
    );
  });

  it('alarms on both target groups roll the deployment back; no CodeDeploy resource or output is left', () => {
    const alarms = Object.keys(resourcesOf(production, 'AWS::CloudWatch::Alarm'));
    expect(alarms).toHaveLength(4);
    production.hasResourceProperties('AWS::ECS::Service', {
      DeploymentConfiguration: Match.objectLike({
        Alarms: { AlarmNames: alarms.map((id) => ({ Ref: id })), Enable: true, Rollback: true },
      }),
    });
    for (const type of ['AWS::CodeDeploy::Application', 'AWS::CodeDeploy::DeploymentGroup']) {
      production.resourceCountIs(type, 0);
    }
    const outputs = Object.keys(production.toJSON().Outputs as object);
    expect(outputs).not.toContain(Outputs.codeDeployApplication);
    expect(outputs).not.toContain(Outputs.codeDeployDeploymentGroup);
  });
});

describe('switching CodeDeploy -> ECS-native', () => {
  const serviceOf = (template: Template) => onlyResource(template, 'AWS::ECS::Service');

  it('updates the same service in place: same logical id, name, cluster and task definition', () => {
    const before = serviceOf(codeDeployApp.templates.production);
    const after = serviceOf(production);
    expect(after[0]).toBe(before[0]);
    expect(before[1].Properties.DeploymentController).toEqual({ Type: 'CODE_DEPLOY' });
    expect(after[1].Properties.DeploymentController).toEqual({ Type: 'ECS' });
    // CloudFormation replaces a service when one of these changes (its resource reference:
    // "Update requires: Replacement"); the controller CODE_DEPLOY -> ECS is an in-place update.
    for (const replacing of [
      'ServiceName',
      'Cluster',
      'LaunchType',
      'Role',
      'SchedulingStrategy',
      'EnableECSManagedTags',
    ]) {
      expect({ [replacing]: after[1].Properties[replacing] }).toEqual({
        [replacing]: before[1].Properties[replacing],
      });
    }
    // The release stays the one running: CloudFormation changes no task definition on the
    // switch (a rollback of a switch that did would fail on the CODE_DEPLOY controller).
    expect(after[1].Properties.TaskDefinition).toEqual(before[1].Properties.TaskDefinition);
    const changed = Object.keys({ ...before[1].Properties, ...after[1].Properties }).filter(
      (key) =>
        JSON.stringify(before[1].Properties[key]) !== JSON.stringify(after[1].Properties[key]),
    );
    expect(changed.sort()).toEqual([
      'DeploymentConfiguration',
      'DeploymentController',
      'LoadBalancers',
    ]);
  });

  it('rewrites the rules as the migration requires, and keeps listeners and target groups', () => {
    const before = codeDeployApp.templates.production;
    expect(Object.keys(resourcesOf(before, 'AWS::ElasticLoadBalancingV2::ListenerRule'))).toEqual(
      [],
    );
    ruleOn(production, /LoadBalancerAlbHttps/);
    ruleOn(production, /LoadBalancerAlbTest/);
    for (const type of [
      'AWS::ElasticLoadBalancingV2::Listener',
      'AWS::ElasticLoadBalancingV2::TargetGroup',
      'AWS::CloudWatch::Alarm',
    ]) {
      expect(Object.keys(resourcesOf(production, type)).sort()).toEqual(
        Object.keys(resourcesOf(before, type)).sort(),
      );
    }
  });
});
