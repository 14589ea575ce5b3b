import { ActionError, isActionError } from './action-error.js';
/**
 * Classifying AWS SDK errors: which ones the watch loop survives (the SDK already retried them
 * and gave up), and how any of them reads as the step's one-line failure.
 */

const THROTTLING = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'LimitExceededException',
]);
const NETWORK = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENOTFOUND',
]);

/** The credentials reached AWS and were refused: unknown key, expired session, bad signature. */
const REJECTED_CREDENTIALS = new Set([
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'ExpiredTokenException',
  'ExpiredToken',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
]);

interface SdkErrorLike {
  name?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number };
  $retryable?: unknown;
}

export function errorName(error: unknown): string {
  return (error as SdkErrorLike | undefined)?.name ?? '';
}

/** Throttling, 5xx, timeouts and connection resets: worth another poll after a back-off. */
export function isTransient(error: unknown): boolean {
  const e = error as SdkErrorLike | undefined;
  if (!e || typeof e !== 'object') return false;
  if (THROTTLING.has(e.name ?? '')) return true;
  if ((e.$metadata?.httpStatusCode ?? 0) >= 500) return true;
  if (e.$retryable) return true;
  if (NETWORK.has(e.code ?? '') || NETWORK.has(e.name ?? '')) return true;
  return e.name === 'TimeoutError' || e.name === 'RequestTimeout' || e.name === 'AbortError';
}

export function messageOf(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/**
 * An AWS error the SDK gave up on (after its retries) or the service refused outright, as one
 * line for the step's failure: it is the account or AWS talking, not a bug, so no stack trace.
 * Anything else is returned unchanged.
 */
export function awsFailure(error: unknown): unknown {
  const e = error as
    (SdkErrorLike & { message?: string; $metadata?: { attempts?: number } }) | undefined;
  if (!e || typeof e !== 'object' || isActionError(error)) return error;
  if (e.name === 'CredentialsProviderError') {
    return new ActionError(
      `No AWS credentials: ${e.message ?? 'the SDK found none'}.`,
      'Add aws-actions/configure-aws-credentials (role-to-assume, with permissions id-token: write) before this step.',
    );
  }
  if (REJECTED_CREDENTIALS.has(e.name ?? '')) {
    return new ActionError(
      `AWS rejected the credentials: ${messageOf(error)}.`,
      'Check the role this job assumes (configure-aws-credentials) and that its session has not expired (role-duration-seconds).',
    );
  }
  const fromAws =
    e.$metadata !== undefined || NETWORK.has(e.code ?? '') || NETWORK.has(e.name ?? '');
  if (!fromAws) return error;
  const attempts = e.$metadata?.attempts;
  const after = attempts && attempts > 1 ? ` (after ${attempts} attempts)` : '';
  return isTransient(error)
    ? new ActionError(
        `AWS kept failing: ${messageOf(error)}${after}.`,
        'Re-run the job (the deployment group shows whether a deployment was created), or raise max-attempts.',
      )
    : new ActionError(`AWS refused the call: ${messageOf(error)}.`);
}
