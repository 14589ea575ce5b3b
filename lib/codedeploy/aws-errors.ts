/** Classifying SDK errors the watch loop survives: the SDK already retried them and gave up. */

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
