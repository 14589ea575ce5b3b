import { isTag } from '../ecr/image-ref.js';

/**
 * Image tags, following docker/metadata-action's conventions: `sha-<7>` always; the branch
 * name (sanitised) on branch pushes; `pr-<n>` on pull requests; `1.2.3`, `1.2` and `1` on
 * semver tag pushes (`0.x` gets no bare major, pre-releases only the full version). `latest`
 * only when listed, and never alone: `sha-<7>` always comes with it.
 */
export interface GitContext {
  sha: string;
  /** `refs/heads/main`, `refs/tags/v1.2.3`, `refs/pull/7/merge` */
  ref: string;
}

export interface TagRequest {
  git: GitContext;
  /** The `tags` input; empty means the defaults above. */
  requested: readonly string[];
  /** Moving tags (branch, pr, 1.2, 1) are left out of the defaults for immutable repositories. */
  immutable: boolean;
}

export interface TagSet {
  tags: string[];
  /** The tag `image-tagged` uses: the full version on a release, else `sha-<7>`. */
  primary: string;
  /** The version label: release version, branch, `pr-<n>`, or `sha-<7>`. */
  version: string;
  /** Default tags left out, and why (said in the log). */
  skipped: string[];
}

const SEMVER =
  /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

export function shaTag(sha: string): string {
  return `sha-${sha.slice(0, 7)}`;
}

/** A branch or tag name as a docker tag (metadata-action's sanitising). */
export function sanitizeTag(name: string): string {
  return name
    .replace(/[^a-zA-Z0-9._-]+/g, '-')
    .replace(/^[.-]+/, '')
    .slice(0, 128);
}

export function imageTags(request: TagRequest): TagSet | { problems: string[] } {
  const sha = shaTag(request.git.sha);
  if (!/^[0-9a-f]{7,40}$/.test(request.git.sha)) {
    return { problems: [`commit sha ${JSON.stringify(request.git.sha)} is not a git sha`] };
  }
  const ref = request.git.ref;
  let version = sha;
  let release: string | undefined;
  const moving: string[] = [];
  const fixed: string[] = [];
  const branch = /^refs\/heads\/(.+)$/.exec(ref)?.[1];
  const pr = /^refs\/pull\/(\d+)\//.exec(ref)?.[1];
  const gitTag = /^refs\/tags\/(.+)$/.exec(ref)?.[1];
  if (branch) {
    version = sanitizeTag(branch);
    moving.push(version);
  } else if (pr) {
    version = `pr-${pr}`;
    moving.push(version);
  } else if (gitTag) {
    const semver = SEMVER.exec(gitTag);
    if (semver) {
      const [, major, minor, patch, pre] = semver;
      release = `${major}.${minor}.${patch}${pre ? `-${pre}` : ''}`;
      fixed.push(release);
      if (!pre) {
        moving.push(`${major}.${minor}`);
        if (major !== '0') moving.push(major!);
      }
    } else {
      release = sanitizeTag(gitTag);
      fixed.push(release);
    }
    version = release;
  }

  const problems = request.requested
    .filter((t) => !isTag(t))
    .map(
      (t) =>
        `tag ${JSON.stringify(t)} is not a docker tag (letters, digits, _ . -, at most 128, not starting with . or -)`,
    );
  if (problems.length) return { problems };

  let tags: string[];
  const skipped: string[] = [];
  if (request.requested.length) {
    tags = [...request.requested];
  } else if (request.immutable) {
    tags = [...fixed];
    if (moving.length)
      skipped.push(`${moving.join(', ')} (they would move; the repository's tags are immutable)`);
  } else {
    tags = [...fixed, ...moving];
  }
  if (!tags.includes(sha)) tags.push(sha);
  const primary = release && tags.includes(release) ? release : sha;
  return { tags: unique(tags), primary, version, skipped };
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
