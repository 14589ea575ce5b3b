import { Duration } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  codeDeployEngine,
  ecsEngine,
  environments,
  type DeploymentEngine,
  type EnvironmentConfig,
} from '../lib/config.js';
import { iamActionsInSources, iamActionsOfAction } from './sdk-calls.js';
import { resourcesOf, synthesizedApp, withEngine } from './synthesized.js';

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

type EngineKind = DeploymentEngine['kind'];

/**
 * The calls only the ECS-native path of bluegreen-deploy sends (the source walk cannot tell
 * which engine's branch a call sits on). A new native-only SDK call goes here AND into
 * nativeStatements() in infra/lib/github-deploy-role.ts, scoped to the service wherever IAM
 * allows; until both are done this test fails on the missing grant. A call every engine makes
 * (DescribeServices, DescribeTasks, ...) goes in neither list: both roles get it.
 */
const NATIVE_ONLY = [
  'ecs:UpdateService',
  'ecs:ListServiceDeployments',
  'ecs:DescribeServiceDeployments',
  'ecs:ContinueServiceDeployment',
  'ecs:StopServiceDeployment',
  'ecs:DescribeServiceRevisions',
];

/** Which engine alone sends an IAM action: every CodeDeploy call, and NATIVE_ONLY. */
function onlyFor(action: string): EngineKind | undefined {
  if (action.startsWith('codedeploy:')) return 'codedeploy';
  return NATIVE_ONLY.includes(action) ? 'ecs' : undefined;
}

/**
 * Granted although no action sends it through the SDK, each with the call that needs it.
 * Keyed by IAM action; `pushOnly` ones belong to roles that build, `engine` ones to that engine.
 */
const GRANTED_WITHOUT_SDK_CALL: Record<
  string,
  { why: string; pushOnly?: boolean; engine?: EngineKind }
> = {
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
    engine: 'codedeploy',
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
    // deployment of another environment waiting in Ready. (The ECS engine's
    // ContinueServiceDeployment is scoped to this service's deployments: granted.)
    ...(config.deployment.engine.kind === 'codedeploy' && config.deployment.readyWait === undefined
      ? { 'codedeploy:ContinueDeployment': 'no Ready wait here; IAM cannot scope promotion' }
      : {}),
  };
}

/** The IAM actions the actions this role runs send on its engine's path, sorted. */
function calledBy(config: EnvironmentConfig): string[] {
  const engine = config.deployment.engine.kind;
  const all = actionsRunBy(config).flatMap(iamActionsOfAction);
  return [...new Set(all.filter((a) => (onlyFor(a) ?? engine) === engine))].sort();
}

const engines: [string, DeploymentEngine][] = [
  ['CodeDeploy', codeDeployEngine],
  ['ECS-native canary', ecsEngine({ type: 'CANARY', percent: 10, bakeTime: Duration.minutes(5) })],
];

const apps = new Map<string, ReturnType<typeof synthesizedApp>>();
beforeAll(() => {
  for (const [name, engine] of engines) apps.set(name, synthesizedApp(engine));
});
afterAll(() => {
  for (const app of apps.values()) app.dispose();
});

type Statement = { Action: string | string[]; Resource: unknown };

/** The statements of the deploy role's identity policy. */
function policyStatements(template: Template): Statement[] {
  const roleId = Object.keys(resourcesOf(template, 'AWS::IAM::Role')).find((id) =>
    id.startsWith('GitHubDeployRole'),
  )!;
  const policies = Object.values(resourcesOf(template, 'AWS::IAM::Policy')).filter((p) =>
    JSON.stringify(p.Properties.Roles).includes(roleId),
  );
  expect(policies).toHaveLength(1);
  return (policies[0]!.Properties.PolicyDocument as { Statement: Statement[] }).Statement;
}

/** Every IAM action the deploy role's identity policy allows, sorted. */
function grantedActions(template: Template): string[] {
  return [...new Set(policyStatements(template).flatMap((s) => [s.Action].flat()))].sort();
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

  it('the native-only list names calls an action really sends', () => {
    expect(iamActionsOfAction('bluegreen-deploy')).toEqual(expect.arrayContaining(NATIVE_ONLY));
  });
});

describe.each(
  engines.flatMap(([engineName]) =>
    (['staging', 'production'] as const).map((env) => [engineName, env] as const),
  ),
)('with the %s engine, the %s deploy role', (engineName, name) => {
  const engine = engines.find(([n]) => n === engineName)![1];
  const config = withEngine(engine)[name];
  const granted = () => grantedActions(apps.get(engineName)!.templates[name]);

  it('grants every call its actions send on this engine (except the listed, deliberate ones)', () => {
    const notGranted = calledButNotGranted(config);
    const missing = calledBy(config).filter(
      (action) => !granted().includes(action) && !(action in notGranted),
    );
    expect(missing).toEqual([]);
    for (const action of Object.keys(notGranted)) {
      expect(granted()).not.toContain(action);
    }
  });

  it('grants nothing its actions never call on this engine', () => {
    const allowedExtra = Object.entries(GRANTED_WITHOUT_SDK_CALL)
      .filter(([, extra]) => config.deployRoleCanPushImages || !extra.pushOnly)
      .filter(([, extra]) => (extra.engine ?? engine.kind) === engine.kind)
      .map(([action]) => action);
    const unused = granted().filter(
      (action) => !calledBy(config).includes(action) && !allowedExtra.includes(action),
    );
    expect(unused).toEqual([]);
  });
});

describe('the ECS-native deploy role', () => {
  it("scopes every native call to this environment's service and its deployments", () => {
    const app = apps.get('ECS-native canary')!;
    for (const name of ['staging', 'production'] as const) {
      const statements = policyStatements(app.templates[name]);
      const scopeOf = (action: string) =>
        statements.filter((s) => [s.Action].flat().includes(action)).map((s) => s.Resource);
      const service = new RegExp(`:service(-deployment|-revision)?/org-actions-${name}/web\\b`);
      for (const action of NATIVE_ONLY) {
        const scopes = JSON.stringify(scopeOf(action));
        expect({ action, scoped: service.test(scopes) && !scopes.includes('"*"') }).toEqual({
          action,
          scoped: true,
        });
      }
    }
  });
});

describe('promotion', () => {
  it('only the environment with a Ready wait may continue a deployment', () => {
    const app = apps.get('CodeDeploy')!;
    expect(environments.staging.deployment.readyWait).toBeUndefined();
    expect(grantedActions(app.templates.staging)).not.toContain('codedeploy:ContinueDeployment');
    expect(environments.production.deployment.readyWait).toBeDefined();
    expect(grantedActions(app.templates.production)).toContain('codedeploy:ContinueDeployment');
  });
});

describe('image pushes', () => {
  it('only the role that builds may push; production cannot write to the repository', () => {
    const app = apps.get('CodeDeploy')!;
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
