import { describe, expect, it } from 'vitest';
import { migrationProblems, type MigrationFacts, type RuleFacts } from './migration-preflight.js';

const TG = (name: string) =>
  `arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/${name}/0123456789abcdef`;
const BLUE = TG('web-blue');
const GREEN = TG('web-green');
const PROD = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/web/1/80';
const TEST = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/web/1/8443';

const rule = (listenerArn: string, priority: string, forward: RuleFacts['forward']): RuleFacts => ({
  ruleArn: `${listenerArn.replace(':listener/', ':listener-rule/')}/${priority}`,
  listenerArn,
  priority,
  forward,
});

/** A CodeDeploy service ready to move: its tasks in blue, both listeners forwarding to blue. */
function ready(): MigrationFacts {
  return {
    cluster: 'production',
    service: 'web',
    groupNames: { application: 'AppECS-production-web', deploymentGroup: 'DgpECS-production-web' },
    found: {
      serviceArn: 'arn:aws:ecs:us-east-1:123456789012:service/production/web',
      controller: 'CODE_DEPLOY',
      loadBalancers: [{ targetGroupArn: BLUE, containerName: 'web', containerPort: 8080 }],
      taskSets: [{ id: 'ecs-svc/1', status: 'PRIMARY', targetGroupArn: BLUE }],
    },
    group: {
      application: 'AppECS-production-web',
      name: 'DgpECS-production-web',
      services: ['production/web'],
      targetGroupArns: [BLUE, GREEN],
      productionListenerArn: PROD,
      testListenerArn: TEST,
      deploymentConfigName: 'CodeDeployDefault.ECSCanary10Percent5Minutes',
      trafficRouting: { type: 'TimeBasedCanary', percent: 10, minutes: 5 },
      readyWaitMinutes: 60,
      readyAction: 'STOP_DEPLOYMENT',
      terminationWaitMinutes: 5,
      alarms: ['production-web-5xx'],
      autoRollback: true,
      otherGroups: [],
    },
    ongoingDeployments: [],
    productionRules: [rule(PROD, 'default', [{ targetGroupArn: BLUE, weight: 1 }])],
    testRules: [rule(TEST, 'default', [{ targetGroupArn: BLUE, weight: 1 }])],
  };
}

describe('migrationProblems', () => {
  it('accepts a CodeDeploy service at rest whose listeners forward to its live target group', () => {
    expect(migrationProblems(ready())).toEqual([]);
  });

  it('accepts the live group being the second of the pair, and a rule already on both at 1/0', () => {
    const f = ready();
    f.found!.taskSets = [{ id: 'ecs-svc/2', status: 'PRIMARY', targetGroupArn: GREEN }];
    f.productionRules = [
      rule(PROD, 'default', [
        { targetGroupArn: GREEN, weight: 1 },
        { targetGroupArn: BLUE, weight: 0 },
      ]),
    ];
    f.testRules = [rule(TEST, 'default', [{ targetGroupArn: GREEN, weight: 1 }])];
    expect(migrationProblems(f)).toEqual([]);
  });

  it('names a missing service, a service already on ECS and a missing deployment group, each with the fix', () => {
    const missing = { ...ready(), found: undefined };
    expect(migrationProblems(missing)).toEqual([
      'service "web" in cluster "production" does not exist or is not ACTIVE: check --cluster and --service',
    ]);
    const native = ready();
    native.found!.controller = 'ECS';
    expect(migrationProblems(native)[0]).toContain(
      'already on the ECS controller; nothing to migrate',
    );
    const noGroup = { ...ready(), group: undefined };
    expect(migrationProblems(noGroup)).toEqual([
      'deployment group "DgpECS-production-web" of application "AppECS-production-web" does not exist: name the service\'s group with --application and --deployment-group',
    ]);
  });

  it('names every unfinished CodeDeploy deployment with the command that stops it', () => {
    const f = ready();
    f.ongoingDeployments = ['d-ABCDEF123 (Ready)'];
    f.found!.taskSets.push({ id: 'ecs-svc/3', status: 'ACTIVE', targetGroupArn: GREEN });
    expect(migrationProblems(f)).toEqual([
      'CodeDeploy deployment d-ABCDEF123 (Ready) is not finished: wait for it, or stop it (aws deploy stop-deployment --deployment-id d-ABCDEF123 --auto-rollback-enabled), then run this again',
    ]);
  });

  it('names a leftover task set when no deployment explains it', () => {
    const f = ready();
    f.found!.taskSets.push({ id: 'ecs-svc/3', status: 'ACTIVE', targetGroupArn: GREEN });
    expect(migrationProblems(f)).toEqual([
      'service "web" in cluster "production" has 2 task sets (ecs-svc/1 PRIMARY, ecs-svc/3 ACTIVE): a CodeDeploy deployment left one behind; finish or roll it back first',
    ]);
  });

  it.each([
    [
      'a target group outside the pair',
      [{ targetGroupArn: TG('other'), weight: 1 }],
      "the production listener's default rule forwards to other/0123456789abcdef, which is not one of the deployment group's target groups: forward it to web-blue/0123456789abcdef only",
    ],
    [
      'weight on the idle group',
      [
        { targetGroupArn: BLUE, weight: 90 },
        { targetGroupArn: GREEN, weight: 10 },
      ],
      "the production listener's default rule sends weight 10 to web-green/0123456789abcdef, but the live tasks are in web-blue/0123456789abcdef: let the last deployment finish, or forward to web-blue/0123456789abcdef only",
    ],
    [
      'no forward at all',
      [],
      "the production listener's default rule does not forward (another action type): make it forward to web-blue/0123456789abcdef first",
    ],
  ])('names a production rule associated wrongly: %s', (_what, forward, problem) => {
    const f = ready();
    f.productionRules = [rule(PROD, 'default', forward)];
    expect(migrationProblems(f)).toEqual([problem]);
  });

  it('names another rule on the pair that ECS would not shift', () => {
    const f = ready();
    f.testRules = [rule(TEST, '5', [{ targetGroupArn: BLUE, weight: 1 }]), ...f.testRules];
    const problems = migrationProblems(f);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain("the test listener's rule at priority 5");
    expect(problems[0]).toContain('ECS shifts only the default rule');
  });

  it('names a test listener that is the production listener, and a linear step ECS cannot take', () => {
    const f = ready();
    f.group!.testListenerArn = PROD;
    f.group!.trafficRouting = { type: 'TimeBasedLinear', percent: 1, minutes: 1 };
    f.group!.deploymentConfigName = 'Linear1PercentEveryMinute';
    expect(migrationProblems(f)).toEqual([
      'the test listener is the production listener: ECS needs a rule of its own for test traffic; give test traffic its own listener',
      'deployment config Linear1PercentEveryMinute moves 1 % per step; ECS LINEAR takes 3 % or more: pick another config first',
    ]);
  });

  it('names a group that deploys another service, and a PRIMARY outside the pair', () => {
    const f = ready();
    f.group!.services = ['production/api'];
    f.found!.taskSets = [{ id: 'ecs-svc/1', status: 'PRIMARY', targetGroupArn: TG('other') }];
    const problems = migrationProblems(f);
    expect(problems[0]).toBe(
      'deployment group "DgpECS-production-web" deploys production/api, not production/web: name the service\'s own group',
    );
    expect(problems[1]).toContain("the PRIMARY task set's target group other/0123456789abcdef");
  });
});
