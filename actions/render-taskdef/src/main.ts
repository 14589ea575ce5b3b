import { parseAppSpec } from '../../../lib/codedeploy/appspec.js';
import { awsClients, type AwsClients } from '../../../lib/aws/clients.js';
import { diffTaskDefinitions, type TaskDefinitionDiff } from '../../../lib/ecs/diff.js';
import { renderTaskDefinition } from '../../../lib/ecs/render.js';
import type { TaskDefinitionInput } from '../../../lib/ecs/task-definition.js';
import { verifyImages, type ImageCheck } from '../../../lib/ecs/verify-images.js';
import { ActionErrors } from '../../../lib/errors/action-error.js';
import { inputReader, run, type Toolkit } from '../../../lib/github/index.js';
import { readInputFile } from '../../../lib/github/input-file.js';
import { planAppSpec } from './appspec-plan.js';
import { hasAwsCredentials } from './aws-access.js';
import { writeRendered } from './files.js';
import { readInputs, type Inputs } from './inputs.js';
import { liveOfService, loadStartingPoint, type LiveTaskDefinition } from './starting-point.js';
import { containersOf, renderSummary } from './summary.js';

/** Load → render task definition and AppSpec → verify → diff against live → write → report. */
async function main(toolkit: Toolkit): Promise<void> {
  const inputs = readInputs(inputReader(toolkit));
  let clients: AwsClients | undefined;
  const aws = () => (clients ??= awsClients({ action: 'render-taskdef' }));

  const start = await toolkit.group('Load the task definition', () =>
    loadStartingPoint(inputs.source, process.env, () => aws().ecs),
  );
  const rendered = renderTaskDefinition(start.taskDefinition, inputs.changes);
  const plan = planAppSpec(rendered.taskDefinition, {
    template: inputs.appspec
      ? parseAppSpec(await readInputFile(inputs.appspec, 'appspec'), inputs.appspec)
      : undefined,
    containerName: inputs.changes.containerName,
    containerPort: inputs.containerPort,
    platformVersion: inputs.platformVersion,
    network: inputs.network,
    capacityProviderStrategy: inputs.capacityProviderStrategy,
    hooks: inputs.hooks,
  });
  for (const warning of rendered.warnings) toolkit.warning(warning);
  const problems = [...start.problems, ...rendered.problems, ...plan.problems];
  if (problems.length) throw new ActionErrors(problems);
  if (plan.skipped) toolkit.info(`AppSpec: ${plan.skipped}.`);
  const td = rendered.taskDefinition;

  const verify =
    inputs.verify === 'true' || (inputs.verify === 'auto' && hasAwsCredentials(process.env));
  const checks = verify ? await verifyInEcr(toolkit, aws(), td) : undefined;

  const live = inputs.service
    ? await liveOfService(aws().ecs, inputs.cluster!, inputs.service)
    : start.live;
  const diff = live ? await showDiff(toolkit, live, td) : undefined;

  const files = await writeRendered(inputs.outputDir, td, plan.appSpec);
  toolkit.info(`Wrote ${files.taskDefinition}${files.appSpec ? ` and ${files.appSpec}` : ''}.`);

  const containers = containersOf(td);
  toolkit.setOutput('task-definition', files.taskDefinition);
  toolkit.setOutput('appspec', files.appSpec);
  toolkit.setOutput('family', td.family ?? '');
  toolkit.setOutput('containers', containers);
  toolkit.setOutput('images', Object.fromEntries(containers.map((c) => [c.name, c.image])));
  toolkit.setOutput('changed', diff ? diff.changed : true);
  await toolkit.appendSummary(
    renderSummary({
      td,
      source: live && inputs.source.kind !== 'file' ? live.label : sourceLabel(inputs),
      appSpec: plan.appSpec,
      warnings: rendered.warnings,
      checks,
      verifyNote: verify ? undefined : verifyNote(inputs),
      diff,
    }),
  );
}

/** Each image exists in ECR and its platform matches runtimePlatform (the seeds' exec format error). */
async function verifyInEcr(
  toolkit: Toolkit,
  aws: AwsClients,
  td: TaskDefinitionInput,
): Promise<ImageCheck[]> {
  const checks = await toolkit.group('Verify images in ECR', async () => {
    const results = await verifyImages(aws.ecr, aws.region, td);
    for (const c of results) toolkit.info(`${c.container}: ${c.image} ${c.result}: ${c.detail}`);
    return results;
  });
  const failed = checks.filter((c) => c.result === 'failed');
  if (failed.length)
    throw new ActionErrors(failed.map((c) => `container "${c.container}": ${c.detail}`));
  return checks;
}

async function showDiff(
  toolkit: Toolkit,
  live: LiveTaskDefinition,
  td: TaskDefinitionInput,
): Promise<TaskDefinitionDiff & { against: string }> {
  const diff = {
    ...diffTaskDefinitions(live.taskDefinition, td, { live: live.label, rendered: 'rendered' }),
    against: live.label,
  };
  await toolkit.group(`Diff against ${diff.against}`, async () =>
    toolkit.info(diff.changed ? diff.patch : 'No change.'),
  );
  return diff;
}

function sourceLabel(inputs: Inputs): string {
  return inputs.source.kind === 'file' ? inputs.source.path : `${inputs.source.kind}:…`;
}

function verifyNote(inputs: Inputs): string {
  return inputs.verify === 'false'
    ? 'Image verification is off (verify: false).'
    : 'Image verification skipped: no AWS credentials in the job.';
}

await run(main);
