import { Stack, Validations } from 'aws-cdk-lib';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

export const GITHUB_OIDC_URL = 'https://token.actions.githubusercontent.com';
export const GITHUB_OIDC_HOST = 'token.actions.githubusercontent.com';

export interface GitHubDeployRoleProps {
  /** `owner/name` of the repository whose workflows may assume the role. */
  readonly githubRepository: string;
  /** GitHub environment the job must run in (`environment: <name>` in the workflow). */
  readonly githubEnvironment: string;
  /** The one branch whose runs may assume the role (the subject's `ref` claim). */
  readonly githubBranch: string;
  /** Import this provider instead of creating one (one provider per URL per account). */
  readonly existingProviderArn?: string;
  readonly repository: ecr.IRepository;
  readonly canPushImages: boolean;
  /** Physical name (not a token): it appears in the policy's resource ARNs. */
  readonly clusterName: string;
  readonly serviceName: string;
  readonly taskDefinitionFamily: string;
  /** The task and execution roles a new task definition revision names. */
  readonly taskRoles: readonly iam.IRole[];
  /** Physical name of the tasks' awslogs group: bluegreen-deploy reads a migration's log tail. */
  readonly logGroupName: string;
  /**
   * How releases are deployed: `codedeploy` (the given application and deployment group) or
   * `ecs` (UpdateService and the service-deployment calls, on this service only).
   */
  readonly engine: DeploymentEngineGrants;
}

export type DeploymentEngineGrants =
  | {
      readonly kind: 'codedeploy';
      readonly application: codedeploy.IEcsApplication;
      readonly deploymentGroup: codedeploy.IEcsDeploymentGroup;
      /**
       * Whether deployments here wait in Ready for a promotion (ContinueDeployment). Without a
       * Ready wait the role gets no ContinueDeployment at all: IAM cannot scope that action to
       * a deployment group, so a grant would let this environment's credentials promote any
       * deployment in the account, another environment's included.
       */
      readonly promotes: boolean;
    }
  | { readonly kind: 'ecs' };

/**
 * The `sub` claim GitHub puts in the token of a job that runs in an environment, on a branch,
 * once the repository's subject template is `include_claim_keys: [repo, context, ref]`.
 */
export function githubSubject(repository: string, environment: string, branch: string): string {
  return `repo:${repository}:environment:${environment}:ref:refs/heads/${branch}`;
}

/**
 * The role the four actions run under, assumed through GitHub OIDC. Its trust names one
 * repository and one environment; its permissions are exactly the API calls the actions make,
 * each on this environment's resources wherever the API allows it.
 */
export class GitHubDeployRole extends Construct {
  readonly role: iam.Role;
  readonly provider: iam.IOidcProvider;

  constructor(scope: Construct, id: string, props: GitHubDeployRoleProps) {
    super(scope, id);
    this.provider =
      props.existingProviderArn !== undefined
        ? iam.OidcProviderNative.fromOidcProviderArn(this, 'Provider', props.existingProviderArn)
        : new iam.OidcProviderNative(this, 'Provider', {
            url: GITHUB_OIDC_URL,
            clientIds: ['sts.amazonaws.com'],
          });

    this.role = new iam.Role(this, 'Role', {
      description: `GitHub Actions deploys of ${props.githubRepository} to ${props.githubEnvironment}`,
      assumedBy: new iam.WebIdentityPrincipal(this.provider.oidcProviderArn, {
        StringEquals: {
          [`${GITHUB_OIDC_HOST}:aud`]: 'sts.amazonaws.com',
          [`${GITHUB_OIDC_HOST}:sub`]: githubSubject(
            props.githubRepository,
            props.githubEnvironment,
            props.githubBranch,
          ),
        },
      }),
    });

    for (const statement of deployStatements(Stack.of(this), props)) {
      this.role.addToPrincipalPolicy(statement);
      acknowledgeWildcards(this.role, statement);
    }
  }
}

/**
 * Why a statement needs a wildcard resource. A statement with a wildcard and no reason here
 * fails the synth: a new wildcard is a decision someone must write down.
 */
const WILDCARD_REASONS: Record<string, string> = {
  RegistryLogin:
    'ecr:GetAuthorizationToken has no resource-level permissions; IAM accepts only "*".',
  TaskDefinitions:
    'ecs:RegisterTaskDefinition and ecs:DescribeTaskDefinition have no resource-level permissions; IAM accepts only "*".',
  TagNewTaskDefinitions:
    'New revisions of this family get generated numbers; tagging is limited to RegisterTaskDefinition by condition.',
  WatchService: 'Tasks get generated ids beneath this cluster.',
  ListServiceTasks:
    'ecs:ListTasks is authorized per cluster by the ecs:cluster condition, not by resource.',
  DeploymentConfigs:
    'A deployment may choose any built-in ECS config (canary, linear, all-at-once).',
  ListApplicationsAndConfigs:
    'codedeploy:ListApplications and ListDeploymentConfigs have no resource-level permissions; IAM accepts only "*".',
  PromoteDeployments:
    'codedeploy:ContinueDeployment has no resource-level permissions; IAM accepts only "*". Granted only to an environment with a Ready wait; use one account per environment to keep it from reaching another environment.',
  ServiceDeployments:
    "This service's deployments get generated ids beneath service-deployment/<cluster>/<service>/.",
  RunMigrationTask:
    'A migration runs the revision just registered, whose number is generated; the ecs:cluster condition keeps it in this cluster.',
  StopMigrationTask: 'The migration task gets a generated id beneath this cluster.',
  ReadMigrationLogs:
    "Each task writes its own log stream (prefix/container/task id) in this service's log group.",
  ServiceRevisions:
    "This service's revisions get generated ids beneath service-revision/<cluster>/<service>/.",
  ReadLoadBalancing:
    'elasticloadbalancing Describe* calls have no resource-level permissions; IAM accepts only "*".',
};

function acknowledgeWildcards(role: iam.Role, statement: iam.PolicyStatement) {
  const wildcards = statement.resources.filter((resource) => resource.includes('*'));
  if (wildcards.length === 0) return;
  const reason = statement.sid === undefined ? undefined : WILDCARD_REASONS[statement.sid];
  if (reason === undefined) {
    throw new Error(
      `deploy role statement ${statement.sid ?? '(no sid)'} uses a wildcard resource without a reason`,
    );
  }
  for (const resource of wildcards) {
    Validations.of(role).acknowledge({ id: `AwsSolutions-IAM5[Resource::${resource}]`, reason });
  }
}

/** The policy statements, one per purpose, so a reviewer can match each to an action's call. */
export function deployStatements(
  stack: Stack,
  props: GitHubDeployRoleProps,
): iam.PolicyStatement[] {
  const arn = (service: string, resource: string) =>
    `arn:aws:${service}:${stack.region}:${stack.account}:${resource}`;
  const cluster = props.clusterName;
  // render-taskdef and bluegreen-deploy read manifests to check an image's platforms.
  const imageRead = ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'];
  // build-push: find the repository, gate on the scan, and `docker push` (which also checks and
  // uploads layers). ecr:CreateRepository is deliberately absent: the registry stack owns the
  // repository (lifecycle rules, retention), and the workflows never set create-repository.
  const buildAndPush = [
    'ecr:DescribeRepositories',
    'ecr:DescribeImages',
    'ecr:StartImageScan',
    'ecr:DescribeImageScanFindings',
    'ecr:BatchCheckLayerAvailability',
    'ecr:InitiateLayerUpload',
    'ecr:UploadLayerPart',
    'ecr:CompleteLayerUpload',
    'ecr:PutImage',
  ];
  return [
    new iam.PolicyStatement({
      sid: 'RegistryLogin',
      actions: ['ecr:GetAuthorizationToken'],
      resources: ['*'],
    }),
    new iam.PolicyStatement({
      sid: props.canPushImages ? 'PushAndVerifyImages' : 'VerifyImages',
      actions: props.canPushImages ? [...imageRead, ...buildAndPush] : imageRead,
      resources: [props.repository.repositoryArn],
    }),
    new iam.PolicyStatement({
      sid: 'TaskDefinitions',
      actions: ['ecs:RegisterTaskDefinition', 'ecs:DescribeTaskDefinition'],
      resources: ['*'],
    }),
    new iam.PolicyStatement({
      sid: 'TagNewTaskDefinitions',
      actions: ['ecs:TagResource'],
      resources: [arn('ecs', `task-definition/${props.taskDefinitionFamily}:*`)],
      conditions: { StringEquals: { 'ecs:CreateAction': 'RegisterTaskDefinition' } },
    }),
    new iam.PolicyStatement({
      sid: 'WatchService',
      actions: ['ecs:DescribeServices', 'ecs:DescribeTasks'],
      resources: [
        arn('ecs', `service/${cluster}/${props.serviceName}`),
        arn('ecs', `task/${cluster}/*`),
      ],
    }),
    new iam.PolicyStatement({
      sid: 'ListServiceTasks',
      actions: ['ecs:ListTasks'],
      resources: ['*'],
      conditions: { ArnEquals: { 'ecs:cluster': arn('ecs', `cluster/${cluster}`) } },
    }),
    // bluegreen-deploy migration-command: a one-off task of this family in this cluster, stopped
    // on timeout or cancellation, its log tail read from the service's log group.
    new iam.PolicyStatement({
      sid: 'RunMigrationTask',
      actions: ['ecs:RunTask'],
      resources: [arn('ecs', `task-definition/${props.taskDefinitionFamily}:*`)],
      conditions: { ArnEquals: { 'ecs:cluster': arn('ecs', `cluster/${cluster}`) } },
    }),
    new iam.PolicyStatement({
      sid: 'StopMigrationTask',
      actions: ['ecs:StopTask'],
      resources: [arn('ecs', `task/${cluster}/*`)],
    }),
    new iam.PolicyStatement({
      sid: 'ReadMigrationLogs',
      actions: ['logs:GetLogEvents'],
      resources: [arn('logs', `log-group:${props.logGroupName}:log-stream:*`)],
    }),
    new iam.PolicyStatement({
      sid: 'PassTaskRoles',
      actions: ['iam:PassRole'],
      resources: props.taskRoles.map((role) => role.roleArn),
      conditions: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
    }),
    ...(props.engine.kind === 'codedeploy'
      ? codeDeployStatements(arn, props.engine)
      : nativeStatements(arn, cluster, props.serviceName)),
    new iam.PolicyStatement({
      sid: 'ReadLoadBalancing',
      actions: [
        'elasticloadbalancing:DescribeLoadBalancers',
        'elasticloadbalancing:DescribeListeners',
      ],
      resources: ['*'],
    }),
  ];
}

type ArnOf = (service: string, resource: string) => string;

/** CodeDeploy engine: deployments of this deployment group, revisions of this application. */
function codeDeployStatements(
  arn: ArnOf,
  engine: Extract<DeploymentEngineGrants, { kind: 'codedeploy' }>,
): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({
      sid: 'Deployments',
      actions: [
        'codedeploy:CreateDeployment',
        'codedeploy:GetDeployment',
        'codedeploy:GetDeploymentGroup',
        'codedeploy:StopDeployment',
        'codedeploy:ListDeployments',
        'codedeploy:ListDeploymentTargets',
        'codedeploy:GetDeploymentTarget',
      ],
      resources: [engine.deploymentGroup.deploymentGroupArn],
    }),
    new iam.PolicyStatement({
      // CreateDeployment registers the AppSpec revision it carries: IAM checks
      // RegisterApplicationRevision although no action sends that call itself.
      sid: 'Revisions',
      actions: [
        'codedeploy:GetApplicationRevision',
        'codedeploy:RegisterApplicationRevision',
        'codedeploy:ListDeploymentGroups',
      ],
      resources: [engine.application.applicationArn],
    }),
    new iam.PolicyStatement({
      sid: 'DeploymentConfigs',
      actions: ['codedeploy:GetDeploymentConfig'],
      resources: [arn('codedeploy', 'deploymentconfig:CodeDeployDefault.ECS*')],
    }),
    new iam.PolicyStatement({
      // Only to name the choices when an application or deployment config does not exist.
      sid: 'ListApplicationsAndConfigs',
      actions: ['codedeploy:ListApplications', 'codedeploy:ListDeploymentConfigs'],
      resources: ['*'],
    }),
    ...(engine.promotes
      ? [
          new iam.PolicyStatement({
            // ContinueDeployment (promotion) has no resource-level permissions in IAM: only the
            // environment that waits in Ready gets it (engine.promotes).
            sid: 'PromoteDeployments',
            actions: ['codedeploy:ContinueDeployment'],
            resources: ['*'],
          }),
        ]
      : []),
  ];
}

/**
 * ECS engine: start a release (UpdateService) and follow, continue or stop its service
 * deployments, all on this service. UpdateService is what CodeDeploy's controller forbade; here
 * it is the release itself. No CodeDeploy grant at all: no application or group exists.
 * A new native SDK call: add it here (and to NATIVE_ONLY in infra/test/deploy-role-actions.test.ts).
 */
function nativeStatements(arn: ArnOf, cluster: string, service: string): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({
      sid: 'ReleaseService',
      actions: ['ecs:UpdateService', 'ecs:ListServiceDeployments'],
      resources: [arn('ecs', `service/${cluster}/${service}`)],
    }),
    // rollback with nothing in progress: the task definition of the revision live before.
    new iam.PolicyStatement({
      sid: 'ServiceRevisions',
      actions: ['ecs:DescribeServiceRevisions'],
      resources: [arn('ecs', `service-revision/${cluster}/${service}/*`)],
    }),
    new iam.PolicyStatement({
      sid: 'ServiceDeployments',
      actions: [
        'ecs:DescribeServiceDeployments',
        'ecs:ContinueServiceDeployment',
        'ecs:StopServiceDeployment',
      ],
      resources: [arn('ecs', `service-deployment/${cluster}/${service}/*`)],
    }),
  ];
}
