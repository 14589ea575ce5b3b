import type { RegisterTaskDefinitionCommandInput } from '@aws-sdk/client-ecs';
import { parseImageRef } from '../ecr/image-ref.js';
import { mainContainer } from './main-container.js';

export interface ImageFinding {
  level: 'warning' | 'error';
  message: string;
}

/** What a container is to the release: the one the load balancer routes to, or a sidecar. */
export type ImageRole = 'routed' | 'sidecar';

/**
 * Digest-pinned images are the norm: what was tested is what runs. The routed container (the
 * one the load balancer sends traffic to) ships only by digest unless mutable tags are allowed;
 * a sidecar pinned by a version tag is a warning; `latest`, written or implied, is an error
 * anywhere unless mutable tags are allowed.
 */
export function imagePolicy(
  container: string,
  image: string,
  allowMutableTags: boolean,
  role: ImageRole = 'sidecar',
): ImageFinding | undefined {
  const ref = parseImageRef(image);
  if ('problem' in ref) {
    return {
      level: 'error',
      message: `container "${container}" image "${image}" is not a valid image reference: ${ref.problem}`,
    };
  }
  if (ref.digest) return undefined;
  const tag = ref.tag ?? 'latest';
  const pin = `pin it by digest (${ref.registry ? `${ref.registry}/` : ''}${ref.repository}@sha256:...), e.g. the build-push image output`;
  const written =
    tag === 'latest'
      ? ref.tag
        ? 'uses the tag "latest"'
        : 'has no tag, so it means "latest"'
      : 'is pinned by tag only';
  if (allowMutableTags)
    return {
      level: 'warning',
      message: `container "${container}" image "${image}" ${written}; ${pin}`,
    };
  if (tag === 'latest')
    return {
      level: 'error',
      message: `container "${container}" image "${image}" ${written}, which can change under a running service; ${pin}, or set allow-mutable-tags: true`,
    };
  if (role === 'routed')
    return {
      level: 'error',
      message: `container "${container}" (the one the load balancer routes to) image "${image}" ${written}, so what ships is not what was tested; ${pin}, or set allow-mutable-tags: true`,
    };
  return {
    level: 'warning',
    message: `container "${container}" image "${image}" ${written}; ${pin}`,
  };
}

/**
 * The one place that decides which images a release may ship: every container's image against
 * the policy (the routed container strictly), and, when no image was given at all, which image
 * the routed container keeps from the starting point (the action shows it as a warning). Pure.
 */
export function releaseImageFindings(
  td: RegisterTaskDefinitionCommandInput,
  options: { containerName?: string; allowMutableTags: boolean; imagesGiven: ReadonlySet<string> },
): { findings: ImageFinding[]; kept?: string } {
  const routedChoice = mainContainer(td, options.containerName);
  const routed = typeof routedChoice === 'string' ? routedChoice : undefined;
  const findings: ImageFinding[] = [];
  let kept: string | undefined;
  for (const c of td.containerDefinitions ?? []) {
    if (!c.image) continue;
    const name = c.name ?? '?';
    const role: ImageRole = name === routed ? 'routed' : 'sidecar';
    const finding = imagePolicy(name, c.image, options.allowMutableTags, role);
    if (finding) findings.push(finding);
    if (role === 'routed' && options.imagesGiven.size === 0)
      kept = `no image was given, so container "${name}" keeps "${c.image}" from the task definition; set \`image\` (the build-push image output) to ship a new build`;
  }
  return { findings, ...(kept ? { kept } : {}) };
}
