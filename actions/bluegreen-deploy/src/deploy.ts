import {
  GetDeploymentConfigCommand,
  ListDeploymentConfigsCommand,
  type DeploymentGroupInfo,
} from '@aws-sdk/client-codedeploy';
import type { DescribeServicesCommandOutput } from '@aws-sdk/client-ecs';
import { appSpecRevision, withTaskDefinition } from '../../../lib/codedeploy/appspec.js';
import { errorName } from '../../../lib/errors/aws-errors.js';
import { findActiveDeployment } from '../../../lib/codedeploy/active-deployment.js';
import {
  createDeployment,
  deploymentRequest,
  describeActive,
} from '../../../lib/codedeploy/create-deployment.js';
import {
  gateProblems,
  groupServesService,
  resolveDeploymentGroup,
} from '../../../lib/codedeploy/deployment-group.js';
import { deploymentDescription } from '../../../lib/codedeploy/description.js';
import { resolveCodeDeployService } from '../../../lib/codedeploy/ecs-service.js';
import { testListenerUrl } from '../../../lib/gate/test-listener.js';
import { followDeployment } from '../../../lib/deploy/follow.js';
import { ActionErrors } from '../../../lib/errors/action-error.js';
import { nearMiss } from '../../../lib/suggest/near-miss.js';
import { codeDeployEngine, followDeps, groupRef, type CommandContext } from './context.js';
import { gateOf } from './gate.js';
import { hasGate, type Inputs } from './inputs.js';
import type { CommandResult } from './result.js';
import { existingRevisionProblem, planRevision, type CodeDeployPlan } from './revision-plan.js';
import { registerTaskDefinition } from './register.js';
import { runMigration } from './migration.js';
import { deployNative } from './native-deploy.js';
import { describeService, ecsServiceIn } from './engine-choice.js';
import { deployRolling } from './rolling-deploy.js';

/** A deployment about to be created: everything validated, nothing changed yet. */
interface Prepared {
  plan: CodeDeployPlan;
  group: DeploymentGroupInfo;
  previousTaskDefinitionArn?: string;
  /** test-url, or the group's test listener when the gate runs without one. */
  testUrl?: string;
}

/** Validate everything (files, service, group, config), then register, create, and follow. */
export async function deploy(inputs: Inputs, ctx: CommandContext): Promise<CommandResult> {
  const described = describeService(inputs, ctx);
  const ecs = await ecsServiceIn(described);
  if (ecs?.choice.engine === 'native') return deployNative(inputs, ctx, ecs.service, ecs.choice);
  if (ecs?.choice.engine === 'rolling') return deployRolling(inputs, ctx, ecs.service);
  const prepared = await prepare(inputs, ctx, described);
  const started = ctx.clock.now();
  const taskDefinitionArn = await registerTaskDefinition(inputs, prepared.plan, ctx);
  await runMigration(inputs, ctx, taskDefinitionArn);
  const revision = appSpecRevision(withTaskDefinition(prepared.plan.appSpec, taskDefinitionArn));
  ctx.log(`AppSpec revision sha256 ${revision.sha256} → ${taskDefinitionArn}`);
  const ref = groupRef(inputs);
  const deploymentId = await createDeployment(
    { codedeploy: ctx.clients.codedeploy, clock: ctx.clock, log: ctx.log, signal: ctx.signal },
    deploymentRequest({
      group: ref,
      revision: { revisionType: 'AppSpecContent', appSpecContent: revision },
      description: deploymentDescription(inputs.description, ctx.run),
      deploymentConfig: inputs.deploymentConfig,
      autoRollback: inputs.autoRollback,
    }),
    inputs.onConflict,
    inputs.timeoutMs,
  );
  ctx.rememberDeployment(deploymentId);
  ctx.log(
    `Created deployment ${deploymentId}${inputs.deploymentConfig ? ` (${inputs.deploymentConfig})` : ''}`,
  );
  const adapter = codeDeployEngine(inputs, ctx);
  const followed = await followDeployment(followDeps(ctx, adapter), {
    deploymentId,
    waitUntil: inputs.waitUntil,
    timeoutMs: Math.max(1000, inputs.timeoutMs - (ctx.clock.now() - started)),
    rollbackExpected: inputs.autoRollback,
    // CodeDeploy's Ready wait with no gate is continued, as it always was.
    autoContinue: true,
    gate: gateOf(inputs, ctx, prepared.testUrl),
  });
  return {
    command: 'deploy',
    deploymentId,
    taskDefinitionArn,
    previousTaskDefinitionArn: prepared.previousTaskDefinitionArn,
    status: followed.status,
    followed,
    consoleUrl: adapter.consoleUrl(deploymentId),
    ok: followed.ok,
  };
}

/** Every read-only check, so a bad input fails before anything is registered or deployed. */
async function prepare(
  inputs: Inputs,
  ctx: CommandContext,
  described: Promise<DescribeServicesCommandOutput>,
): Promise<Prepared> {
  const plan = await planRevision(inputs);
  ctx.log(`AppSpec: ${plan.appSpecSource}`);
  const service = await resolveCodeDeployService(
    ctx.clients.ecs,
    inputs.cluster,
    inputs.service,
    described,
  );
  const ref = groupRef(inputs);
  const group = await resolveDeploymentGroup(ctx.clients.codedeploy, ref);
  const problems: string[] = [];
  if (!groupServesService(group, inputs.cluster, inputs.service)) {
    const served = (group.ecsServices ?? [])
      .map((s) => `${s.clusterName}/${s.serviceName}`)
      .join(', ');
    problems.push(
      `Deployment group "${ref.deploymentGroupName}" deploys ${served}, not ${inputs.cluster}/${inputs.service}; set codedeploy-application and codedeploy-deployment-group to the service's group.`,
    );
  }
  const revisionProblem = await existingRevisionProblem(ctx.clients.ecs, plan);
  if (revisionProblem) problems.push(revisionProblem);
  if (hasGate(inputs)) problems.push(...gateProblems(group));
  if (inputs.onConflict === 'fail') {
    // Fail before registering anything when the group is busy; CreateDeployment re-checks.
    const active = await findActiveDeployment(ctx.clients.codedeploy, ref);
    if (active)
      problems.push(
        `Deployment group "${ref.deploymentGroupName}" already has an active deployment: ${describeActive(active)}; wait for it, or set on-conflict: wait or on-conflict: replace.`,
      );
  }
  if (inputs.deploymentConfig) {
    const problem = await deploymentConfigProblem(ctx, inputs.deploymentConfig);
    if (problem) problems.push(problem);
  }
  if (problems.length) throw new ActionErrors(problems);
  let testUrl = inputs.testUrl;
  if (hasGate(inputs) && !testUrl && ctx.clients.elbv2) {
    testUrl = await testListenerUrl(ctx.clients.elbv2, group);
    ctx.log(`Test listener (the gate's test-url): ${testUrl}`);
  }
  ctx.log(
    `Service ${inputs.cluster}/${inputs.service} (CODE_DEPLOY) runs ${service.taskDefinition ?? 'no task definition yet'}`,
  );
  ctx.log(
    `Deployment group ${ref.applicationName}/${ref.deploymentGroupName}, config ${inputs.deploymentConfig ?? group.deploymentConfigName ?? 'default'}`,
  );
  return { plan, group, previousTaskDefinitionArn: service.taskDefinition, testUrl };
}

async function deploymentConfigProblem(
  ctx: CommandContext,
  name: string,
): Promise<string | undefined> {
  try {
    const out = await ctx.clients.codedeploy.send(
      new GetDeploymentConfigCommand({ deploymentConfigName: name }),
    );
    const platform = out.deploymentConfigInfo?.computePlatform;
    if (platform && platform !== 'ECS')
      return `Input "deployment-config" is "${name}", a ${platform} configuration; write an ECS one such as CodeDeployDefault.ECSCanary10Percent5Minutes.`;
    return undefined;
  } catch (error) {
    if (errorName(error) !== 'DeploymentConfigDoesNotExistException') throw error;
    const names = await ctx.clients.codedeploy.send(new ListDeploymentConfigsCommand({})).then(
      (o) =>
        (o.deploymentConfigsList ?? []).filter(
          (n) => n.includes('ECS') || !n.startsWith('CodeDeployDefault.'),
        ),
      () => [],
    );
    const meant = nearMiss(name, names);
    const suggestion = meant ? ` Did you mean ${meant}?` : '';
    return `Input "deployment-config" is "${name}", which does not exist;${suggestion} ECS and custom configurations: ${names.join(', ') || '(none listed)'}.`;
  }
}
