import { awsClients } from '../../../lib/aws/clients.js';
import { DockerCli } from '../../../lib/docker/cli.js';
import { dockerLogout } from '../../../lib/docker/login.js';
import { run, type Toolkit } from '../../../lib/github/index.js';
import { readInputs } from './inputs.js';
import { REGISTRY_STATE, logInToEcr } from './login.js';
import { planRun } from './plan.js';
import { existingImage, publishImage } from './publish.js';
import { report } from './report.js';
import { createMissingRepository } from './repository.js';
import { scanGate } from './scan-gate.js';
import { verifyImage } from './verify.js';

async function main(toolkit: Toolkit): Promise<void> {
  const inputs = readInputs(toolkit);
  const { ecr } = awsClients({ action: 'build-push' });
  const docker = new DockerCli();

  // Every check first (builder, repository, tags, tags already taken); then the changes.
  const plan = await planRun(toolkit, ecr, docker, inputs);
  const repository =
    plan.repository ?? (await createMissingRepository(toolkit, ecr, inputs.repository));
  const registry = await logInToEcr(toolkit, ecr, docker, inputs);
  const imageRepo = `${registry}/${inputs.repository}`;

  // A re-run of a commit whose immutable tags already name one image reuses it.
  const published =
    plan.existing.action === 'reuse'
      ? existingImage(plan.existing)
      : await publishImage(toolkit, docker, inputs, { plan, repository, imageRepo });

  const digest = published.digest;
  const verified = digest
    ? await verifyImage(toolkit, ecr, inputs, { ...published, digest, tag: plan.tags.primary })
    : undefined;
  const scan =
    digest && inputs.scan ? await scanGate(toolkit, ecr, inputs, inputs.scan, digest) : undefined;

  await report(toolkit, {
    registry,
    imageRepo,
    tags: plan.tags,
    published,
    verified,
    platforms: inputs.platforms,
    scan,
  });
}

/** The post step: forget the ECR password on the runner. */
async function post(toolkit: Toolkit): Promise<void> {
  const registry = toolkit.getState(REGISTRY_STATE);
  if (!registry) return;
  const ok = await dockerLogout(new DockerCli(), registry);
  toolkit.info(
    ok
      ? `Logged out of ${registry}.`
      : `docker logout ${registry} failed; the runner keeps the credentials until it is recycled.`,
  );
}

await run(main, { post });
