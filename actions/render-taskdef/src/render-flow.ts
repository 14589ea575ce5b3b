import { awsClients, type AwsClients } from '../../../lib/aws/clients.js';
import { renderTaskDefinition } from '../../../lib/ecs/render.js';
import { taskDefinitionSizeProblem } from '../../../lib/ecs/size-limit.js';
import { ActionError, ActionErrors } from '../../../lib/errors/action-error.js';
import { containerNameProblem } from '../../../lib/ecs/main-container.js';
import type { Toolkit } from '../../../lib/github/index.js';
import { runnerOf } from '../../../lib/github/run-context.js';
import { join } from 'node:path';
import { planAppSpec } from './appspec-plan.js';
import { readAppSpecTemplate } from './appspec-template.js';
import { decideVerification } from './aws-access.js';
import { appSpecDecision, type AppSpecDecision } from './engine-appspec.js';
import { diffAgainstLive, verifyInEcr } from './checks.js';
import { writeRendered } from './files.js';
import type { Inputs } from './inputs.js';
import { report, type Rendered } from './report.js';
import { liveOfService, loadStartingPoint, type StartingPoint } from './starting-point.js';

/**
 * Load → read the live service (its engine decides the AppSpec) → render task definition and
 * AppSpec → verify → diff against live → write → report.
 */
export async function renderAndReport(toolkit: Toolkit, inputs: Inputs): Promise<void> {
  const runner = runnerOf(process.env);
  let clients: AwsClients | undefined;
  const aws = () => (clients ??= awsClients({ action: 'render-taskdef' }));

  const start = await toolkit.group('Load the task definition', () =>
    loadStartingPoint(inputs.source, runner.env, () => aws().ecs),
  );
  const live = inputs.service
    ? await liveOfService(aws().ecs, inputs.cluster!, inputs.service)
    : start.live;
  const engine = live?.service?.engine;
  const appSpec = appSpecDecision(engine, live?.service?.name, inputs);
  const rendered = await render(toolkit, inputs, start, appSpec);

  const verification = decideVerification(inputs.verify, runner.env);
  if (verification.notice) toolkit.notice(verification.reason);
  else toolkit.info(verification.reason);
  const checks = verification.run
    ? await toolkit.group('Verify images in ECR', () => verifyInEcr(toolkit, aws(), rendered.td))
    : undefined;

  const diff = live
    ? await toolkit.group(`Diff against ${live.label}`, () =>
        diffAgainstLive(toolkit, live, rendered.td),
      )
    : undefined;

  const outputDir = inputs.outputDir ?? join(runner.tempDir, 'render-taskdef');
  const files = await writeRendered(outputDir, rendered.td, rendered.appSpec);
  toolkit.info(`Wrote ${files.taskDefinition}${files.appSpec ? ` and ${files.appSpec}` : ''}.`);
  await report(toolkit, inputs, rendered, { files, live, diff, checks, verification, engine });
}

/** The task definition with every change applied, and its AppSpec; every problem at once. */
async function render(
  toolkit: Toolkit,
  inputs: Inputs,
  start: StartingPoint,
  appSpec: AppSpecDecision,
): Promise<Rendered> {
  // A wrong container-name is the cause of every per-container problem after it: report it alone.
  const unknown = containerNameProblem(start.taskDefinition, inputs.changes.containerName);
  if (unknown) throw new ActionError(unknown);
  const {
    taskDefinition: td,
    warnings: renderWarnings,
    problems,
    keptImage,
  } = renderTaskDefinition(start.taskDefinition, inputs.changes);
  const warnings = keptImage ? [...renderWarnings, keptImage] : renderWarnings;
  const plan = appSpec.render
    ? planAppSpec(td, {
        template: inputs.appspec ? await readAppSpecTemplate(inputs.appspec) : undefined,
        containerName: inputs.changes.containerName,
        containerPort: inputs.containerPort,
        platformVersion: inputs.platformVersion,
        network: inputs.network,
        capacityProviderStrategy: inputs.capacityProviderStrategy,
        hooks: inputs.hooks,
      })
    : { problems: 'problem' in appSpec ? [appSpec.problem] : [] };
  for (const warning of warnings) toolkit.warning(warning);
  const tooBig = taskDefinitionSizeProblem(td);
  const all = [...start.problems, ...problems, ...plan.problems, ...(tooBig ? [tooBig] : [])];
  if (all.length) throw new ActionErrors(all);
  if ('skipped' in plan && plan.skipped) toolkit.info(`AppSpec: ${plan.skipped}.`);
  if ('notice' in appSpec) toolkit.notice(appSpec.notice);
  return {
    td,
    appSpec: 'appSpec' in plan ? plan.appSpec : undefined,
    appSpecNote: 'notice' in appSpec ? appSpec.notice : undefined,
    warnings,
  };
}
