import {
  deploymentEngineOf,
  deploymentStage,
  shortDeploymentId,
  trafficPerRevision,
} from './deployment-stage.js';
import { fitMessage } from './limits.js';
import { shortImage, shortTaskDefinition, trafficBar, type ReleaseDetails } from './release.js';
import { statusStyle } from './status.js';

/** The payload shape both chat.postMessage and an incoming webhook accept. */
export interface SlackMessage {
  text: string;
  blocks?: unknown[];
  attachments?: { color: string; fallback?: string; blocks: unknown[] }[];
  [key: string]: unknown;
}

/** mrkdwn treats &, < and > as control characters: values from elsewhere must not inject links. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function link(url: string | undefined, text: string): string {
  return url ? `<${url}|${escapeMrkdwn(text)}>` : escapeMrkdwn(text);
}

function field(label: string, value: string): { type: 'mrkdwn'; text: string } {
  return { type: 'mrkdwn', text: `*${label}*\n${value}` };
}

/** The two-column facts of a stage; Slack stacks them on a phone. */
function detailFields(d: ReleaseDetails): { type: 'mrkdwn'; text: string }[] {
  const fields = [];
  if (d.environment) fields.push(field('Environment', `\`${escapeMrkdwn(d.environment)}\``));
  if (d.image) fields.push(field('Image', `\`${escapeMrkdwn(shortImage(d.image))}\``));
  if (d.taskDefinitionArn) {
    fields.push(
      field('Task definition', `\`${escapeMrkdwn(shortTaskDefinition(d.taskDefinitionArn))}\``),
    );
  }
  const native = deploymentEngineOf(d.deploymentId) === 'ecs';
  if (d.deploymentId) {
    fields.push(field('Deployment', link(d.consoleUrl, shortDeploymentId(d.deploymentId))));
  }
  if (d.traffic !== undefined) {
    fields.push(
      native
        ? field(
            'Traffic per revision',
            `${trafficBar(d.traffic)}\n${trafficPerRevision(d.traffic)}`,
          )
        : field('Traffic on new version', trafficBar(d.traffic)),
    );
  }
  if (d.duration) fields.push(field('Duration', escapeMrkdwn(d.duration)));
  if (d.commit) fields.push(field('Commit', link(d.commitUrl, d.commit.slice(0, 7))));
  if (d.author) fields.push(field('Author', escapeMrkdwn(d.author)));
  // User fields are the user's own mrkdwn (links allowed), so they are not escaped.
  for (const f of d.fields) fields.push(field(escapeMrkdwn(f.key), f.value || ' '));
  return fields;
}

function statusLine(d: ReleaseDetails): string {
  const style = statusStyle(d.status);
  const where = d.environment ? ` in \`${escapeMrkdwn(d.environment)}\`` : '';
  const waiting =
    d.status === 'awaiting-approval' ? '\nWaiting for a reviewer to approve the release.' : '';
  const stage = deploymentStage(d.outcome, d.traffic, d.deploymentId);
  return `${style.emoji} *${style.label}*${where}${waiting}${stage ? `\n${escapeMrkdwn(stage)}` : ''}`;
}

/** Buttons: approval first and primary while the release waits, then the run and the console. */
function buttons(d: ReleaseDetails): unknown[] {
  const elements = [];
  if (d.status === 'awaiting-approval' && d.approvalUrl) {
    elements.push(button('approve', 'Review and approve', d.approvalUrl, 'primary'));
  }
  if (d.runUrl) elements.push(button('run', 'View run', d.runUrl));
  if (d.consoleUrl) {
    const ecs = deploymentEngineOf(d.deploymentId) === 'ecs';
    elements.push(
      button('console', ecs ? 'Open in ECS console' : 'Open in AWS console', d.consoleUrl),
    );
  }
  return elements.length ? [{ type: 'actions', elements }] : [];
}

function button(id: string, text: string, url: string, style?: 'primary' | 'danger'): unknown {
  return {
    type: 'button',
    action_id: `notify-slack-${id}`,
    text: { type: 'plain_text', text, emoji: true },
    url,
    ...(style ? { style } : {}),
  };
}

function notificationText(d: ReleaseDetails): string {
  const style = statusStyle(d.status);
  const mention = style.failure && d.mentions.length ? `${d.mentions.join(' ')} ` : '';
  return `${mention}${style.emoji} ${escapeMrkdwn(d.title)}: ${style.label}`;
}

function commitContext(d: ReleaseDetails): unknown[] {
  const parts = [];
  if (d.repository) parts.push(escapeMrkdwn(d.ref ? `${d.repository}@${d.ref}` : d.repository));
  if (d.commitMessage) parts.push(`“${escapeMrkdwn(d.commitMessage)}”`);
  if (!parts.length) return [];
  return [{ type: 'context', elements: [{ type: 'mrkdwn', text: parts.join(' · ') }] }];
}

/**
 * The release message: a coloured attachment with a header, the status, the facts, the commit and
 * the buttons. Mentions go in the top-level text, the only part that notifies.
 */
export function buildReleaseMessage(d: ReleaseDetails): SlackMessage {
  const style = statusStyle(d.status);
  const fields = detailFields(d);
  const blocks = [
    {
      type: 'header',
      text: { type: 'plain_text', text: `${style.emoji} ${d.title}`, emoji: true },
    },
    { type: 'section', text: { type: 'mrkdwn', text: statusLine(d) } },
    ...(fields.length ? [{ type: 'section', fields }] : []),
    ...commitContext(d),
    ...buttons(d),
  ];
  const text = notificationText(d);
  return fitMessage({ text, attachments: [{ color: style.colour, fallback: text, blocks }] });
}

/** A stage posted in the release's thread: the status and this stage's facts, no header. */
export function buildStageReply(d: ReleaseDetails): SlackMessage {
  const style = statusStyle(d.status);
  const fields = detailFields(d);
  const blocks = [
    { type: 'section', text: { type: 'mrkdwn', text: statusLine(d) } },
    ...(fields.length ? [{ type: 'section', fields }] : []),
    ...buttons(d),
  ];
  const text = notificationText(d);
  return fitMessage({ text, attachments: [{ color: style.colour, fallback: text, blocks }] });
}
