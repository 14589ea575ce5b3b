import { createHash, randomBytes } from 'node:crypto';

export interface PushedImage {
  /** The manifest PUT's status: 201, or the registry's refusal (400 TAG_INVALID, ...). */
  status: number;
  /** The registry's error body when the manifest was refused. */
  body: unknown;
  digest: string;
  size: number;
  layer: Buffer;
}

/**
 * Pushes a one-layer image of `architecture` with the registry API, as docker would: each blob
 * by POST + PUT to the upload location, then the manifest. The upload location must point back
 * at `base` (the ECR front rewrites it), or the push would bypass the front.
 */
export async function pushImage(
  base: string,
  authorization: string,
  name: string,
  tag: string,
  architecture: string,
  layer: Buffer = randomBytes(64),
): Promise<PushedImage> {
  const upload = async (blob: Buffer) => {
    const digest = `sha256:${createHash('sha256').update(blob).digest('hex')}`;
    const started = await fetch(`${base}/v2/${name}/blobs/uploads/`, {
      method: 'POST',
      headers: { Authorization: authorization },
    });
    if (started.status !== 202) throw new Error(`blob upload start: HTTP ${started.status}`);
    const location = new URL(started.headers.get('location')!, base);
    if (location.origin !== new URL(base).origin)
      throw new Error(`the upload location ${location.origin} is not the front ${base}`);
    location.searchParams.set('digest', digest);
    const done = await fetch(location, {
      method: 'PUT',
      headers: { Authorization: authorization, 'Content-Type': 'application/octet-stream' },
      body: blob,
    });
    if (done.status !== 201) throw new Error(`blob upload: HTTP ${done.status}`);
    return { digest, size: blob.length };
  };
  const config = await upload(
    Buffer.from(
      JSON.stringify({
        architecture,
        os: 'linux',
        rootfs: { type: 'layers', diff_ids: [] },
        config: {},
      }),
    ),
  );
  const pushedLayer = await upload(layer);
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
      config: { mediaType: 'application/vnd.docker.container.image.v1+json', ...config },
      layers: [{ mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', ...pushedLayer }],
    }),
  );
  const put = await fetch(`${base}/v2/${name}/manifests/${tag}`, {
    method: 'PUT',
    headers: {
      Authorization: authorization,
      'Content-Type': 'application/vnd.docker.distribution.manifest.v2+json',
    },
    body: manifest,
  });
  return {
    status: put.status,
    body: put.status === 201 ? undefined : await put.json(),
    digest: `sha256:${createHash('sha256').update(manifest).digest('hex')}`,
    size: config.size + pushedLayer.size,
    layer,
  };
}
