/** OCI image labels from the repository and commit, as docker/metadata-action sets them. */
export interface LabelContext {
  serverUrl: string;
  /** `owner/name` */
  repository: string;
  sha: string;
  version: string;
  created: Date;
}

export function ociLabels(
  context: LabelContext,
  extra: ReadonlyArray<{ key: string; value: string }> = [],
): Array<[string, string]> {
  const labels = new Map<string, string>([
    ['org.opencontainers.image.title', context.repository.split('/').pop() ?? context.repository],
    [
      'org.opencontainers.image.source',
      `${context.serverUrl.replace(/\/+$/, '')}/${context.repository}`,
    ],
    [
      'org.opencontainers.image.url',
      `${context.serverUrl.replace(/\/+$/, '')}/${context.repository}`,
    ],
    ['org.opencontainers.image.revision', context.sha],
    ['org.opencontainers.image.version', context.version],
    ['org.opencontainers.image.created', context.created.toISOString()],
  ]);
  // The user's labels win over the defaults.
  for (const { key, value } of extra) labels.set(key, value);
  return [...labels];
}
