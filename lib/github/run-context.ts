import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';

/**
 * The environment a runner gives a step, read once by each action's main.ts and passed down:
 * nothing below main.ts reads `process.env` (the AWS client factory reading the SDK's own
 * variables aside). Pure apart from reading the event payload file.
 */
export type Environment = Readonly<Record<string, string | undefined>>;

/** The run this step belongs to: what links, descriptions, labels and tags say about it. */
export interface RunContext {
  serverUrl: string;
  /** owner/name */
  repository?: string;
  /** GITHUB_SHA: the commit the run checked out (on a pull request, a merge commit). */
  sha?: string;
  /** GITHUB_REF (refs/heads/main) and its short name (main). */
  ref?: string;
  refName?: string;
  runId?: string;
  runAttempt?: string;
  actor?: string;
  workspace: string;
  /** The commit a person wrote, from the event: a pull request's head, else GITHUB_SHA. */
  authored: { commit?: string; message?: string; author?: string };
}

/** What a step gets from its runner besides inputs: the run, a temp folder, the environment. */
export interface Runner {
  run: RunContext;
  /** RUNNER_TEMP, or the system's temp folder off a runner. */
  tempDir: string;
  /** What child processes (docker, the gate's test command) inherit. */
  env: Environment;
}

export interface EventPayload {
  head_commit?: { message?: string; author?: { name?: string; username?: string } };
  pull_request?: { head?: { sha?: string }; title?: string; user?: { login?: string } };
}

/** The runner as a step sees it, from its environment (and the event payload it names). */
export function runnerOf(env: Environment): Runner {
  return {
    run: runContext(env, readEventPayload(env.GITHUB_EVENT_PATH)),
    tempDir: env.RUNNER_TEMP || tmpdir(),
    env,
  };
}

/** Pure: the run from GitHub's default variables and the event payload. */
export function runContext(env: Environment, payload: EventPayload = {}): RunContext {
  const sha = env.GITHUB_SHA || undefined;
  // On a pull request GITHUB_SHA is a merge commit nobody wrote: show the head instead.
  const commit = payload.pull_request?.head?.sha || sha;
  const message = payload.head_commit?.message ?? payload.pull_request?.title;
  const author =
    payload.head_commit?.author?.username ||
    payload.head_commit?.author?.name ||
    payload.pull_request?.user?.login ||
    env.GITHUB_ACTOR ||
    undefined;
  return {
    serverUrl: env.GITHUB_SERVER_URL || 'https://github.com',
    repository: env.GITHUB_REPOSITORY || undefined,
    sha,
    ref: env.GITHUB_REF || undefined,
    refName: env.GITHUB_REF_NAME || undefined,
    runId: env.GITHUB_RUN_ID || undefined,
    runAttempt: env.GITHUB_RUN_ATTEMPT || undefined,
    actor: env.GITHUB_ACTOR || undefined,
    workspace: env.GITHUB_WORKSPACE || process.cwd(),
    authored: {
      commit,
      message: message?.split('\n')[0]?.trim() || undefined,
      author,
    },
  };
}

type RunLink = Partial<Pick<RunContext, 'serverUrl' | 'repository' | 'runId' | 'runAttempt'>>;

/** The run's page; a re-run links its own attempt. */
export function runUrl(run: RunLink): string | undefined {
  if (!run.repository || !run.runId) return undefined;
  const server = run.serverUrl ?? 'https://github.com';
  const attempt = run.runAttempt && run.runAttempt !== '1' ? `/attempts/${run.runAttempt}` : '';
  return `${server}/${run.repository}/actions/runs/${run.runId}${attempt}`;
}

export function commitUrl(
  run: Partial<Pick<RunContext, 'serverUrl' | 'repository'>>,
  sha: string,
): string | undefined {
  if (!run.repository) return undefined;
  return `${run.serverUrl ?? 'https://github.com'}/${run.repository}/commit/${sha}`;
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
