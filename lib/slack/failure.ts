import { ErrorCode as WebApiErrorCode } from '@slack/web-api';
import { ErrorCode as WebhookErrorCode } from '@slack/webhook';

/** What went wrong with one call to Slack, in Slack's own words, and whether trying again can help. */
export interface SlackFailure {
  /** Slack's error (`channel_not_found`), or the HTTP status and body, or the network error. */
  reason: string;
  retryable: boolean;
  /** From a 429's Retry-After header. */
  retryAfterMs?: number;
}

/** Web API errors that mean "Slack is having a moment", per Slack's method documentation. */
const TRANSIENT_API_ERRORS = new Set([
  'ratelimited',
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
]);

interface CodedError {
  code?: string;
  message?: string;
  statusCode?: number;
  body?: unknown;
  data?: { error?: string };
  retryAfter?: number;
  original?: { message?: string; cause?: unknown };
}

function bodyText(body: unknown): string {
  if (body === undefined || body === null || body === '') return '';
  if (typeof body === 'object' && 'error' in body) return String(body.error);
  return String(typeof body === 'object' ? JSON.stringify(body) : body).slice(0, 200);
}

function requestReason(error: CodedError): string {
  const cause = error.original?.cause;
  const detail =
    cause && typeof cause === 'object' && 'code' in cause ? ` (${String(cause.code)})` : '';
  return `request failed: ${error.original?.message ?? error.message ?? 'unknown error'}${detail}`;
}

/**
 * Classifies an error thrown by @slack/web-api or @slack/webhook. `retryAfterMs` is passed in for
 * webhooks because their client does not keep the Retry-After header (we observe it on the wire).
 */
export function classifySlackError(error: unknown, webhookRetryAfterMs?: number): SlackFailure {
  const e = (typeof error === 'object' && error !== null ? error : {}) as CodedError;
  switch (e.code) {
    case WebApiErrorCode.PlatformError: {
      const reason = e.data?.error ?? 'unknown_error';
      return { reason, retryable: TRANSIENT_API_ERRORS.has(reason) };
    }
    case WebApiErrorCode.RateLimitedError:
      return {
        reason: 'rate limited (HTTP 429)',
        retryable: true,
        retryAfterMs: (e.retryAfter ?? 1) * 1000,
      };
    case WebApiErrorCode.HTTPError:
    case WebhookErrorCode.HTTPError: {
      const status = e.statusCode ?? 0;
      const body = bodyText(e.body);
      const reason = `HTTP ${status}${body ? ` ${body}` : ''}`;
      if (status === 429) {
        return { reason, retryable: true, retryAfterMs: webhookRetryAfterMs ?? 1000 };
      }
      return { reason, retryable: status >= 500 || status === 408 };
    }
    case WebApiErrorCode.RequestError:
    case WebhookErrorCode.RequestError:
      return { reason: requestReason(e), retryable: true };
    default:
      return { reason: error instanceof Error ? error.message : String(error), retryable: false };
  }
}

const HINTS: [RegExp, string][] = [
  [
    /^(invalid_auth|not_authed|token_revoked|token_expired|account_inactive)$/,
    'Check the bot-token secret: it must be the bot token (xoxb-...) of an app installed in this workspace.',
  ],
  [
    /^channel_not_found$/,
    'Check "channel": use the channel ID (C0123ABCD, from the channel details), and invite the app if the channel is private.',
  ],
  [/^not_in_channel$/, 'Invite the app to the channel: /invite @your-app.'],
  [/^missing_scope$/, 'Give the app the chat:write scope and reinstall it.'],
  [
    /^(message_not_found|cant_update_message|edit_window_closed|thread_not_found)$/,
    'The "ts" or "thread-ts" input must be the ts output of a message this app posted in the same channel.',
  ],
  [
    /^(invalid_blocks|invalid_blocks_format|invalid_attachments|msg_too_long|no_text)$|^HTTP 400/,
    'Slack refused the message: check the template in Block Kit Builder (https://app.slack.com/block-kit-builder).',
  ],
  [
    /^HTTP (403|404|410)/,
    'The webhook URL was revoked or its channel archived: create a new incoming webhook and update the secret.',
  ],
  [
    /^(rate limited|ratelimited)/,
    'Slack kept rate-limiting: send fewer messages to this channel at once.',
  ],
];

/** What to do about a failure, when we know. */
export function failureHint(reason: string): string | undefined {
  return HINTS.find(([pattern]) => pattern.test(reason))?.[1];
}
