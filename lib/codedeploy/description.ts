/** CodeDeploy refuses longer descriptions (DescriptionTooLongException; spec A.14). */
export const MAX_DESCRIPTION = 256;

export interface RunContext {
  repository?: string;
  sha?: string;
  serverUrl?: string;
  runId?: string;
  runAttempt?: string;
}

/** The run that deployed it, from GitHub's default environment variables. */
export function runContext(env: NodeJS.ProcessEnv): RunContext {
  return {
    repository: env.GITHUB_REPOSITORY,
    sha: env.GITHUB_SHA,
    serverUrl: env.GITHUB_SERVER_URL,
    runId: env.GITHUB_RUN_ID,
    runAttempt: env.GITHUB_RUN_ATTEMPT,
  };
}

export function runUrl(run: RunContext): string | undefined {
  if (!run.serverUrl || !run.repository || !run.runId) return undefined;
  const attempt = run.runAttempt && run.runAttempt !== '1' ? `/attempts/${run.runAttempt}` : '';
  return `${run.serverUrl}/${run.repository}/actions/runs/${run.runId}${attempt}`;
}

/**
 * "<text> · owner/repo@abc1234 · <run url>", at most 256 characters: the user's text is cut
 * first, so the commit and the run link (what a person needs in the console) survive.
 */
export function deploymentDescription(text: string | undefined, run: RunContext): string {
  const commit = run.sha
    ? `${run.repository ?? ''}@${run.sha.slice(0, 7)}`.replace(/^@/, '')
    : undefined;
  const tail = [commit, runUrl(run)].filter(Boolean).join(' · ');
  const head = (text ?? 'Deployed by GitHub Actions').replace(/\s+/g, ' ').trim();
  if (!tail) return cut(head, MAX_DESCRIPTION);
  const room = MAX_DESCRIPTION - tail.length - 3;
  if (room < 10) return cut(tail, MAX_DESCRIPTION);
  return `${cut(head, room)} · ${tail}`;
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
