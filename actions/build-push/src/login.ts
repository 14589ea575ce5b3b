import type { ECRClient } from '@aws-sdk/client-ecr';
import type { DockerCli } from '../../../lib/docker/cli.js';
import { dockerLogin } from '../../../lib/docker/login.js';
import { registryCredentials } from '../../../lib/ecr/auth.js';
import type { Toolkit } from '../../../lib/github/index.js';
import type { Inputs } from './inputs.js';

/** The state the post step reads to log out again. */
export const REGISTRY_STATE = 'registry';

/**
 * docker login with ECR's token (password masked, through stdin, retried when the registry
 * cannot be reached). Returns the registry host images go to.
 */
export async function logInToEcr(
  toolkit: Toolkit,
  ecr: ECRClient,
  docker: DockerCli,
  inputs: Inputs,
): Promise<string> {
  const found = await registryCredentials(ecr);
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
