/** Image manifests as registries serve them: single-platform manifests and indexes (lists). */

export const MANIFEST_MEDIA_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
] as const;

export interface Descriptor {
  mediaType?: string;
  digest: string;
  size: number;
  platform?: { os: string; architecture: string; variant?: string };
  annotations?: Record<string, string>;
}

export type Manifest =
  | { kind: 'image'; mediaType: string; config: Descriptor; layers: Descriptor[] }
  | { kind: 'index'; mediaType: string; manifests: Descriptor[] };

export function parseManifest(text: string, mediaType?: string): Manifest {
  const json = JSON.parse(text) as {
    mediaType?: string;
    manifests?: Descriptor[];
    config?: Descriptor;
    layers?: Descriptor[];
  };
  const type = json.mediaType ?? mediaType ?? '';
  if (Array.isArray(json.manifests)) {
    return { kind: 'index', mediaType: type, manifests: json.manifests };
  }
  if (json.config)
    return { kind: 'image', mediaType: type, config: json.config, layers: json.layers ?? [] };
  throw new Error(`not an image manifest or index (media type ${type || 'unknown'})`);
}

/** `linux/arm64/v8` from an OCI platform object. */
export function platformName(p: { os: string; architecture: string; variant?: string }): string {
  return [p.os, p.architecture, p.variant].filter(Boolean).join('/');
}

/**
 * Platforms of an index, leaving out attestation manifests (buildx stores provenance and SBOMs
 * as `unknown/unknown` entries referencing an image).
 */
export function indexPlatforms(manifests: readonly Descriptor[]): string[] {
  return manifests
    .filter((m) => m.platform && m.platform.os !== 'unknown')
    .filter((m) => m.annotations?.['vnd.docker.reference.type'] !== 'attestation-manifest')
    .map((m) => platformName(m.platform!));
}

/** Compressed size an image occupies in the registry: config plus layers. */
export function imageSize(manifest: Manifest & { kind: 'image' }): number {
  return manifest.config.size + manifest.layers.reduce((sum, l) => sum + l.size, 0);
}
