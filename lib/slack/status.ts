/** The stages of a release as a Slack reader sees them. */
export const RELEASE_STATUSES = [
  'started',
  'awaiting-approval',
  'promoted',
  'succeeded',
  'failed',
  'rolled-back',
  'cancelled',
] as const;

export type ReleaseStatus = (typeof RELEASE_STATUSES)[number];

export interface StatusStyle {
  /** Attachment colour bar: the one thing a reader sees before reading anything. */
  colour: string;
  /** Slack emoji shortcode, rendered in headers and text alike. */
  emoji: string;
  label: string;
  /** Failures mention people and are broadcast from a thread to the channel. */
  failure: boolean;
}

const STYLES: Record<ReleaseStatus, StatusStyle> = {
  started: { colour: '#1d9bd1', emoji: ':rocket:', label: 'Started', failure: false },
  'awaiting-approval': {
    colour: '#ecb22e',
    emoji: ':hourglass_flowing_sand:',
    label: 'Awaiting approval',
    failure: false,
  },
  promoted: {
    colour: '#6f42c1',
    emoji: ':twisted_rightwards_arrows:',
    label: 'Promoted',
    failure: false,
  },
  succeeded: { colour: '#2eb67d', emoji: ':white_check_mark:', label: 'Succeeded', failure: false },
  failed: { colour: '#e01e5a', emoji: ':x:', label: 'Failed', failure: true },
  'rolled-back': {
    colour: '#d9480f',
    emoji: ':leftwards_arrow_with_hook:',
    label: 'Rolled back',
    failure: true,
  },
  cancelled: { colour: '#868e96', emoji: ':no_entry_sign:', label: 'Cancelled', failure: false },
};

export function statusStyle(status: ReleaseStatus): StatusStyle {
  return STYLES[status];
}

/** `${{ job.status }}` values, as GitHub writes them. */
export const JOB_STATUSES = ['success', 'failure', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

const FROM_JOB: Record<JobStatus, ReleaseStatus> = {
  success: 'succeeded',
  failure: 'failed',
  cancelled: 'cancelled',
};

/**
 * The status to report. A rolled-back deployment is a failure even when the job that rolled it
 * back succeeded, so `rolledBack` wins over success (never report a rollback as green); and over
 * a plain failure, because "rolled back" tells the reader production is safe on the old version.
 */
const ROLLED_BACK_FROM = new Set<ReleaseStatus>(['succeeded', 'promoted', 'failed']);

export function resolveStatus(
  requested: ReleaseStatus | 'auto',
  jobStatus: JobStatus | undefined,
  rolledBack: boolean,
  /** The deployment ended held for promotion (bluegreen-deploy outcome `ready`). */
  held = false,
): ReleaseStatus {
  const status =
    requested === 'auto' ? (jobStatus === undefined ? 'failed' : FROM_JOB[jobStatus]) : requested;
  if (rolledBack && ROLLED_BACK_FROM.has(status)) return 'rolled-back';
  // A job that left the deployment waiting for promotion succeeded, the release has not yet.
  return requested === 'auto' && held && status === 'succeeded' ? 'awaiting-approval' : status;
}
