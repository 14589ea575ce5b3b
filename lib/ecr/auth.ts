import { GetAuthorizationTokenCommand, type ECRClient } from '@aws-sdk/client-ecr';
import { registryHost } from './image-ref.js';

export interface RegistryCredentials {
  /** Host docker logs in to and tags with (no scheme). */
  registry: string;
  proxyEndpoint: string;
  username: string;
  password: string;
  expiresAt?: Date;
}

/**
 * ECR's docker credentials: the token is base64("AWS:" + password); split at the first colon.
 * The SDK's own retries cover throttling and 5xx here.
 */
export async function registryCredentials(ecr: ECRClient): Promise<RegistryCredentials> {
  const out = await ecr.send(new GetAuthorizationTokenCommand({}));
  const data = out.authorizationData?.[0];
  if (!data?.authorizationToken || !data.proxyEndpoint) {
    throw new Error('ECR GetAuthorizationToken returned no authorization data');
  }
  const decoded = Buffer.from(data.authorizationToken, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) throw new Error('ECR authorization token is not user:password');
  return {
    registry: registryHost(data.proxyEndpoint),
    proxyEndpoint: data.proxyEndpoint,
    username: decoded.slice(0, colon),
    password: decoded.slice(colon + 1),
    expiresAt: data.expiresAt,
  };
}
