import type { ECRClient } from '@aws-sdk/client-ecr';
import type { RegisterTaskDefinitionCommandInput } from '@aws-sdk/client-ecs';
import { isActionError } from '../errors/action-error.js';
import { imagePlatforms } from '../ecr/image-platforms.js';
import { parseImageRef } from '../ecr/image-ref.js';
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
): Promise<ImageCheck[]> {
  const platform = platformForRuntime(td.runtimePlatform);
  const checks: ImageCheck[] = [];
  for (const c of td.containerDefinitions ?? []) {
    const container = c.name ?? '?';
    const image = c.image ?? '';
    const ref = parseImageRef(image);
    const host = 'problem' in ref ? undefined : ECR_HOST.exec(ref.registry ?? '');
    if (!host || host[2] !== region) {
      checks.push({
        container,
        image,
        result: 'skipped',
        detail: host ? `in ECR region ${host[2]}, not ${region}` : 'not an ECR image',
      });
      continue;
    }
    try {
      const found = await imagePlatforms(ecr, image);
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
