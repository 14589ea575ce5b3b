/**
 * What the emulated ECR needs to know about a stored manifest: is it one image or an index, and
 * how many bytes the image occupies (config plus layers, as ECR's imageSizeInBytes counts).
 * Written from the OCI image spec, not shared with lib/ecr (README "What the emulator may share").
 */

/** Accept header for manifest reads: OCI and Docker v2, index and image. */
export const ACCEPTED_MANIFESTS = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

export type StoredImage =
  | { kind: 'image'; mediaType: string; size: number }
  | { kind: 'index'; mediaType: string; children: { digest: string; size: number }[] };

interface Sized {
  digest?: string;
  size?: number;
}

export function readStoredManifest(body: string, headerType: string): StoredImage {
  const json = JSON.parse(body) as {
    mediaType?: string;
    manifests?: Sized[];
    config?: Sized;
    layers?: Sized[];
  };
  const mediaType = json.mediaType ?? headerType;
  if (Array.isArray(json.manifests)) {
    const children = json.manifests.map((m) => ({ digest: String(m.digest), size: m.size ?? 0 }));
    return { kind: 'index', mediaType, children };
  }
  if (json.config) {
    const layers = (json.layers ?? []).reduce((sum, l) => sum + (l.size ?? 0), 0);
    return { kind: 'image', mediaType, size: (json.config.size ?? 0) + layers };
  }
  throw new Error(`not an image manifest or index (media type ${mediaType || 'unknown'})`);
}
