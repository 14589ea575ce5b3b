import type { Builder } from '../../../lib/docker/build-plan.js';
import type { BuilderInfo } from '../../../lib/docker/cli.js';
import { samePlatform } from '../../../lib/ecr/platforms.js';
import type { Inputs } from './inputs.js';

export interface BuilderChoice {
  builder: Builder;
  warning?: string;
  /** Inputs the chosen builder cannot honour: the run stops before any change. */
  problems: string[];
}

/**
 * buildx when the runner has it; else the engine's BuildKit when the docker client can reach it;
 * else the classic builder; and what each costs. Pure.
 */
export function chooseBuilder(inputs: Inputs, info: BuilderInfo): BuilderChoice {
  if (info.buildx) return { builder: 'buildx', problems: [] };
  const problems: string[] = [];
  const foreign = inputs.platforms.filter((p) => !samePlatform(p, info.nativePlatform));
  if (inputs.platforms.length > 1 || foreign.length) {
    problems.push(
      `Input "platforms" asks for ${inputs.platforms.join(', ')} (${inputs.platformSource}), but without docker buildx only ${info.nativePlatform} can be built here; add docker/setup-qemu-action and docker/setup-buildx-action before this step, or build on a ${foreign[0] ?? inputs.platforms[0]} runner.`,
    );
  }
  if (info.engineBuildKit) {
    return {
      builder: 'buildkit',
      problems,
      warning:
        "docker buildx is not available: using the engine's BuildKit (DOCKER_BUILDKIT=1), which builds one platform, caches inline in the registry (final stage only) and attaches no attestations. Add docker/setup-buildx-action before this step to get them.",
    };
  }
  if (inputs.secrets.length) {
    problems.push(
      'Input "secrets" needs BuildKit (docker buildx), which this runner does not have; add docker/setup-buildx-action before this step (build secrets never go into a classic build).',
    );
  }
  return {
    builder: 'classic',
    problems,
    warning:
      'docker buildx is not available: using the classic builder, which loses multi-platform builds, cache export (the cache input is ignored), build secrets and attestations. Add docker/setup-buildx-action before this step to get them.',
  };
}
