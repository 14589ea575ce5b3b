import { existsSync, readFileSync } from 'node:fs';
import { inputPathProblem } from '../../../lib/paths/input-path.js';
import { isChannelName, webhookUrlProblem } from '../../../lib/slack/webhook-url.js';
import { isAbsolute, join } from 'node:path';
import type { InputReader } from '../../../lib/github/index.js';
import { formatDuration, parseDuration } from '../../../lib/text/duration.js';
import {
  DEPLOYMENT_OUTCOMES,
  JOB_STATUSES,
  RELEASE_STATUSES,
  resolveStatus,
  defaultTitle,
  type Destination,
  type ReleaseDetails,
  type SlackConnection,
} from '../../../lib/slack/index.js';
import { commitUrl, runUrl, type RunContext } from '../../../lib/github/run-context.js';

export interface NotifyInputs {
  details: ReleaseDetails;
  connection: SlackConnection;
  destination: Destination;
  /** The template's source text (inline or read from its file), parsed later. */
  template?: string;
  failOnError: boolean;
}

const TS = /^\d+\.\d+$/;

function url(inputs: InputReader, name: string, fallback?: string): string | undefined {
  const value = inputs.optionalString(name) ?? fallback;
  if (value === undefined) return undefined;
  if (!/^https?:\/\/[^\s]+$/.test(value)) {
    inputs.problem(
      `Input "${name}" is not an http(s) URL (${JSON.stringify(value)}); write a link such as https://...`,
    );
    return undefined;
  }
  return value;
}

/** Slack mention syntax from what people type: `@here`, `<!subteam^S0123>`, `<@U0123>`. */
function mentions(inputs: InputReader): string[] {
  const words = inputs.list('mention-on-failure').flatMap((item) => item.split(/\s+/));
  const result: string[] = [];
  for (const word of words.filter(Boolean)) {
    const special = /^@(here|channel|everyone)$/.exec(word);
    if (special) result.push(`<!${special[1]}>`);
    else if (/^<(!here|!channel|!everyone|!subteam\^[A-Z0-9]+|@[UW][A-Z0-9]+)>$/.test(word)) {
      result.push(word);
    } else {
      inputs.problem(
        `Input "mention-on-failure" has "${word}", which Slack cannot notify; write @here, @channel, <!subteam^S0123ABC> (a user group) or <@U0123ABC> (a person).`,
      );
    }
  }
  return result;
}

function traffic(inputs: InputReader): number | undefined {
  const value = inputs.optionalString('traffic');
  if (value === undefined) return undefined;
  const match = /^(\d{1,3}(?:\.\d+)?)\s*%?$/.exec(value);
  const percent = match ? Number(match[1]) : NaN;
  if (!(percent >= 0 && percent <= 100)) {
    inputs.problem(
      `Input "traffic" is "${value}"; write the percent of traffic on the new version, 0 to 100 (such as 10 or 10%).`,
    );
    return undefined;
  }
  return percent;
}

/** `252` (seconds, as a step computes it) and `4m12s` both read as `4m12s`; other text as given. */
function duration(inputs: InputReader): string | undefined {
  const value = inputs.optionalString('duration');
  if (value === undefined) return undefined;
  if (/^\d+$/.test(value)) return formatDuration(Number(value) * 1000);
  const ms = parseDuration(value);
  return ms === undefined ? value : formatDuration(ms);
}

/** A template is inline JSON/YAML, or the path of a file holding it. */
function template(inputs: InputReader, workspace: string): string | undefined {
  const value = inputs.optionalString('template');
  if (value === undefined) return undefined;
  if (value.includes('\n') || value.startsWith('{')) return value;
  const path = isAbsolute(value) ? value : join(workspace, value);
  if (existsSync(path)) {
    const problem = inputPathProblem('template', path, 'file');
    if (problem) {
      inputs.problem(problem);
      return undefined;
    }
    return readFileSync(path, 'utf8');
  }
  if (/\.(json|ya?ml)$/i.test(value)) {
    inputs.problem(
      `Input "template" names the file "${value}", which does not exist in the workspace; check the path or check out the repository first.`,
    );
    return undefined;
  }
  return value;
}

/** Reads and checks every input at once, before anything is sent. */
export function readInputs(inputs: InputReader, run: RunContext): NotifyInputs {
  const webhookUrl = inputs.secret('webhook-url');
  const botToken = inputs.secret('bot-token');
  const channel = inputs.optionalString('channel');
  const ts = inputs.optionalString('ts');
  const threadTs = inputs.optionalString('thread-ts');
  const apiUrl = url(inputs, 'slack-api-url', 'https://slack.com/api/') ?? 'https://slack.com/api/';

  if (webhookUrl && botToken) {
    inputs.problem(
      'Inputs "webhook-url" and "bot-token" are both set; keep one (bot-token with channel can update the message and thread, a webhook cannot).',
    );
  } else if (!webhookUrl && !botToken) {
    inputs.problem(
      'Input "webhook-url" is required when "bot-token" is not set; add `webhook-url: ${{ secrets.SLACK_WEBHOOK_URL }}`, or `bot-token` and `channel`, under `with:`.',
    );
  }
  const webhookProblem = webhookUrl ? webhookUrlProblem(webhookUrl) : undefined;
  if (webhookProblem) {
    inputs.problem(
      `Input "webhook-url" ${webhookProblem}; copy the Webhook URL from the app's Incoming Webhooks page.`,
    );
  }
  if (botToken && !channel) {
    inputs.problem(
      'Input "channel" is required with "bot-token"; add `channel: C0123ABCD` (the channel ID) under `with:`.',
    );
  }
  if (webhookUrl) {
    for (const name of ['channel', 'ts', 'thread-ts'] as const) {
      const value = inputs.optionalString(name);
      if (value !== undefined) {
        inputs.problem(
          `Input "${name}" needs "bot-token" (it is ${JSON.stringify(value)}): an incoming webhook posts to its own channel and cannot update or thread messages; remove it or use bot-token.`,
        );
      }
    }
  }
  for (const [name, value] of [
    ['ts', ts],
    ['thread-ts', threadTs],
  ] as const) {
    if (value !== undefined && !TS.test(value)) {
      inputs.problem(
        `Input "${name}" is "${value}", not a Slack message timestamp; pass the "ts" output of an earlier notify-slack step (such as 1712345678.123456).`,
      );
    }
  }
  if (botToken && channel && ts && isChannelName(channel)) {
    inputs.problem(
      `Input "channel" is "${channel}", a channel name, but updating the message at "ts" needs the channel ID; pass the channel output of the step that posted it (channel: \${{ steps.<id>.outputs.channel }}, such as C0123ABCD).`,
    );
  }
  if (ts && threadTs) {
    inputs.problem(
      'Inputs "ts" and "thread-ts" are both set; use ts to update the release message and reply in its thread, or thread-ts to only reply.',
    );
  }

  inputs.string('status', { example: 'started' });
  const requested = inputs.oneOf('status', [...RELEASE_STATUSES, 'auto'] as const, 'started');
  const jobStatus = inputs.optionalString('job-status')
    ? inputs.oneOf('job-status', JOB_STATUSES, 'failure')
    : undefined;
  if (requested === 'auto' && jobStatus === undefined) {
    inputs.problem(
      'Input "job-status" is required when status is auto; add `job-status: ${{ job.status }}` under `with:`.',
    );
  }
  const outcome = inputs.optionalString('outcome')
    ? inputs.oneOf('outcome', DEPLOYMENT_OUTCOMES, 'in-progress')
    : undefined;
  const rolledBack = inputs.boolean('rolled-back', false) || outcome === 'rolled-back';
  const status = resolveStatus(requested, jobStatus, rolledBack, outcome === 'ready');

  const environment = inputs.optionalString('environment');
  const commit = inputs.optionalString('commit') ?? run.authored.commit;
  const details: ReleaseDetails = {
    status,
    title: inputs.optionalString('title') ?? defaultTitle(run.repository, environment),
    environment,
    image: inputs.optionalString('image'),
    taskDefinitionArn: inputs.optionalString('task-definition-arn'),
    deploymentId: inputs.optionalString('deployment-id'),
    outcome,
    traffic: traffic(inputs),
    duration: duration(inputs),
    consoleUrl: url(inputs, 'console-url'),
    runUrl: url(inputs, 'run-url', runUrl(run)),
    approvalUrl: url(inputs, 'approval-url'),
    commit,
    commitUrl: commit && commitUrl(run, commit),
    // The event's message describes the event's commit only.
    commitMessage: commit === run.authored.commit ? run.authored.message : undefined,
    author: inputs.optionalString('author') ?? run.authored.author,
    repository: run.repository,
    ref: run.refName,
    fields: inputs.keyValues('fields').map(({ key, value }) => ({ key, value })),
    mentions: mentions(inputs),
  };
  const source = template(inputs, run.workspace);
  const failOnError = inputs.boolean('fail-on-error', false);
  inputs.done();

  const destination: Destination = webhookUrl
    ? { kind: 'webhook' }
    : { kind: 'web-api', channel: channel ?? '', ts, threadTs };
  return {
    details,
    connection: { webhookUrl, botToken, apiUrl },
    destination,
    template: source,
    failOnError,
  };
}
