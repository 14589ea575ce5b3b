import { describe, expect, it } from 'vitest';
import { readStoredManifest } from './manifests.js';

describe('readStoredManifest', () => {
  it('sizes an image as config plus layers', () => {
    const body = JSON.stringify({
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { digest: 'sha256:c', size: 100 },
      layers: [
        { digest: 'sha256:a', size: 1000 },
        { digest: 'sha256:b', size: 24 },
      ],
    });
    expect(readStoredManifest(body, '')).toEqual({
      kind: 'image',
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      size: 1124,
    });
  });

  it('lists the children of an index, the media type from the header when the body has none', () => {
    const body = JSON.stringify({ manifests: [{ digest: 'sha256:x', size: 500 }] });
    expect(readStoredManifest(body, 'application/vnd.oci.image.index.v1+json')).toEqual({
      kind: 'index',
      mediaType: 'application/vnd.oci.image.index.v1+json',
      children: [{ digest: 'sha256:x', size: 500 }],
    });
  });

  it('refuses a document that is neither', () => {
    expect(() => readStoredManifest('{"schemaVersion":2}', 'text/plain')).toThrow(
      'not an image manifest or index (media type text/plain)',
    );
  });
});
