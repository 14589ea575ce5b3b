import { Match, type Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onlyResource, resourcesOf, synthesizedApp } from './synthesized.js';

type Statement = {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
};

let app: ReturnType<typeof synthesizedApp>;
let templates: Template[];
beforeAll(() => {
  app = synthesizedApp();
  templates = [app.templates.registry, app.templates.staging, app.templates.production];
});
afterAll(() => app.dispose());

const list = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

/** Every policy statement anywhere in a template: identity policies, trust and resource policies. */
function allStatements(template: Template): Statement[] {
  const found: Statement[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node === null || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if ('Effect' in record && ('Action' in record || 'NotAction' in record))
      found.push(record as unknown as Statement);
    Object.values(record).forEach(walk);
  };
  walk(template.toJSON().Resources);
  return found;
}

/** The deploy role's statements by Sid. */
function deployPolicy(template: Template): Record<string, Statement> {
  const roleId = Object.keys(resourcesOf(template, 'AWS::IAM::Role')).find((id) =>
    id.startsWith('GitHubDeployRole'),
  )!;
  const policy = Object.values(resourcesOf(template, 'AWS::IAM::Policy')).find((p) =>
    JSON.stringify(p.Properties.Roles).includes(roleId),
  )!;
  const statements = (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement;
  return Object.fromEntries(statements.map((statement) => [statement.Sid!, statement]));
}

describe('least privilege everywhere', () => {
  it('no Allow statement grants action "*" or a whole service ("svc:*")', () => {
    const statements = templates.flatMap(allStatements);
    expect(statements.length).toBeGreaterThan(20);
    {
      for (const statement of statements.filter((s) => s.Effect === 'Allow')) {
        for (const action of list(statement.Action ?? [])) {
          expect(action).not.toBe('*');
          expect(action).not.toMatch(/^[a-z0-9-]+:\*$/);
        }
        expect(statement).not.toHaveProperty('NotAction');
      }
    }
  });
});

describe('GitHub OIDC', () => {
  it('staging creates the provider for token.actions.githubusercontent.com with audience sts.amazonaws.com', () => {
    const [, provider] = onlyResource(app.templates.staging, 'AWS::IAM::OIDCProvider');
    expect(provider.Properties).toMatchObject({
      Url: 'https://token.actions.githubusercontent.com',
      ClientIdList: ['sts.amazonaws.com'],
    });
  });

  it('production imports the existing provider instead of creating a second one', () => {
    app.templates.production.resourceCountIs('AWS::IAM::OIDCProvider', 0);
    app.templates.production.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Principal: {
              Federated:
                'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com',
            },
          }),
        ],
      },
    });
  });

  it('the trust is pinned to the repository, the environment and the branch (sub) and to STS (aud)', () => {
    for (const [template, environment] of [
      [app.templates.staging, 'staging'],
      [app.templates.production, 'production'],
    ] as const) {
      const role = Object.entries(resourcesOf(template, 'AWS::IAM::Role')).find(([id]) =>
        id.startsWith('GitHubDeployRole'),
      )![1];
      const [trust, ...more] = (
        role.Properties.AssumeRolePolicyDocument as { Statement: Statement[] }
      ).Statement;
      expect(more).toEqual([]);
      expect(trust).toMatchObject({ Effect: 'Allow', Action: 'sts:AssumeRoleWithWebIdentity' });
      // StringEquals (not StringLike): no wildcard can widen the subject.
      expect(trust!.Condition).toEqual({
        StringEquals: {
          'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
          'token.actions.githubusercontent.com:sub': `repo:org/actions:environment:${environment}:ref:refs/heads/main`,
        },
      });
    }
  });
});

describe('deploy role permissions', () => {
  it('has exactly the statements the four actions need', () => {
    const common = [
      'DeploymentConfigs',
      'Deployments',
      'ListApplicationsAndConfigs',
      'ListServiceTasks',
      'PassTaskRoles',
      'ReadLoadBalancing',
      'ReadMigrationLogs',
      'RegistryLogin',
      'Revisions',
      'RunMigrationTask',
      'StopMigrationTask',
      'TagNewTaskDefinitions',
      'TaskDefinitions',
      'WatchService',
    ];
    expect(Object.keys(deployPolicy(app.templates.staging)).sort()).toEqual(
      [...common, 'PushAndVerifyImages'].sort(),
    );
    expect(Object.keys(deployPolicy(app.templates.production)).sort()).toEqual(
      [...common, 'PromoteDeployments', 'VerifyImages'].sort(),
    );
  });

  it('staging credentials cannot promote: only the environment that waits in Ready may continue', () => {
    // ContinueDeployment cannot be scoped to a deployment group, so a grant anywhere reaches
    // every deployment group of the account. Staging continues at once and gets none.
    const promotes = (template: Template) =>
      Object.values(deployPolicy(template)).filter((statement) =>
        list(statement.Action).includes('codedeploy:ContinueDeployment'),
      );
    expect(promotes(app.templates.staging)).toEqual([]);
    expect(promotes(app.templates.production)).toHaveLength(1);
    // Stopping (rollback) is scoped to the role's own deployment group in both.
    for (const template of [app.templates.staging, app.templates.production]) {
      const stop = Object.values(deployPolicy(template)).find((statement) =>
        list(statement.Action).includes('codedeploy:StopDeployment'),
      )!;
      expect(JSON.stringify(stop.Resource)).toContain(':deploymentgroup:');
      expect(stop.Resource).not.toBe('*');
    }
  });

  it('ECR: GetAuthorizationToken on "*", everything else on the one repository', () => {
    const policy = deployPolicy(app.templates.staging);
    expect(policy.RegistryLogin).toMatchObject({
      Action: 'ecr:GetAuthorizationToken',
      Resource: '*',
    });
    const push = policy.PushAndVerifyImages!;
    expect(list(push.Action)).toEqual(
      expect.arrayContaining([
        'ecr:PutImage',
        'ecr:InitiateLayerUpload',
        'ecr:UploadLayerPart',
        'ecr:CompleteLayerUpload',
        'ecr:BatchGetImage',
      ]),
    );
    expect(JSON.stringify(push.Resource)).toContain('Fn::ImportValue');
    expect(push.Resource).not.toBe('*');
  });

  it('production only verifies images: it promotes the digest staging pushed', () => {
    const policy = deployPolicy(app.templates.production);
    expect(policy.PushAndVerifyImages).toBeUndefined();
    const actions = list(policy.VerifyImages!.Action);
    expect(actions).toContain('ecr:BatchGetImage');
    expect(actions).not.toContain('ecr:PutImage');
  });

  it('ECS: register/describe task definitions, watch this service only', () => {
    const policy = deployPolicy(app.templates.staging);
    expect(list(policy.TaskDefinitions!.Action).sort()).toEqual([
      'ecs:DescribeTaskDefinition',
      'ecs:RegisterTaskDefinition',
    ]);
    expect(policy.WatchService).toMatchObject({
      Action: ['ecs:DescribeServices', 'ecs:DescribeTasks'],
      Resource: [
        'arn:aws:ecs:us-east-1:123456789012:service/org-actions-staging/web',
        'arn:aws:ecs:us-east-1:123456789012:task/org-actions-staging/*',
      ],
    });
    expect(policy.ListServiceTasks).toMatchObject({
      Action: 'ecs:ListTasks',
      Condition: {
        ArnEquals: {
          'ecs:cluster': 'arn:aws:ecs:us-east-1:123456789012:cluster/org-actions-staging',
        },
      },
    });
    expect(policy.TagNewTaskDefinitions).toMatchObject({
      Action: 'ecs:TagResource',
      Resource: 'arn:aws:ecs:us-east-1:123456789012:task-definition/org-actions-staging-web:*',
      Condition: { StringEquals: { 'ecs:CreateAction': 'RegisterTaskDefinition' } },
    });
  });

  it('iam:PassRole only on the task and execution roles, only to ECS tasks', () => {
    const pass = deployPolicy(app.templates.staging).PassTaskRoles!;
    expect(pass.Action).toBe('iam:PassRole');
    expect(pass.Condition).toEqual({
      StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' },
    });
    const roles = list(pass.Resource).map(
      (r) => (r as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0],
    );
    expect(roles.sort()).toEqual([
      expect.stringMatching(/^ServiceTaskDefinitionExecutionRole/),
      expect.stringMatching(/^ServiceTaskDefinitionTaskRole/),
    ]);
  });

  it('CodeDeploy: on this application, this deployment group and the built-in ECS configs', () => {
    const policy = deployPolicy(app.templates.staging);
    expect(list(policy.Deployments!.Action).sort()).toEqual([
      'codedeploy:CreateDeployment',
      'codedeploy:GetDeployment',
      'codedeploy:GetDeploymentGroup',
      'codedeploy:GetDeploymentTarget',
      'codedeploy:ListDeploymentTargets',
      'codedeploy:ListDeployments',
      'codedeploy:StopDeployment',
    ]);
    expect(JSON.stringify(policy.Deployments!.Resource)).toContain(':deploymentgroup:');
    expect(JSON.stringify(policy.Deployments!.Resource)).toMatch(
      /"Ref":"DeploymentDeploymentGroup[0-9A-F]{8}"/,
    );
    expect(list(policy.Revisions!.Action).sort()).toEqual([
      'codedeploy:GetApplicationRevision',
      'codedeploy:ListDeploymentGroups',
      'codedeploy:RegisterApplicationRevision',
    ]);
    expect(JSON.stringify(policy.Revisions!.Resource)).toContain(':application:');
    expect(policy.DeploymentConfigs).toMatchObject({
      Action: 'codedeploy:GetDeploymentConfig',
      Resource: 'arn:aws:codedeploy:us-east-1:123456789012:deploymentconfig:CodeDeployDefault.ECS*',
    });
    expect(policy.ListApplicationsAndConfigs).toMatchObject({
      Action: ['codedeploy:ListApplications', 'codedeploy:ListDeploymentConfigs'],
      Resource: '*',
    });
    expect(deployPolicy(app.templates.production).PromoteDeployments).toMatchObject({
      Action: 'codedeploy:ContinueDeployment',
      Resource: '*',
    });
  });

  it('Elastic Load Balancing: the two Describe calls that find the test listener', () => {
    expect(list(deployPolicy(app.templates.staging).ReadLoadBalancing!.Action).sort()).toEqual([
      'elasticloadbalancing:DescribeListeners',
      'elasticloadbalancing:DescribeLoadBalancers',
    ]);
  });

  it('"*" resources only where the API has no resource-level permissions', () => {
    const star = Object.entries(deployPolicy(app.templates.production))
      .filter(([, statement]) => statement.Resource === '*')
      .map(([sid]) => sid);
    expect(star.sort()).toEqual([
      'ListApplicationsAndConfigs',
      'ListServiceTasks',
      'PromoteDeployments',
      'ReadLoadBalancing',
      'RegistryLogin',
      'TaskDefinitions',
    ]);
  });
});
