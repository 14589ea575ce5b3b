import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { planDelivery } from './delivery.js';
import { RecordingSlackServer } from './testing/recording-slack-server.js';
import { buildReleaseMessage, buildStageReply } from './release-message.js';
import type { ReleaseDetails } from './release.js';
import { deliver, type SlackConnection } from './sender.js';
import type { RetryPolicy } from './retry.js';

const TOKEN = 'xoxb-111-222-secret-token';
const FAST: RetryPolicy = { attempts: 3, backoffMs: 20, maxWaitMs: 5_000 };

const details = (over: Partial<ReleaseDetails> = {}): ReleaseDetails => ({
  status: 'started',
  title: 'api to production',
  environment: 'production',
  fields: [],
  mentions: ['<!here>'],
  ...over,
});

function messagesFor(d: ReleaseDetails) {
  return {
    release: buildReleaseMessage(d),
    stage: buildStageReply(d),
    failure: d.status === 'failed',
  };
}

let server: RecordingSlackServer;
const log: string[] = [];
const sink = { info: (m: string) => log.push(m), debug: (m: string) => log.push(m) };

beforeAll(async () => {
  server = await new RecordingSlackServer({
    token: TOKEN,
    channels: ['C0DEPLOYS'],
    webhookPath: '/services/T000/B000/webhooksecret123',
  }).start();
});
afterAll(() => server.stop());
afterEach(() => {
  server.requests.length = 0;
  log.length = 0;
});

const bot = (): SlackConnection => ({ botToken: TOKEN, apiUrl: server.apiUrl });
const hook = (): SlackConnection => ({ webhookUrl: server.webhookUrl, apiUrl: server.apiUrl });
const post = (channel = 'C0DEPLOYS') =>
  planDelivery({ kind: 'web-api', channel }, messagesFor(details()));

describe('deliver with the real Slack clients against a local server', () => {
  it('posts through an incoming webhook as JSON', async () => {
    const result = await deliver(
      planDelivery({ kind: 'webhook' }, messagesFor(details())),
      hook(),
      sink,
      FAST,
    );
    expect(result).toEqual({});
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.path).toBe('/services/T000/B000/webhooksecret123');
    expect(server.requests[0]!.body.text).toBe(':rocket: api to production: Started');
  });

  it('posts, then updates the same message and replies in its thread', async () => {
    const first = await deliver(post(), bot(), sink, FAST);
    expect(first.failure).toBeUndefined();
    expect(first.channel).toBe('C0DEPLOYS');
    expect(first.ts).toMatch(/^\d+\.\d+$/);

    const failed = details({ status: 'failed' });
    const steps = planDelivery(
      { kind: 'web-api', channel: 'C0DEPLOYS', ts: first.ts },
      messagesFor(failed),
    );
    const second = await deliver(steps, bot(), sink, FAST);
    expect(second.failure).toBeUndefined();
    expect(second.ts).toBe(first.ts);
    expect(second.replyTs).toMatch(/^\d+\.\d+$/);
    expect(server.requests.map((r) => r.path)).toEqual([
      '/api/chat.postMessage',
      '/api/chat.update',
      '/api/chat.postMessage',
    ]);
    expect(server.requests[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    const update = server.requests[1]!.body;
    expect(update.ts).toBe(first.ts);
    expect((update.attachments as { color: string }[])[0]!.color).toBe('#e01e5a');
    const reply = server.requests[2]!.body;
    expect(reply.thread_ts).toBe(first.ts);
    // A failure is broadcast from the thread and mentions the on-call group.
    expect(reply.reply_broadcast).toBe('true');
    expect(reply.text).toMatch(/^<!here> :x: /);
    expect(server.messages.get(first.ts!)!.replies).toHaveLength(1);
  });

  it('waits out a 429 Retry-After on the Web API, then succeeds', async () => {
    server.queue({
      status: 429,
      headers: { 'retry-after': '1' },
      body: '{"ok":false,"error":"ratelimited"}',
    });
    const result = await deliver(post(), bot(), sink, FAST);
    expect(result.failure).toBeUndefined();
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]!.at - server.requests[0]!.at).toBeGreaterThanOrEqual(950);
    expect(log.join('\n')).toMatch(
      /attempt 1 failed \(rate limited \(HTTP 429\)\); retrying in 1s/,
    );
  });

  it('waits out a 429 Retry-After on a webhook, which its client would not retry', async () => {
    server.queue({ status: 429, headers: { 'retry-after': '1' }, body: 'rate_limited' });
    const result = await deliver(
      planDelivery({ kind: 'webhook' }, messagesFor(details())),
      hook(),
      sink,
      FAST,
    );
    expect(result.failure).toBeUndefined();
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]!.at - server.requests[0]!.at).toBeGreaterThanOrEqual(950);
  });

  it('gives up at once when Slack asks for a longer wait than the step allows', async () => {
    server.queue({ status: 429, headers: { 'retry-after': '120' }, body: '' });
    const result = await deliver(post(), bot(), sink, FAST);
    expect(server.requests).toHaveLength(1);
    expect(result.failure?.reason).toMatch(/Slack asked to wait 120s, more than the 5s/);
  });

  it('retries 500s with backoff and reports the last error when they persist', async () => {
    const error = { status: 500, body: 'oops', headers: { 'content-type': 'text/plain' } };
    server.queue(error, error, error);
    const result = await deliver(post(), bot(), sink, FAST);
    expect(server.requests).toHaveLength(3);
    expect(result.failure).toMatchObject({ call: 'post', reason: 'HTTP 500 oops', attempts: 3 });
  });

  it('recovers when a 503 is followed by success', async () => {
    server.queue({ status: 503, body: '' });
    const result = await deliver(
      planDelivery({ kind: 'webhook' }, messagesFor(details())),
      hook(),
      sink,
      FAST,
    );
    expect(result.failure).toBeUndefined();
    expect(server.requests).toHaveLength(2);
  });

  it('does not retry invalid_auth, and says what to check', async () => {
    const result = await deliver(
      post(),
      { botToken: 'xoxb-wrong', apiUrl: server.apiUrl },
      sink,
      FAST,
    );
    expect(server.requests).toHaveLength(1);
    expect(result.failure).toMatchObject({ reason: 'invalid_auth', attempts: 1 });
    expect(result.failure?.hint).toMatch(/bot-token/);
  });

  it('does not retry channel_not_found, and says to use the channel ID', async () => {
    const result = await deliver(post('#nowhere'), bot(), sink, FAST);
    expect(server.requests).toHaveLength(1);
    expect(result.failure).toMatchObject({ reason: 'channel_not_found' });
    expect(result.failure?.hint).toMatch(/channel ID/);
  });

  it('reports message_not_found when updating a message that is not there', async () => {
    const steps = planDelivery(
      { kind: 'web-api', channel: 'C0DEPLOYS', ts: '1.000000' },
      messagesFor(details()),
    );
    const result = await deliver(steps, bot(), sink, FAST);
    expect(result.failure).toMatchObject({ call: 'update', reason: 'message_not_found' });
    expect(server.requests).toHaveLength(1);
  });

  it('sends a payload that was over every limit, fitted so Slack accepts it', async () => {
    const huge = details({
      title: 'x'.repeat(400),
      fields: Array.from({ length: 600 }, (_, i) => ({ key: `K${i}`, value: 'v'.repeat(2500) })),
    });
    const result = await deliver(
      planDelivery({ kind: 'web-api', channel: 'C0DEPLOYS' }, messagesFor(huge)),
      bot(),
      sink,
      FAST,
    );
    expect(result.failure).toBeUndefined();
    const blocks = (server.requests[0]!.body.attachments as { blocks: unknown[] }[])[0]!.blocks;
    expect(blocks).toHaveLength(50);
  });

  it('never lets the webhook URL or token through in an error', async () => {
    // A proxy that echoes the request line back is enough to leak a webhook URL into an error.
    server.queue({
      status: 400,
      body: `bad request POST ${server.webhookUrl}`,
      headers: { 'content-type': 'text/plain' },
    });
    const result = await deliver(
      planDelivery({ kind: 'webhook' }, messagesFor(details())),
      hook(),
      sink,
      FAST,
    );
    expect(result.failure?.reason).toMatch(/^HTTP 400 bad request POST \*\*\*$/);
    expect(JSON.stringify(result) + log.join('\n')).not.toContain('webhooksecret123');
  });

  it('reports a connection failure after retrying, scrubbed', async () => {
    const closed = 'http://127.0.0.1:9/services/T/B/closedsecret999';
    const result = await deliver(
      planDelivery({ kind: 'webhook' }, messagesFor(details())),
      { webhookUrl: closed, apiUrl: server.apiUrl },
      sink,
      FAST,
    );
    expect(result.failure).toMatchObject({ call: 'webhook', attempts: 3 });
    expect(result.failure?.reason).toMatch(/^request failed: /);
    expect(JSON.stringify(result) + log.join('\n')).not.toContain('closedsecret999');
  });
});
