/**
 * Image references as users and task definitions write them:
 * `<registry>/<repository>[:tag][@sha256:...]`, or a bare repository name in the default registry.
 */
export interface ImageRef {
  /** `123456789012.dkr.ecr.us-east-1.amazonaws.com` or `127.0.0.1:5000`; undefined for a bare name. */
  registry?: string;
  repository: string;
  tag?: string;
  digest?: string;
}

const DIGEST = /^sha256:[a-f0-9]{64}$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
// ECR's repository name pattern (C.1).
const REPOSITORY =
  /^(?:[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)(?:\/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*$/;

export function isDigest(value: string): boolean {
  return DIGEST.test(value);
}

export function isTag(value: string): boolean {
  return TAG.test(value);
}

export function isRepositoryName(value: string): boolean {
  return value.length >= 2 && value.length <= 256 && REPOSITORY.test(value);
}

/** Splits a reference, or says what is wrong with it. */
export function parseImageRef(text: string): ImageRef | { problem: string } {
  let rest = text.trim().replace(/^[a-z]+:\/\//, '');
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!isDigest(digest)) return { problem: `digest "${digest}" is not sha256:<64 hex>` };
  }
  let registry: string | undefined;
  const slash = rest.indexOf('/');
  // The first part is a registry when it looks like a host: it has a dot or a port, or is localhost.
  if (slash > 0) {
    const first = rest.slice(0, slash);
    if (/[.:]/.test(first) || first === 'localhost') {
      registry = first;
      rest = rest.slice(slash + 1);
    }
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon >= 0) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!isTag(tag)) return { problem: `tag "${tag}" is not a valid tag` };
  }
  if (!isRepositoryName(rest)) {
    return {
      problem: `repository name "${rest}" is not valid (lowercase letters, digits, . _ - and / between parts)`,
    };
  }
  return { registry, repository: rest, tag, digest };
}

export function formatImageRef(ref: ImageRef): string {
  const base = ref.registry ? `${ref.registry}/${ref.repository}` : ref.repository;
  return `${base}${ref.tag ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`;
}

/** `https://123.dkr.ecr...` → `123.dkr.ecr...`: docker wants the host, ECR gives a URL. */
export function registryHost(proxyEndpoint: string): string {
  return proxyEndpoint.replace(/^[a-z]+:\/\//, '').replace(/\/+$/, '');
}
