import { runUrl, type RunContext } from '../github/run-context.js';

/** CodeDeploy refuses longer descriptions (DescriptionTooLongException; spec A.14). */
export const MAX_DESCRIPTION = 256;

/**
 * "<text> · owner/repo@abc1234 · <run url>", at most 256 characters: the user's text is cut
 * first, so the commit and the run link (what a person needs in the console) survive.
 */
export function deploymentDescription(
  text: string | undefined,
  run: Partial<Pick<RunContext, 'repository' | 'sha' | 'serverUrl' | 'runId' | 'runAttempt'>>,
): string {
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
