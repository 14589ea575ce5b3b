import { awsClients } from '../../../lib/aws/clients.js';
import { DockerCli } from '../../../lib/docker/cli.js';
import { registryCredentials } from '../../../lib/ecr/auth.js';
import type { Toolkit } from '../../../lib/github/index.js';
import { runnerOf } from '../../../lib/github/run-context.js';
import type { Inputs } from './inputs.js';
import { logInToEcr } from './login.js';
import { planRun } from './plan.js';
import { existingImage, publishImage } from './publish.js';
import { report } from './report.js';
import { createMissingRepository } from './repository.js';
import { scanGate } from './scan-gate.js';
import { verifyImage } from './verify.js';

/** Check everything, log in, build and push, verify the pushed image, gate on its scan, report. */
export async function buildAndPublish(toolkit: Toolkit, inputs: Inputs): Promise<void> {
  const runner = runnerOf(process.env);
  const { ecr, region } = awsClients({ action: 'build-push' });
  const docker = new DockerCli(runner.env);

  // The login token is a read: ask for it while the checks run (its failure is reported at login).
  const credentials = registryCredentials(ecr);
  credentials.catch(() => undefined);
  // Every check first (builder, repository, tags, tags already taken); then the changes.
  const plan = await planRun(toolkit, ecr, docker, inputs, { run: runner.run, region });
  const repository =
    plan.repository ??
    (await toolkit.group(`Create ECR repository ${inputs.repository}`, () =>
      createMissingRepository(toolkit, ecr, inputs.repository),
    ));
  const registry = await toolkit.group('Log in to ECR', () =>
    logInToEcr(toolkit, credentials, docker, inputs),
  );
  const imageRepo = `${registry}/${inputs.repository}`;

  // A re-run of a commit whose immutable tags already name one image reuses it.
  const published =
    plan.existing.action === 'reuse'
      ? existingImage(plan.existing)
      : await toolkit.group(
          `Build ${inputs.push ? 'and push ' : ''}${imageRepo} (${inputs.platforms.join(', ')})`,
          () =>
            publishImage(toolkit, { docker, ecr }, inputs, { plan, repository, imageRepo }, runner),
        );

  const digest = published.digest;
  const verified = digest
    ? await toolkit.group(
        published.reused ? 'Verify the existing image' : 'Verify the pushed image',
        () => verifyImage(toolkit, ecr, inputs, { ...published, digest, tag: plan.tags.primary }),
      )
    : undefined;
  const threshold = inputs.scan;
  const scan =
    digest && threshold
      ? await toolkit.group(`Wait for the ECR scan (fail at ${threshold} or above)`, () =>
          scanGate(ecr, inputs, threshold, digest),
        )
      : undefined;

  await report(toolkit, {
    registry,
    imageRepo,
    tags: plan.tags,
    published,
    verified,
    platforms: inputs.platforms,
    scan,
  });
  toolkit.info(
    digest
      ? `Image: ${imageRepo}@${digest}`
      : `Built ${imageRepo}:${plan.tags.primary}; not pushed (push: false).`,
  );
}
