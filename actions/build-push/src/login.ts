import type { DockerCli } from '../../../lib/docker/cli.js';
import { dockerLogin } from '../../../lib/docker/login.js';
import type { RegistryCredentials } from '../../../lib/ecr/auth.js';
import type { Toolkit } from '../../../lib/github/index.js';
import type { Inputs } from './inputs.js';

/** The state the post step reads to log out again. */
export const REGISTRY_STATE = 'registry';

/**
 * docker login with ECR's token (password masked, through stdin, retried when the registry
 * cannot be reached). Returns the registry host images go to. The token is asked for while the
 * checks run (main.ts): a read, and one round trip less before the build.
 */
export async function logInToEcr(
  toolkit: Toolkit,
  credentials: Promise<RegistryCredentials>,
  docker: DockerCli,
  inputs: Inputs,
): Promise<string> {
  const found = await credentials;
  toolkit.setSecret(found.password);
  toolkit.setSecret(Buffer.from(`${found.username}:${found.password}`).toString('base64'));
  const registry = inputs.registry ?? found.registry;
  await dockerLogin(docker, { ...found, registry, onRetry: (m) => toolkit.warning(m) });
  toolkit.saveState(REGISTRY_STATE, registry);
  toolkit.info(`Logged in to ${registry}.`);
  if (inputs.repositoryHost && inputs.repositoryHost !== registry) {
    toolkit.warning(
      `Input "repository" names registry ${inputs.repositoryHost}, but the image goes to ${registry} (ECR's proxyEndpoint or \`registry\`).`,
    );
  }
  return registry;
}
