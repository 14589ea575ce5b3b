import type { SlackMessage } from './release-message.js';

/** Where a notification goes: an incoming webhook, or a channel through the Web API. */
export type Destination =
  { kind: 'webhook' } | { kind: 'web-api'; channel: string; ts?: string; threadTs?: string };

export type DeliveryStep =
  | { call: 'webhook'; message: SlackMessage }
  | { call: 'post'; channel: string; message: SlackMessage }
  | { call: 'update'; channel: string; ts: string; message: SlackMessage }
  | {
      call: 'reply';
      channel: string;
      threadTs: string;
      message: SlackMessage;
      /** Also show the reply in the channel: failures must not hide in a thread. */
      broadcast: boolean;
    };

/**
 * The Slack calls for one stage. A webhook cannot edit or thread, so it posts every stage anew.
 * With a bot token the first stage posts the release message; later stages (given its `ts`)
 * update it in place and add their details as a reply in its thread; `thread-ts` only replies.
 */
export function planDelivery(
  destination: Destination,
  messages: { release: SlackMessage; stage: SlackMessage; failure: boolean },
): DeliveryStep[] {
  if (destination.kind === 'webhook') return [{ call: 'webhook', message: messages.release }];
  const { channel, ts, threadTs } = destination;
  if (ts) {
    return [
      { call: 'update', channel, ts, message: messages.release },
      {
        call: 'reply',
        channel,
        threadTs: ts,
        message: messages.stage,
        broadcast: messages.failure,
      },
    ];
  }
  if (threadTs) {
    return [
      { call: 'reply', channel, threadTs, message: messages.stage, broadcast: messages.failure },
    ];
  }
  return [{ call: 'post', channel, message: messages.release }];
}
