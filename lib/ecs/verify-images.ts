import { GetAuthorizationTokenCommand, type ECRClient } from '@aws-sdk/client-ecr';
import type { RegisterTaskDefinitionCommandInput } from '@aws-sdk/client-ecs';
import { isActionError } from '../errors/action-error.js';
import { imagePlatforms } from '../ecr/image-platforms.js';
import { parseImageRef, registryHost } from '../ecr/image-ref.js';
import { missingPlatforms, platformForRuntime } from '../ecr/platforms.js';

export interface ImageCheck {
  container: string;
  image: string;
  /** verified: in ECR with the right platform; skipped: not in this region's ECR. */
  result: 'verified' | 'skipped' | 'failed';
  detail: string;
}

const ECR_HOST = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?$/;

/**
 * Each container image that lives in ECR in `region` must exist, and its manifest must offer the
 * platform the task runs on (runtimePlatform): an arm64-only image on X86_64 tasks starts and
 * dies with `exec format error`, which this catches before anything deploys.
 */
export async function verifyImages(
  ecr: ECRClient,
  region: string,
  td: RegisterTaskDefinitionCommandInput,
  ecrIn?: (region: string) => ECRClient,
): Promise<ImageCheck[]> {
  const platform = platformForRuntime(td.runtimePlatform);
  const checks: ImageCheck[] = [];
  let ownHost: Promise<string | undefined> | undefined;
  for (const c of td.containerDefinitions ?? []) {
    const container = c.name ?? '?';
    const image = c.image ?? '';
    const ref = parseImageRef(image);
    const registry = 'problem' in ref ? undefined : ref.registry;
    const where = await ecrPlacement(registry, region, () => (ownHost ??= ownRegistryHost(ecr)));
    // Verification was asked for: an image in another region's ECR is verified there, never skipped.
    const otherRegion = where === 'here' ? undefined : ecrRegionOf(registry);
    if (where !== 'here' && !otherRegion) {
      checks.push({ container, image, result: 'skipped', detail: where });
      continue;
    }
    if (otherRegion && !ecrIn) {
      checks.push({
        container,
        image,
        result: 'failed',
        detail: `image ${image} is ${where} and cannot be verified from here; set verify: false to deploy it unverified`,
      });
      continue;
    }
    try {
      const found = await imagePlatforms(otherRegion ? ecrIn!(otherRegion) : ecr, image);
      if (typeof platform !== 'string') {
        checks.push({
          container,
          image,
          result: 'failed',
          detail: `runtimePlatform ${platform.problem}`,
        });
        continue;
      }
      const missing = missingPlatforms([platform], found.platforms);
      checks.push(
        missing.length
          ? {
              container,
              image,
              result: 'failed',
              detail: `image ${image} is built for ${found.platforms.join(', ') || 'no platform'} but the task runs on ${platform} (runtimePlatform); the task would fail with "exec format error": build for ${platform} or set runtime-platform to match`,
            }
          : {
              container,
              image,
              result: 'verified',
              detail: `${found.digest} (${found.platforms.join(', ')})`,
            },
      );
    } catch (error) {
      if (!isActionError(error)) throw error;
      checks.push({ container, image, result: 'failed', detail: error.line });
    }
  }
  return checks;
}

/**
 * Whether an image lives in this region's ECR: its host is the standard ECR host of the region,
 * or the host ECR itself hands out as proxyEndpoint (a private endpoint, or a local emulator),
 * asked only for hosts that are neither. Otherwise, why it is skipped.
 */
export async function ecrPlacement(
  registry: string | undefined,
  region: string,
  ownHost: () => Promise<string | undefined>,
): Promise<'here' | string> {
  if (!registry) return 'not an ECR image';
  const standard = ECR_HOST.exec(registry);
  if (standard)
    return standard[2] === region ? 'here' : `in ECR region ${standard[2]}, not ${region}`;
  return registry === (await ownHost()) ? 'here' : 'not an ECR image';
}

/** The region of a standard ECR registry host (`<account>.dkr.ecr.<region>.amazonaws.com`). */
export function ecrRegionOf(registry: string | undefined): string | undefined {
  return registry ? ECR_HOST.exec(registry)?.[2] : undefined;
}

/** This account's registry host from GetAuthorizationToken; undefined when ECR cannot say. */
async function ownRegistryHost(ecr: ECRClient): Promise<string | undefined> {
  try {
    const out = await ecr.send(new GetAuthorizationTokenCommand({}));
    const endpoint = out.authorizationData?.[0]?.proxyEndpoint;
    return endpoint ? registryHost(endpoint) : undefined;
  } catch {
    return undefined;
  }
}
