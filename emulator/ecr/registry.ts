import { ACCEPTED_MANIFESTS } from './manifests.js';

/**
 * The real OCI registry (Debian's docker-registry, no auth) that holds the emulated ECR's
 * images. ECR's API answers are read from it over the distribution HTTP API, so what
 * DescribeImages says is what `docker push` really stored.
 */
export interface StoredManifest {
  digest: string;
  mediaType: string;
  body: string;
}

export class RegistryStore {
  readonly base: string;

  constructor(address: string) {
    this.base = /^https?:\/\//.test(address) ? address.replace(/\/+$/, '') : `http://${address}`;
  }

  async tags(name: string): Promise<string[]> {
    const response = await fetch(`${this.base}/v2/${name}/tags/list`);
    if (response.status === 404) return [];
    if (!response.ok) throw new Error(`registry tags/list ${name}: HTTP ${response.status}`);
    const json = (await response.json()) as { tags?: string[] | null };
    return json.tags ?? [];
  }

  async manifest(name: string, reference: string): Promise<StoredManifest | undefined> {
    const response = await fetch(`${this.base}/v2/${name}/manifests/${reference}`, {
      headers: { Accept: ACCEPTED_MANIFESTS },
    });
    if (response.status === 404) return undefined;
    if (!response.ok)
      throw new Error(`registry manifest ${name}:${reference}: HTTP ${response.status}`);
    const body = await response.text();
    return {
      digest: response.headers.get('docker-content-digest') ?? '',
      mediaType: response.headers.get('content-type') ?? '',
      body,
    };
  }

  /** PUTs a manifest under a tag or digest: the registry's status and error code (if refused). */
  async putManifest(
    name: string,
    reference: string,
    body: string,
    mediaType: string,
  ): Promise<{ status: number; code?: string }> {
    const response = await fetch(`${this.base}/v2/${name}/manifests/${reference}`, {
      method: 'PUT',
      headers: { 'Content-Type': mediaType },
      body,
    });
    if (response.ok) {
      await response.body?.cancel();
      return { status: response.status };
    }
    const error = (await response.json().catch(() => ({}))) as {
      errors?: Array<{ code?: string }>;
    };
    return { status: response.status, code: error.errors?.[0]?.code };
  }

  async hasBlob(name: string, digest: string): Promise<boolean> {
    const response = await fetch(`${this.base}/v2/${name}/blobs/${digest}`, { method: 'HEAD' });
    return response.ok;
  }
}
