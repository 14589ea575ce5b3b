import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify as toYaml } from 'yaml';
import { parseAppSpec } from '../../../lib/codedeploy/appspec.js';
import { awsClients, type AwsClients } from '../../../lib/aws/clients.js';
import { diffTaskDefinitions } from '../../../lib/ecs/diff.js';
import { renderTaskDefinition } from '../../../lib/ecs/render.js';
import { verifyImages } from '../../../lib/ecs/verify-images.js';
import { ActionError, ActionErrors } from '../../../lib/errors/action-error.js';
import { inputReader, run, type Toolkit } from '../../../lib/github/index.js';
import { planAppSpec } from './appspec-plan.js';
import { hasAwsCredentials } from './aws-access.js';
import { readInputs } from './inputs.js';
import { liveOfService, loadStartingPoint } from './starting-point.js';
import { containersOf, renderSummary } from './summary.js';

async function main(toolkit: Toolkit): Promise<void> {
  const inputs = readInputs(inputReader(toolkit));
  let clients: AwsClients | undefined;
  const aws = () => (clients ??= awsClients({ action: 'render-taskdef' }));
  const sourceLabel =
    inputs.source.kind === 'file' ? inputs.source.path : `${inputs.source.kind}:…`;

  const start = await toolkit.group('Load the task definition', () =>
    loadStartingPoint(inputs.source, process.env, () => aws().ecs),
  );
  const rendered = renderTaskDefinition(start.taskDefinition, inputs.changes);
  const template = inputs.appspec
    ? parseAppSpec(await readText(inputs.appspec, 'appspec'), inputs.appspec)
    : undefined;
  const plan = planAppSpec(rendered.taskDefinition, {
    template,
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
  const checks = verify
    ? await toolkit.group('Verify images in ECR', async () => {
        const results = await verifyImages(aws().ecr, aws().region, td);
        for (const c of results)
          toolkit.info(`${c.container}: ${c.image} ${c.result}: ${c.detail}`);
        return results;
      })
    : undefined;
  const failed = checks?.filter((c) => c.result === 'failed') ?? [];
  if (failed.length) {
    throw new ActionErrors(failed.map((c) => `container "${c.container}": ${c.detail}`));
  }

  const live = inputs.service
    ? await liveOfService(aws().ecs, inputs.cluster!, inputs.service)
    : start.live;
  const diff = live
    ? {
        ...diffTaskDefinitions(live.taskDefinition, td, { live: live.label, rendered: 'rendered' }),
        against: live.label,
      }
    : undefined;
  if (diff) {
    await toolkit.group(`Diff against ${diff.against}`, async () =>
      toolkit.info(diff.changed ? diff.patch : 'No change.'),
    );
  }

  const dir = inputs.outputDir ?? join(process.env.RUNNER_TEMP ?? tmpdir(), 'render-taskdef');
  await mkdir(dir, { recursive: true });
  const tdPath = join(dir, 'task-definition.json');
  await writeFile(tdPath, `${JSON.stringify(td, null, 2)}\n`);
  const appSpecPath = plan.appSpec ? join(dir, 'appspec.yaml') : '';
  if (plan.appSpec) await writeFile(appSpecPath, toYaml(plan.appSpec));
  toolkit.info(`Wrote ${tdPath}${appSpecPath ? ` and ${appSpecPath}` : ''}.`);

  const containers = containersOf(td);
  toolkit.setOutput('task-definition', tdPath);
  toolkit.setOutput('appspec', appSpecPath);
  toolkit.setOutput('family', td.family ?? '');
  toolkit.setOutput('containers', containers);
  toolkit.setOutput('images', Object.fromEntries(containers.map((c) => [c.name, c.image])));
  toolkit.setOutput('changed', diff ? diff.changed : true);
  await toolkit.appendSummary(
    renderSummary({
      td,
      source: live && inputs.source.kind !== 'file' ? live.label : sourceLabel,
      appSpec: plan.appSpec,
      warnings: rendered.warnings,
      checks,
      verifyNote: verify
        ? undefined
        : inputs.verify === 'false'
          ? 'Image verification is off (verify: false).'
          : 'Image verification skipped: no AWS credentials in the job.',
      diff,
    }),
  );
}

async function readText(path: string, input: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    throw new ActionError(
      `Input "${input}" names "${path}", which cannot be read.`,
      'Check the path; it is relative to the workspace.',
    );
  }
}

await run(main);
