import { WebClient, LogLevel, type Logger } from '@slack/web-api';
import {
  IncomingWebhook,
  type FetchFunction,
  type IncomingWebhookSendArguments,
} from '@slack/webhook';
import type { DeliveryStep } from './delivery.js';
import { classifySlackError, failureHint } from './failure.js';
import { DEFAULT_RETRY_POLICY, SlackCallFailed, withRetries, type RetryPolicy } from './retry.js';
import { secretScrubber } from './scrub.js';

export interface SlackConnection {
  webhookUrl?: string;
  botToken?: string;
  /** Web API base URL: https://slack.com/api/, or a GovSlack / Enterprise Grid / proxy endpoint. */
  apiUrl: string;
}

export interface DeliveryFailure {
  call: DeliveryStep['call'];
  /** Slack's error, already scrubbed of secrets. */
  reason: string;
  hint?: string;
  attempts: number;
}

export interface DeliveryResult {
  /** The release message: posted now, or the one updated or replied to. */
  ts?: string;
  channel?: string;
  /** The thread reply this stage posted. */
  replyTs?: string;
  failure?: DeliveryFailure;
}

export interface DeliveryLog {
  info: (message: string) => void;
  debug: (message: string) => void;
}

/** The Slack clients' own logging, routed to debug output and scrubbed of secrets. */
function quietLogger(debug: (message: string) => void, scrub: (t: string) => string): Logger {
  let level = LogLevel.DEBUG;
  const write = (...parts: unknown[]) => debug(scrub(parts.map(String).join(' ')));
  return {
    debug: write,
    info: write,
    warn: write,
    error: write,
    setLevel: (l) => (level = l),
    getLevel: () => level,
    setName: () => {},
  };
}

/**
 * Runs the planned calls with the real Slack clients, one policy of bounded retries for both
 * (the clients' own retries are off: the webhook client never retries a 429 and the Web API
 * client would wait up to 30 minutes). Stops at the first failure and returns what was done.
 */
export async function deliver(
  steps: readonly DeliveryStep[],
  connection: SlackConnection,
  log: DeliveryLog,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): Promise<DeliveryResult> {
  const scrub = secretScrubber([connection.webhookUrl, connection.botToken]);
  const logger = quietLogger(log.debug, scrub);
  const web = new WebClient(connection.botToken, {
    slackApiUrl: connection.apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: 15_000,
    logger,
  });
  // The webhook client drops response headers from its errors; keep the last Retry-After seen.
  let webhookRetryAfterMs: number | undefined;
  const observingFetch: FetchFunction = async (url, init) => {
    const response = await fetch(url, init as RequestInit);
    const seconds = Number.parseInt(response.headers.get('retry-after') ?? '', 10);
    webhookRetryAfterMs = Number.isNaN(seconds) ? undefined : seconds * 1000;
    return response;
  };
  const webhook = connection.webhookUrl
    ? new IncomingWebhook(connection.webhookUrl, {
        fetch: observingFetch,
        timeout: 15_000,
        retryConfig: { retries: 0 },
      })
    : undefined;

  const result: DeliveryResult = {};
  for (const step of steps) {
    const call = async () => {
      switch (step.call) {
        case 'webhook':
          if (!webhook) throw new Error('webhook step planned without a webhook URL');
          // Our payload is the Block Kit JSON a webhook accepts; the client types are narrower.
          await webhook.send(step.message as IncomingWebhookSendArguments);
          return;
        case 'post': {
          const posted = await web.chat.postMessage({ ...step.message, channel: step.channel });
          result.ts = posted.ts;
          result.channel = posted.channel;
          return;
        }
        case 'update': {
          const updated = await web.chat.update({
            ...step.message,
            channel: step.channel,
            ts: step.ts,
          });
          result.ts = updated.ts ?? step.ts;
          result.channel = updated.channel ?? step.channel;
          return;
        }
        case 'reply': {
          const replied = await web.chat.postMessage({
            ...step.message,
            channel: step.channel,
            thread_ts: step.threadTs,
            reply_broadcast: step.broadcast,
          });
          result.ts ??= step.threadTs;
          result.channel ??= replied.channel;
          result.replyTs = replied.ts;
          return;
        }
      }
    };
    try {
      await withRetries(call, policy, {
        classify: (error) =>
          classifySlackError(error, step.call === 'webhook' ? webhookRetryAfterMs : undefined),
        onRetry: (failure, waitMs, attempt) =>
          log.info(
            `Slack ${step.call} attempt ${attempt} failed (${scrub(failure.reason)}); retrying in ${waitMs / 1000}s`,
          ),
      });
    } catch (error) {
      const failed =
        error instanceof SlackCallFailed
          ? error
          : new SlackCallFailed(classifySlackError(error), 1);
      const reason = scrub(failed.failure.reason);
      result.failure = {
        call: step.call,
        reason,
        hint: failureHint(reason),
        attempts: failed.attempts,
      };
      return result;
    }
  }
  return result;
}
