import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecordingSlackServer } from './recording-slack-server.js';

const TOKEN = 'xoxb-1-2-limits';
const WEBHOOK = '/services/T0/B0/limits';
let server: RecordingSlackServer;

beforeAll(async () => {
  server = await new RecordingSlackServer({
    token: TOKEN,
    channels: ['C0LIMITS'],
    webhookPath: WEBHOOK,
  }).start();
});
afterAll(() => server.stop());

const chars = (n: number) => 'x'.repeat(n);
const plain = (text: string) => ({ type: 'plain_text', text });
const mrkdwn = (text: string) => ({ type: 'mrkdwn', text });

/** A message whose only interesting part has `n` of something; Slack's documented maximum. */
const cases: { name: string; max: number; message: (n: number) => Record<string, unknown> }[] = [
  {
    name: 'blocks per message',
    max: 50,
    message: (n) => ({ blocks: Array.from({ length: n }, () => ({ type: 'divider' })) }),
  },
  {
    name: 'header text',
    max: 150,
    message: (n) => ({ blocks: [{ type: 'header', text: plain(chars(n)) }] }),
  },
  {
    name: 'section text',
    max: 3000,
    message: (n) => ({ blocks: [{ type: 'section', text: mrkdwn(chars(n)) }] }),
  },
  {
    name: 'section fields',
    max: 10,
    message: (n) => ({
      blocks: [{ type: 'section', fields: Array.from({ length: n }, () => mrkdwn('f')) }],
    }),
  },
  {
    name: 'section field text',
    max: 2000,
    message: (n) => ({ blocks: [{ type: 'section', fields: [mrkdwn(chars(n))] }] }),
  },
  {
    name: 'context elements',
    max: 10,
    message: (n) => ({
      blocks: [{ type: 'context', elements: Array.from({ length: n }, () => mrkdwn('c')) }],
    }),
  },
];

async function viaWebhook(payload: Record<string, unknown>): Promise<number> {
  const response = await fetch(server.webhookUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(payload),
  });
  await response.text();
  return response.status;
}

async function viaWebApi(
  method: string,
  payload: Record<string, unknown>,
): Promise<{ ok: boolean; error?: string; ts?: string }> {
  const response = await fetch(`${server.apiUrl}${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify({ channel: 'C0LIMITS', ...payload }),
  });
  return (await response.json()) as { ok: boolean; error?: string; ts?: string };
}

describe('RecordingSlackServer enforces Slack’s documented limits', () => {
  for (const { name, max, message } of cases) {
    it(`accepts ${max} (${name}) and refuses ${max + 1}`, async () => {
      expect(await viaWebhook(message(max))).toBe(200);
      expect(await viaWebhook(message(max + 1))).toBe(400);
      expect(await viaWebApi('chat.postMessage', { text: 't', ...message(max) })).toMatchObject({
        ok: true,
      });
      expect(await viaWebApi('chat.postMessage', { text: 't', ...message(max + 1) })).toEqual({
        ok: false,
        error: 'invalid_blocks',
      });
    });
  }

  it('checks blocks inside attachments too', async () => {
    const over = cases[1]!.message(151);
    expect(await viaWebhook({ attachments: [{ color: '#f00', ...over }] })).toBe(400);
  });

  it('keeps 40,000 characters of message text and cuts the rest, as Slack does', async () => {
    const whole = await viaWebApi('chat.postMessage', { text: chars(40_000) });
    expect(server.messages.get(whole.ts!)?.body.text).toHaveLength(40_000);

    const cut = await viaWebApi('chat.postMessage', { text: `${chars(40_000)}y` });
    expect(cut.ok).toBe(true);
    expect(server.messages.get(cut.ts!)?.body.text).toBe(chars(40_000));

    await viaWebApi('chat.update', { ts: whole.ts, text: `${chars(40_000)}zz` });
    expect(server.messages.get(whole.ts!)?.body.text).toBe(chars(40_000));
  });
});
