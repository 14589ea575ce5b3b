import { readFileSync } from 'node:fs';

/** What the runner already knows about this run: the defaults for links, commit and author. */
export interface RunContext {
  runUrl?: string;
  repository?: string;
  ref?: string;
  commit?: string;
  commitUrl?: (sha: string) => string;
  commitMessage?: string;
  author?: string;
  workspace: string;
}

interface EventPayload {
  head_commit?: { message?: string; author?: { name?: string; username?: string } };
  pull_request?: { head?: { sha?: string }; title?: string; user?: { login?: string } };
}

/** Pure: the defaults from the runner's environment and the event payload. */
export function runContext(
  env: Record<string, string | undefined>,
  payload: EventPayload = {},
): RunContext {
  const server = env.GITHUB_SERVER_URL || 'https://github.com';
  const repository = env.GITHUB_REPOSITORY || undefined;
  const runUrl =
    repository && env.GITHUB_RUN_ID
      ? `${server}/${repository}/actions/runs/${env.GITHUB_RUN_ID}`
      : undefined;
  // On a pull request GITHUB_SHA is a merge commit nobody wrote: show the head instead.
  const commit = payload.pull_request?.head?.sha || env.GITHUB_SHA || undefined;
  const message = payload.head_commit?.message ?? payload.pull_request?.title;
  const author =
    payload.head_commit?.author?.username ||
    payload.head_commit?.author?.name ||
    payload.pull_request?.user?.login ||
    env.GITHUB_ACTOR ||
    undefined;
  return {
    runUrl,
    repository,
    ref: env.GITHUB_REF_NAME || undefined,
    commit,
    commitUrl: repository ? (sha) => `${server}/${repository}/commit/${sha}` : undefined,
    commitMessage: message?.split('\n')[0]?.trim() || undefined,
    author,
    workspace: env.GITHUB_WORKSPACE || process.cwd(),
  };
}

/** Reads the event payload the runner wrote; a missing or unreadable file just means no defaults. */
export function readEventPayload(path: string | undefined): EventPayload {
  if (!path) return {};
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as EventPayload;
  } catch {
    return {};
  }
}
