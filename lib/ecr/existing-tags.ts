import { ActionError } from '../errors/action-error.js';

/**
 * What to do about tags that already name images before a push. In an immutable repository a
 * tag never moves, so a re-run of the same commit (the usual reaction to a failed deploy) finds
 * its `sha-<7>` taken: when every tag already names one image, that image is the build being
 * asked for and is reused; anything else would fail at push time, after the build.
 */
export type ExistingTagsDecision =
  | { action: 'build' }
  | { action: 'reuse'; digest: string; reason: string }
  | { action: 'refuse'; tag: string; digest: string };

export interface ExistingTags {
  /** The tags about to be pushed, in order. */
  tags: readonly string[];
  /** Tags the repository will not move (ECR's mutability and exclusion filters). */
  immutable: ReadonlySet<string>;
  /** Tags among `tags` that already name an image, with its digest. */
  existing: ReadonlyMap<string, string>;
  /** Nothing moves without a push, so nothing conflicts. */
  push: boolean;
}

/** Pure. */
export function decideOnExistingTags(state: ExistingTags): ExistingTagsDecision {
  if (!state.push) return { action: 'build' };
  const taken = state.tags.filter((t) => state.immutable.has(t) && state.existing.has(t));
  const [first] = taken;
  if (first === undefined) return { action: 'build' };
  const digests = new Set(state.tags.map((t) => state.existing.get(t)));
  const [only] = digests;
  if (digests.size === 1 && only !== undefined) {
    return {
      action: 'reuse',
      digest: only,
      reason: `${quoteList(taken)} ${taken.length === 1 ? 'is' : 'are'} immutable and every requested tag already names this image`,
    };
  }
  return { action: 'refuse', tag: first, digest: state.existing.get(first)! };
}

/** The one-line failure for a tag that cannot move. */
export function immutableTagConflict(repository: string, tag: string, digest: string): ActionError {
  return new ActionError(
    `Tag "${tag}" already exists in the immutable repository "${repository}" (image ${digest}) and cannot be overwritten.`,
    'Leave `tags` empty (sha-<7> is unique per commit), push a new version tag, or make the repository MUTABLE.',
  );
}

function quoteList(tags: readonly string[]): string {
  return tags.map((t) => `"${t}"`).join(', ');
}
