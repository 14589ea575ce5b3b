import { parseImageRef } from '../ecr/image-ref.js';

export interface ImageFinding {
  level: 'warning' | 'error';
  message: string;
}

/**
 * Digest-pinned images are the norm: what was tested is what runs. A tag alone can move under a
 * running service (a warning); `latest`, written or implied, is almost never what was tested
 * (an error unless mutable tags are allowed).
 */
export function imagePolicy(
  container: string,
  image: string,
  allowMutableTags: boolean,
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
  if (tag === 'latest') {
    const written = ref.tag ? 'uses the tag "latest"' : 'has no tag, so it means "latest"';
    return allowMutableTags
      ? {
          level: 'warning',
          message: `container "${container}" image "${image}" ${written}; ${pin}`,
        }
      : {
          level: 'error',
          message: `container "${container}" image "${image}" ${written}, which can change under a running service; ${pin}, or set allow-mutable-tags: true`,
        };
  }
  return {
    level: 'warning',
    message: `container "${container}" image "${image}" is pinned by tag only; ${pin}`,
  };
}
