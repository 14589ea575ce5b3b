import { describe, expect, it } from 'vitest';
import { classifySlackError, failureHint } from './failure.js';
import { nextWait, SlackCallFailed, withRetries, type RetryPolicy } from './retry.js';
import { secretScrubber } from './scrub.js';
import { planDelivery } from './delivery.js';
import { WebAPIPlatformError, WebAPIRateLimitedError, WebAPIHTTPError } from '@slack/web-api';
import { IncomingWebhookHTTPError } from '@slack/webhook';

const policy: RetryPolicy = { attempts: 4, backoffMs: 1000, maxWaitMs: 30_000 };

describe('nextWait', () => {
  it.each([
    [{ reason: 'HTTP 500', retryable: true }, 1, 1000],
    [{ reason: 'HTTP 500', retryable: true }, 3, 4000],
    [{ reason: 'HTTP 500', retryable: true }, 4, undefined],
    [{ reason: 'rate limited', retryable: true, retryAfterMs: 7000 }, 1, 7000],
    [{ reason: 'rate limited', retryable: true, retryAfterMs: 60_000 }, 1, undefined],
    [{ reason: 'invalid_auth', retryable: false }, 1, undefined],
  ])('%j on attempt %i -> %s', (failure, attempt, expected) => {
    expect(nextWait(failure, attempt, policy)).toBe(expected);
  });
});

describe('withRetries', () => {
  it('sleeps as the policy says and stops at the first success', async () => {
    const waits: number[] = [];
    let calls = 0;
    const value = await withRetries(
      async () => {
        if (++calls < 3) throw new Error('boom');
        return 'done';
      },
      policy,
      {
        classify: () => ({ reason: 'HTTP 502', retryable: true }),
        onRetry: () => {},
        sleep: async (ms) => void waits.push(ms),
      },
    );
    expect(value).toBe('done');
    expect(waits).toEqual([1000, 2000]);
  });

  it('throws the classified failure with the number of tries', async () => {
    const error = await withRetries(() => Promise.reject(new Error('x')), policy, {
      classify: () => ({ reason: 'channel_not_found', retryable: false }),
      onRetry: () => {},
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SlackCallFailed);
    expect((error as SlackCallFailed).attempts).toBe(1);
  });
});

describe('classifySlackError (errors as the Slack clients throw them)', () => {
  it.each([
    [
      new WebAPIPlatformError({ ok: false, error: 'channel_not_found' }),
      { reason: 'channel_not_found', retryable: false },
    ],
    [
      new WebAPIPlatformError({ ok: false, error: 'internal_error' }),
      { reason: 'internal_error', retryable: true },
    ],
    [
      new WebAPIRateLimitedError(3),
      { reason: 'rate limited (HTTP 429)', retryable: true, retryAfterMs: 3000 },
    ],
    [new WebAPIHTTPError(502, 'Bad Gateway', {}, ''), { reason: 'HTTP 502', retryable: true }],
    [
      new IncomingWebhookHTTPError(404, 'Not Found', 'no_service'),
      { reason: 'HTTP 404 no_service', retryable: false },
    ],
    [
      new IncomingWebhookHTTPError(400, 'Bad Request', 'invalid_blocks'),
      { reason: 'HTTP 400 invalid_blocks', retryable: false },
    ],
  ])('%s', (error, expected) => {
    expect(classifySlackError(error)).toEqual(expected);
  });

  it('takes a webhook 429 wait from the observed Retry-After header', () => {
    expect(classifySlackError(new IncomingWebhookHTTPError(429, 'Too Many', ''), 2000)).toEqual({
      reason: 'HTTP 429',
      retryable: true,
      retryAfterMs: 2000,
    });
  });

  it.each([
    ['invalid_auth', /bot-token/],
    ['not_in_channel', /\/invite/],
    ['HTTP 404 no_service', /create a new incoming webhook/],
    ['HTTP 400 invalid_blocks', /Block Kit Builder/],
    ['something_new', undefined],
  ])('hint for %s', (reason, expected) => {
    const hint = failureHint(reason);
    if (expected) expect(hint).toMatch(expected);
    else expect(hint).toBeUndefined();
  });
});

describe('secretScrubber', () => {
  it('removes a webhook URL, its path alone, its encoded form and a token', () => {
    const url = 'https://hooks.slack.com/services/T01/B02/abcdefSECRET';
    const scrub = secretScrubber([url, 'xoxb-1-2-3', undefined]);
    expect(scrub(`POST ${url} failed`)).toBe('POST *** failed');
    expect(scrub('path /services/T01/B02/abcdefSECRET')).toBe('path ***');
    expect(scrub(`q=${encodeURIComponent(url)}`)).toBe('q=***');
    expect(scrub('Bearer xoxb-1-2-3')).toBe('Bearer ***');
  });
});

describe('planDelivery', () => {
  const messages = { release: { text: 'release' }, stage: { text: 'stage' }, failure: true };

  it.each([
    [{ kind: 'webhook' } as const, [['webhook', 'release']]],
    [{ kind: 'web-api', channel: 'C1' } as const, [['post', 'release']]],
    [
      { kind: 'web-api', channel: 'C1', ts: '1.2' } as const,
      [
        ['update', 'release'],
        ['reply', 'stage'],
      ],
    ],
    [{ kind: 'web-api', channel: 'C1', threadTs: '1.2' } as const, [['reply', 'stage']]],
  ])('%j', (destination, expected) => {
    const steps = planDelivery(destination, messages);
    expect(steps.map((s) => [s.call, s.message.text])).toEqual(expected);
    for (const step of steps)
      if (step.call === 'reply') expect(step).toMatchObject({ threadTs: '1.2', broadcast: true });
  });
});
