import type { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { environments, type EnvironmentConfig } from '../lib/config.js';
import { iamActionsInSources, iamActionsOfAction } from './sdk-calls.js';
import { resourcesOf, synthesizedApp } from './synthesized.js';

/**
 * The deploy role's permissions, checked against what the actions' code really sends: every
 * `new XCommand(` reachable from an action's sources. A new SDK call without a grant (or a grant
 * left behind after a call is removed) fails here, not in a deployment.
 */

/** Which actions each environment's deploy role runs (.github/workflows/deploy.yml). */
function actionsRunBy(config: EnvironmentConfig): string[] {
  // Only a role that may push builds; production deploys the digest staging built.
  const deploy = ['render-taskdef', 'bluegreen-deploy', 'notify-slack'];
  return config.deployRoleCanPushImages ? ['build-push', ...deploy] : deploy;
}

/**
 * Granted although no action sends it through the SDK, each with the call that needs it.
 * Keyed by IAM action; `pushOnly` ones belong to roles that build.
 */
const GRANTED_WITHOUT_SDK_CALL: Record<string, { why: string; pushOnly?: boolean }> = {
  // `docker push` (build-push, after GetAuthorizationToken) speaks the registry API, which ECR
  // authorizes as these actions.
  'ecr:BatchCheckLayerAvailability': { why: 'docker push checks layers', pushOnly: true },
  'ecr:InitiateLayerUpload': { why: 'docker push uploads layers', pushOnly: true },
  'ecr:UploadLayerPart': { why: 'docker push uploads layers', pushOnly: true },
  'ecr:CompleteLayerUpload': { why: 'docker push uploads layers', pushOnly: true },
  'ecr:PutImage': { why: 'docker push writes the manifest', pushOnly: true },
  'iam:PassRole': { why: 'RegisterTaskDefinition passes the task and execution roles' },
  'ecs:TagResource': { why: 'RegisterTaskDefinition with tags (the tags input)' },
  'codedeploy:RegisterApplicationRevision': {
    why: 'CreateDeployment registers the AppSpec revision it carries',
  },
};

/** Sent by an action but deliberately not granted to this environment's role, with the reason. */
function calledButNotGranted(config: EnvironmentConfig): Record<string, string> {
  return {
    // Only with build-push's create-repository: true, which the workflows never set: the
    // registry stack owns the repository (lifecycle rules, retention), so no role creates one.
    'ecr:CreateRepository': 'the registry stack creates the repository',
    // bluegreen-deploy promote. IAM cannot scope it to a deployment group, so an environment
    // that continues at once (no Ready wait) gets none: its credentials cannot promote a
    // deployment of another environment waiting in Ready.
    ...(config.deployment.readyWait === undefined
      ? { 'codedeploy:ContinueDeployment': 'no Ready wait here; IAM cannot scope promotion' }
      : {}),
    // bluegreen-deploy on an ECS-native service. The stacks here deploy CODE_DEPLOY services, so
    // the action never takes the native path with this role: least privilege leaves them out.
    ...Object.fromEntries(
      NATIVE_ONLY.map((action) => [action, 'the stacks deploy CODE_DEPLOY services only']),
    ),
  };
}

const NATIVE_ONLY = [
  'ecs:UpdateService',
  'ecs:ListServiceDeployments',
  'ecs:DescribeServiceDeployments',
  'ecs:ContinueServiceDeployment',
  'ecs:StopServiceDeployment',
];

let app: ReturnType<typeof synthesizedApp>;
beforeAll(() => {
  app = synthesizedApp();
});
afterAll(() => app.dispose());

type Statement = { Action: string | string[] };

/** Every IAM action the deploy role's identity policy allows, sorted. */
function grantedActions(template: Template): string[] {
  const roleId = Object.keys(resourcesOf(template, 'AWS::IAM::Role')).find((id) =>
    id.startsWith('GitHubDeployRole'),
  )!;
  const policies = Object.values(resourcesOf(template, 'AWS::IAM::Policy')).filter((p) =>
    JSON.stringify(p.Properties.Roles).includes(roleId),
  );
  expect(policies).toHaveLength(1);
  const statements = (policies[0]!.Properties.PolicyDocument as { Statement: Statement[] })
    .Statement;
  return [...new Set(statements.flatMap((s) => [s.Action].flat()))].sort();
}

describe('the SDK calls the actions send', () => {
  it('are all attributed to an action, and include the known ones', () => {
    const perAction = ['build-push', 'render-taskdef', 'bluegreen-deploy', 'notify-slack'].flatMap(
      iamActionsOfAction,
    );
    // The import walk must not lose a call that sits somewhere in lib/ or an action's src/.
    expect([...new Set(perAction)].sort()).toEqual(iamActionsInSources());
    expect(iamActionsOfAction('build-push')).toEqual(
      expect.arrayContaining(['ecr:StartImageScan', 'ecr:CreateRepository']),
    );
    expect(iamActionsOfAction('bluegreen-deploy')).toEqual(
      expect.arrayContaining([
        'codedeploy:ListApplications',
        'codedeploy:ListDeploymentGroups',
        'codedeploy:ListDeploymentConfigs',
        'elasticloadbalancing:DescribeListeners',
        'ecs:RegisterTaskDefinition',
      ]),
    );
    expect(iamActionsOfAction('notify-slack')).toEqual([]);
  });
});

describe.each(['staging', 'production'] as const)('the %s deploy role', (name) => {
  const config = environments[name];
  const called = () => [...new Set(actionsRunBy(config).flatMap(iamActionsOfAction))].sort();

  it('grants every call its actions send (except the listed, deliberate ones)', () => {
    const granted = grantedActions(app.templates[name]);
    const notGranted = calledButNotGranted(config);
    const missing = called().filter(
      (action) => !granted.includes(action) && !(action in notGranted),
    );
    expect(missing).toEqual([]);
    for (const action of Object.keys(notGranted)) {
      expect(granted).not.toContain(action);
    }
  });

  it('grants nothing its actions never call', () => {
    const allowedExtra = Object.entries(GRANTED_WITHOUT_SDK_CALL)
      .filter(([, extra]) => config.deployRoleCanPushImages || !extra.pushOnly)
      .map(([action]) => action);
    const unused = grantedActions(app.templates[name]).filter(
      (action) => !called().includes(action) && !allowedExtra.includes(action),
    );
    expect(unused).toEqual([]);
  });
});

describe('promotion', () => {
  it('only the environment with a Ready wait may continue a deployment', () => {
    expect(environments.staging.deployment.readyWait).toBeUndefined();
    expect(grantedActions(app.templates.staging)).not.toContain('codedeploy:ContinueDeployment');
    expect(environments.production.deployment.readyWait).toBeDefined();
    expect(grantedActions(app.templates.production)).toContain('codedeploy:ContinueDeployment');
  });
});

describe('image pushes', () => {
  it('only the role that builds may push; production cannot write to the repository', () => {
    const production = grantedActions(app.templates.production);
    for (const [action, extra] of Object.entries(GRANTED_WITHOUT_SDK_CALL)) {
      if (extra.pushOnly) expect(production).not.toContain(action);
    }
    expect(production).not.toContain('ecr:StartImageScan');
    expect(grantedActions(app.templates.staging)).toEqual(
      expect.arrayContaining(['ecr:PutImage', 'ecr:StartImageScan']),
    );
  });
});
