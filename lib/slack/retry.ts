import type { SlackFailure } from './failure.js';

export interface RetryPolicy {
  /** Tries in all, the first included. */
  attempts: number;
  /** First wait after a 5xx or network error; doubled each time. */
  backoffMs: number;
  /** A 429 asking for a longer wait than this is not waited for: the step would hang. */
  maxWaitMs: number;
}

/** Bounded: at most 4 tries and about a minute of waiting in the worst case. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  attempts: 4,
  backoffMs: 1000,
  maxWaitMs: 30_000,
};

export class SlackCallFailed extends Error {
  constructor(
    readonly failure: SlackFailure,
    readonly attempts: number,
  ) {
    super(failure.reason);
  }
}

export interface RetryHooks {
  classify: (error: unknown) => SlackFailure;
  onRetry: (failure: SlackFailure, waitMs: number, attempt: number) => void;
  sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The wait before the next try, or undefined to give up. Pure. */
export function nextWait(
  failure: SlackFailure,
  attempt: number,
  policy: RetryPolicy,
): number | undefined {
  if (!failure.retryable || attempt >= policy.attempts) return undefined;
  const wait = failure.retryAfterMs ?? policy.backoffMs * 2 ** (attempt - 1);
  return wait <= policy.maxWaitMs ? wait : undefined;
}

/** Calls Slack until it works, a failure is permanent, or the policy's bounds are reached. */
export async function withRetries<T>(
  call: () => Promise<T>,
  policy: RetryPolicy,
  hooks: RetryHooks,
): Promise<T> {
  const sleep = hooks.sleep ?? realSleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const failure = hooks.classify(error);
      const wait = nextWait(failure, attempt, policy);
      if (wait === undefined) {
        const tooLong =
          failure.retryable && attempt < policy.attempts && failure.retryAfterMs !== undefined
            ? `; Slack asked to wait ${Math.ceil(failure.retryAfterMs / 1000)}s, more than the ${policy.maxWaitMs / 1000}s this step waits`
            : '';
        throw new SlackCallFailed({ ...failure, reason: failure.reason + tooLong }, attempt);
      }
      hooks.onRetry(failure, wait, attempt);
      await sleep(wait);
    }
  }
}
