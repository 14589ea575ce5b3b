import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as Slack would have received it. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  /** JSON body (webhooks) or form fields with JSON values decoded (Web API). */
  body: Record<string, unknown>;
  at: number;
}

/** A canned answer for the next request, whatever it is (to inject 429s and 5xx). */
export interface ScriptedResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

interface StoredMessage {
  channel: string;
  ts: string;
  body: Record<string, unknown>;
  replies: Record<string, unknown>[];
}

/**
 * A local stand-in for Slack's incoming webhooks and Web API (chat.postMessage, chat.update) on
 * 127.0.0.1, for tests with the real Slack clients. It records every request, answers like Slack
 * (auth, channels, message ts, Block Kit limits) and plays scripted responses first when queued.
 */
export class RecordingSlackServer {
  readonly requests: RecordedRequest[] = [];
  readonly messages = new Map<string, StoredMessage>();
  private readonly script: ScriptedResponse[] = [];
  private server?: Server;
  private clock = 1_712_000_000;
  url = '';

  constructor(
    readonly options: {
      token: string;
      /** Channel IDs that exist; names (`#deploys`) map to the first. */
      channels: string[];
      webhookPath: string;
    },
  ) {}

  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  get webhookUrl(): string {
    return `${this.url}${this.options.webhookPath}`;
  }

  /** Queue answers for the next requests, in order. */
  queue(...responses: ScriptedResponse[]): void {
    this.script.push(...responses);
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk) => (raw += chunk));
      req.on('end', () => {
        const request: RecordedRequest = {
          method: req.method ?? '',
          path: req.url ?? '',
          headers: req.headers,
          body: decode(raw, req.headers['content-type'] ?? ''),
          at: Date.now(),
        };
        this.requests.push(request);
        const answer = this.script.shift() ?? this.answer(request);
        res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
        res.end(answer.body ?? '');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  private answer(request: RecordedRequest): ScriptedResponse {
    if (request.path === this.options.webhookPath) {
      const problem = blockKitProblem(request.body);
      return problem
        ? { status: 400, body: 'invalid_blocks', headers: { 'content-type': 'text/plain' } }
        : { status: 200, body: 'ok', headers: { 'content-type': 'text/plain' } };
    }
    const method = /^\/api\/([\w.]+)$/.exec(request.path)?.[1];
    if (method !== 'chat.postMessage' && method !== 'chat.update') {
      return { status: 404, body: 'not found', headers: { 'content-type': 'text/plain' } };
    }
    const ok = (data: Record<string, unknown>) => ({
      status: 200,
      body: JSON.stringify({ ok: true, ...data }),
    });
    const fail = (error: string) => ({ status: 200, body: JSON.stringify({ ok: false, error }) });
    if (request.headers.authorization !== `Bearer ${this.options.token}`)
      return fail('invalid_auth');
    const channel = this.channelId(String(request.body.channel ?? ''));
    if (!channel) return fail('channel_not_found');
    if (!request.body.text && !request.body.blocks && !request.body.attachments) {
      return fail('no_text');
    }
    if (blockKitProblem(request.body)) return fail('invalid_blocks');
    if (method === 'chat.update') {
      const message = this.messages.get(String(request.body.ts));
      if (!message || message.channel !== channel) return fail('message_not_found');
      message.body = asStored(request.body);
      return ok({ channel, ts: message.ts, text: message.body.text });
    }
    const ts = `${++this.clock}.000100`;
    const threadTs = request.body.thread_ts;
    const body = asStored(request.body);
    if (threadTs !== undefined) {
      const parent = this.messages.get(String(threadTs));
      if (!parent || parent.channel !== channel) return fail('thread_not_found');
      parent.replies.push(body);
    } else {
      this.messages.set(ts, { channel, ts, body, replies: [] });
    }
    return ok({ channel, ts, message: { text: body.text, ts } });
  }

  private channelId(channel: string): string | undefined {
    if (this.options.channels.includes(channel)) return channel;
    return channel.startsWith('#') && channel !== '#nowhere' ? this.options.channels[0] : undefined;
  }
}

function decode(raw: string, contentType: string): Record<string, unknown> {
  if (contentType.includes('application/json')) return JSON.parse(raw || '{}');
  const fields: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    fields[key] = /^[[{]/.test(value) ? JSON.parse(value) : value;
  }
  return fields;
}

/**
 * Slack's documented limits, written out here on purpose rather than imported from limits.ts: the
 * server is the referee for the code that fits messages, so a wrong limit there must fail here.
 * Sources (docs.slack.dev/reference/block-kit/blocks and the pages of each block):
 */
export const DOCUMENTED_SLACK_LIMITS = {
  /** "You can include up to 50 blocks in each message". */
  blocksPerMessage: 50,
  /** Header block: "Maximum length for the text in this field is 150 characters". */
  headerText: 150,
  /** Section block text: "Maximum length for the text in this field is 3000 characters". */
  sectionText: 3000,
  /** Section block fields: "Maximum number of items is 10". */
  sectionFields: 10,
  /** Section block fields: "Maximum length for the text in each item is 2000 characters". */
  fieldText: 2000,
  /** Context block elements: "Maximum number of items is 10". */
  contextElements: 10,
  /** Actions block: at most 25 elements (not among the limits the audit asked to re-check). */
  actionsElements: 25,
  /** Button element text: at most 75 characters (likewise). */
  buttonText: 75,
  /**
   * chat.postMessage `text`: Slack does not refuse a longer text, it "will truncate messages
   * containing more than 40,000 characters" (changelog 2018-04, truncating really long messages).
   */
  messageText: 40_000,
} as const;

/** The Block Kit limits Slack enforces with `invalid_blocks`; undefined when the payload is valid. */
export function blockKitProblem(payload: Record<string, unknown>): string | undefined {
  interface WireBlock {
    type?: string;
    text?: { text?: unknown };
    fields?: { text: string }[];
    elements?: { text?: { text?: string } }[];
  }
  const lists: unknown[][] = [];
  if (Array.isArray(payload.blocks)) lists.push(payload.blocks);
  if (Array.isArray(payload.attachments)) {
    for (const a of payload.attachments as { blocks?: unknown[] }[]) {
      if (Array.isArray(a.blocks)) lists.push(a.blocks);
    }
  }
  const L = DOCUMENTED_SLACK_LIMITS;
  for (const blocks of lists) {
    if (blocks.length > L.blocksPerMessage) return `${blocks.length} blocks`;
    // Untyped JSON off the wire, checked as Slack would.
    for (const block of blocks as WireBlock[]) {
      const text: unknown = block.text?.text;
      if (block.type === 'header' && (typeof text !== 'string' || text.length > L.headerText)) {
        return 'header text';
      }
      if (block.type === 'section') {
        if (typeof text === 'string' && text.length > L.sectionText) return 'section text';
        const fields = (block.fields ?? []) as { text: string }[];
        if (fields.length > L.sectionFields) return 'section fields';
        if (fields.some((f) => f.text.length > L.fieldText)) return 'field text';
      }
      const elements = block.elements ?? [];
      if (block.type === 'context' && elements.length > L.contextElements) return 'context';
      if (block.type === 'actions') {
        if (elements.length > L.actionsElements) return 'actions';
        for (const e of elements) if ((e.text?.text ?? '').length > L.buttonText) return 'button';
      }
    }
  }
  return undefined;
}

/** The message as Slack keeps it: a top-level `text` over the limit is cut, not refused. */
function asStored(body: Record<string, unknown>): Record<string, unknown> {
  const text = body.text;
  if (typeof text !== 'string' || text.length <= DOCUMENTED_SLACK_LIMITS.messageText) return body;
  return { ...body, text: text.slice(0, DOCUMENTED_SLACK_LIMITS.messageText) };
}
