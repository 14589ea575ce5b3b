import { DockerCli } from '../../../lib/docker/cli.js';
import { dockerLogout } from '../../../lib/docker/login.js';
import { inputReader, run, type Toolkit } from '../../../lib/github/index.js';
import { readInputs } from './inputs.js';
import { REGISTRY_STATE } from './login.js';

/**
 * Inputs first: read and checked before anything else loads, so a bad input fails at once; the
 * AWS SDK and the build load after (their own bundle chunk).
 */
async function main(toolkit: Toolkit): Promise<void> {
  const inputs = readInputs(inputReader(toolkit));
  const { buildAndPublish } = await import('./publish-flow.js');
  await buildAndPublish(toolkit, inputs);
}

/** The post step: forget the ECR password on the runner. */
async function post(toolkit: Toolkit): Promise<void> {
  const registry = toolkit.getState(REGISTRY_STATE);
  if (!registry) return;
  const ok = await dockerLogout(new DockerCli(process.env), registry);
  toolkit.info(
    ok
      ? `Logged out of ${registry}.`
      : `docker logout ${registry} failed; the runner keeps the credentials until it is recycled.`,
  );
}

await run(main, { post });
