/**
 * A local incoming-webhook endpoint (127.0.0.1): notify-slack posts to it exactly as to Slack,
 * and each message is printed as a reader would see it in the channel.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SlackMessage {
  text: string;
  payload: Record<string, unknown>;
}

export class SlackSink {
  readonly messages: SlackMessage[] = [];
  private readonly server: Server;

  constructor(private readonly print: (message: SlackMessage) => void) {
    this.server = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () => {
        try {
          const payload = JSON.parse(body) as Record<string, unknown>;
          const message = { text: String(payload.text ?? ''), payload };
          this.messages.push(message);
          this.print(message);
          res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
        } catch {
          res.writeHead(400, { 'content-type': 'text/plain' }).end('invalid_payload');
        }
      });
    });
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', () => resolve()));
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}/services/T0DEMO/B0DEMO/demowebhooksecret`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** The message's lines as plain text: the fallback text, then each section's mrkdwn. */
export function readable(message: SlackMessage): string[] {
  const lines = [message.text];
  const attachments = (message.payload.attachments ?? []) as { blocks?: unknown[] }[];
  const blocks = [
    ...((message.payload.blocks ?? []) as unknown[]),
    ...attachments.flatMap((a) => a.blocks ?? []),
  ] as { type?: string; text?: { text?: string }; fields?: { text?: string }[] }[];
  for (const block of blocks) {
    if (block.type === 'section' && block.text?.text) lines.push(block.text.text);
    if (block.fields) lines.push(block.fields.map((f) => f.text ?? '').join(' · '));
  }
  return lines.flatMap((l) => l.split('\n')).filter((l) => l.trim() !== '');
}
