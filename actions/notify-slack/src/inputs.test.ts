import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputReader } from '../../../lib/github/index.js';
import { isActionError } from '../../../lib/errors/action-error.js';
import { readInputs } from './inputs.js';
import { runContext } from '../../../lib/github/run-context.js';
import { declaredInputs, inputsRead } from '../../../test/support/action-inputs.js';

const run = runContext(
  {
    GITHUB_REPOSITORY: 'org/api',
    GITHUB_RUN_ID: '7',
    GITHUB_SHA: 'feedface00',
    GITHUB_ACTOR: 'octocat',
    GITHUB_REF_NAME: 'main',
  },
  { head_commit: { message: 'Ship it\n\nlong body', author: { username: 'hubot' } } },
);

function read(values: Record<string, string>, workspace?: string) {
  const masked: string[] = [];
  const reader = new InputReader(
    (name) => values[name] ?? '',
    (secret) => masked.push(secret),
  );
  return { inputs: readInputs(reader, { ...run, workspace: workspace ?? run.workspace }), masked };
}

function problems(values: Record<string, string>): string {
  try {
    read(values);
  } catch (error) {
    if (isActionError(error)) return error.line;
    throw error;
  }
  throw new Error('expected input problems');
}

const BOT = { 'bot-token': 'xoxb-1', channel: 'C1', status: 'started' };
const HOOK = { 'webhook-url': 'https://hooks.slack.com/services/T/B/secret', status: 'started' };

describe('readInputs', () => {
  it('masks the token and fills links, commit and author from the run', () => {
    const { inputs, masked } = read(BOT);
    expect(masked).toEqual(['xoxb-1']);
    expect(inputs.destination).toEqual({
      kind: 'web-api',
      channel: 'C1',
      ts: undefined,
      threadTs: undefined,
    });
    expect(inputs.connection.apiUrl).toBe('https://slack.com/api/');
    expect(inputs.details).toMatchObject({
      title: 'api',
      runUrl: 'https://github.com/org/api/actions/runs/7',
      commit: 'feedface00',
      commitUrl: 'https://github.com/org/api/commit/feedface00',
      commitMessage: 'Ship it',
      author: 'hubot',
      ref: 'main',
    });
  });

  it('reads the deployment details the other actions output', () => {
    const { inputs } = read({
      ...HOOK,
      environment: 'production',
      traffic: '25%',
      duration: '252',
      'mention-on-failure': '@here, <!subteam^S01>',
      fields: 'Region=eu-west-1\nNote=a=b',
      commit: 'abc123',
    });
    expect(inputs.details).toMatchObject({
      title: 'api to production',
      traffic: 25,
      duration: '4m12s',
      mentions: ['<!here>', '<!subteam^S01>'],
      fields: [
        { key: 'Region', value: 'eu-west-1' },
        { key: 'Note', value: 'a=b' },
      ],
      commit: 'abc123',
      commitMessage: undefined,
    });
  });

  it('maps status auto from the job status, and a rollback is never a success', () => {
    expect(read({ ...BOT, status: 'auto', 'job-status': 'cancelled' }).inputs.details.status).toBe(
      'cancelled',
    );
    expect(
      read({ ...BOT, status: 'auto', 'job-status': 'success', 'rolled-back': 'true' }).inputs
        .details.status,
    ).toBe('rolled-back');
  });

  it('reads bluegreen-deploy outcome: rolled-back is a rollback, ready awaits approval, others are refused', () => {
    const status = (outcome: string) =>
      read({ ...BOT, status: 'auto', 'job-status': 'success', outcome }).inputs.details;
    expect(status('rolled-back').status).toBe('rolled-back');
    expect(status('ready')).toMatchObject({ status: 'awaiting-approval', outcome: 'ready' });
    expect(status('in-progress')).toMatchObject({ status: 'succeeded', outcome: 'in-progress' });
    expect(problems({ ...BOT, outcome: 'done' })).toContain(
      'Input "outcome" is "done"; write one of: succeeded, failed, rolled-back, ready, in-progress',
    );
  });

  it('reads a template from a file in the workspace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'notify-inputs-'));
    writeFileSync(join(dir, 'slack.json'), '{"text": "${title}"}');
    expect(read({ ...HOOK, template: 'slack.json' }, dir).inputs.template).toBe(
      '{"text": "${title}"}',
    );
    expect(read({ ...HOOK, template: 'text: hi\nblocks: []' }, dir).inputs.template).toBe(
      'text: hi\nblocks: []',
    );
  });

  it.each([
    [{ status: 'started' }, 'Input "webhook-url" is required when "bot-token" is not set'],
    [{ ...BOT, 'webhook-url': 'https://x/y' }, 'Inputs "webhook-url" and "bot-token" are both set'],
    [{ 'bot-token': 'xoxb-1', status: 'started' }, 'Input "channel" is required with "bot-token"'],
    [{ ...HOOK, ts: '1.2' }, 'Input "ts" needs "bot-token"'],
    [{ ...BOT, ts: 'yesterday' }, 'Input "ts" is "yesterday", not a Slack message timestamp'],
    [{ ...BOT, ts: '1.2', 'thread-ts': '1.3' }, 'Inputs "ts" and "thread-ts" are both set'],
    [
      { ...BOT, status: 'done' },
      'Input "status" is "done"; write one of: started, awaiting-approval',
    ],
    [{ ...BOT, status: 'auto' }, 'Input "job-status" is required when status is auto'],
    [{ ...BOT, traffic: '150' }, 'Input "traffic" is "150"; write the percent'],
    [{ ...BOT, 'run-url': 'github.com/x' }, 'Input "run-url" is not an http(s) URL'],
    [{ ...BOT, 'mention-on-failure': 'oncall' }, 'Input "mention-on-failure" has "oncall"'],
    [
      { ...BOT, template: 'missing.yml' },
      'Input "template" names the file "missing.yml", which does not exist',
    ],
    [{ ...BOT, 'fail-on-error': 'yes' }, 'Input "fail-on-error" is "yes"; write true or false'],
  ])('%j -> %s', (values, expected) => {
    expect(problems(values)).toContain(expected);
  });

  it('reports every problem at once and never shows the webhook URL', () => {
    const line = problems({
      'webhook-url': 'not a url secretpart',
      status: 'bogus',
      traffic: 'lots',
    });
    expect(line).toMatch(/^3 problems:/);
    expect(line).not.toContain('secretpart');
  });
});

describe('inputs', () => {
  it('reads exactly the inputs action.yml declares', () => {
    expect(
      inputsRead('notify-slack', (reader) => readInputs(reader, run), {
        'webhook-url': 'https://hooks.slack.com/services/T/B/x',
      }),
    ).toEqual(declaredInputs('notify-slack'));
  });
});
