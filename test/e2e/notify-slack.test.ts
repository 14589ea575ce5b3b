import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RecordingSlackServer } from '../../lib/slack/testing/recording-slack-server.js';
import { runAction } from '../support/run-action.js';

const TOKEN = 'xoxb-e2e-bot-token-4f9a';
const WEBHOOK_PATH = '/services/T0E2E/B0E2E/e2ewebhooksecret';
let server: RecordingSlackServer;

const runner = {
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_REPOSITORY: 'org/api',
  GITHUB_RUN_ID: '4242',
  GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
  GITHUB_ACTOR: 'octocat',
  GITHUB_REF_NAME: 'main',
};

/** Everything printed, minus the ::add-mask:: commands that hand the secrets to the runner. */
const printed = (r: { stdout: string; stderr: string }) =>
  (r.stdout + r.stderr)
    .split('\n')
    .filter((l) => !l.startsWith('::add-mask::'))
    .join('\n');

const bot = (inputs: Record<string, string>) =>
  runAction('notify-slack', {
    inputs: {
      'bot-token': TOKEN,
      channel: 'C0DEPLOYS',
      'slack-api-url': server.apiUrl,
      environment: 'production',
      ...inputs,
    },
    env: runner,
  });

beforeAll(async () => {
  server = await new RecordingSlackServer({
    token: TOKEN,
    channels: ['C0DEPLOYS'],
    webhookPath: WEBHOOK_PATH,
  }).start();
});
afterAll(() => server.stop());
beforeEach(() => {
  server.requests.length = 0;
});

describe('notify-slack bundle against a local Slack', () => {
  it('a #name channel works for the first post, whose channel output (the ID) the next stage uses', async () => {
    const started = await bot({ status: 'started', channel: '#deploys' });
    expect(started.code).toBe(0);
    expect(started.outputs.channel).toBe('C0DEPLOYS');
    const done = await bot({
      status: 'succeeded',
      ts: started.outputs.ts!,
      channel: started.outputs.channel!,
    });
    expect(done.code).toBe(0);
    expect(server.requests.map((r) => [r.path, r.body.channel])).toEqual([
      ['/api/chat.postMessage', '#deploys'],
      ['/api/chat.update', 'C0DEPLOYS'],
      ['/api/chat.postMessage', 'C0DEPLOYS'],
    ]);
  });

  it('posts the release message, then updates it with the ts output and replies in its thread', async () => {
    const started = await bot({
      status: 'started',
      image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/api@sha256:' + 'ab'.repeat(32),
    });
    expect(started.code).toBe(0);
    expect(started.outputs).toMatchObject({ channel: 'C0DEPLOYS', sent: 'true', 'reply-ts': '' });
    expect(started.outputs.ts).toMatch(/^\d+\.\d+$/);
    expect(server.requests.map((r) => r.path)).toEqual(['/api/chat.postMessage']);
    const posted = server.requests[0]!.body;
    expect(posted.text).toBe(':rocket: api to production: Started');
    const blocks = (posted.attachments as { blocks: { type: string }[] }[])[0]!.blocks;
    expect(blocks.map((b) => b.type)).toEqual([
      'header',
      'section',
      'section',
      'context',
      'actions',
    ]);
    expect(JSON.stringify(blocks)).toContain('https://github.com/org/api/actions/runs/4242');

    const waiting = await bot({
      status: 'awaiting-approval',
      ts: started.outputs.ts!,
      channel: started.outputs.channel!,
      'approval-url': 'https://github.com/org/api/actions/runs/4242',
    });
    expect(waiting.code).toBe(0);
    expect(waiting.outputs.ts).toBe(started.outputs.ts);
    expect(waiting.outputs['reply-ts']).toMatch(/^\d+\.\d+$/);
    expect(server.requests.slice(1).map((r) => r.path)).toEqual([
      '/api/chat.update',
      '/api/chat.postMessage',
    ]);
    const stored = server.messages.get(started.outputs.ts!)!;
    expect((stored.body.attachments as { color: string }[])[0]!.color).toBe('#ecb22e');
    expect(JSON.stringify(stored.body)).toContain('Review and approve');
    expect(stored.replies).toHaveLength(1);
    expect(printed(started) + printed(waiting)).not.toContain(TOKEN);
  });

  it('follows an ECS-native deployment: held at test traffic, the canary, rolled back, with the ECS console', async () => {
    const arn =
      'arn:aws:ecs:us-east-1:123456789012:service-deployment/production/web/OLM8zqSkPUsjz_-lRIUeE';
    const consoleUrl =
      'https://us-east-1.console.aws.amazon.com/ecs/v2/clusters/production/services/web/deployments/OLM8zqSkPUsjz_-lRIUeE?region=us-east-1';
    const deploy = { 'deployment-id': arn, 'console-url': consoleUrl };
    const started = await bot({ status: 'started' });
    const held = await bot({
      ...deploy,
      ts: started.outputs.ts!,
      status: 'auto',
      'job-status': 'success',
      outcome: 'ready',
      traffic: '0',
    });
    expect(held.code).toBe(0);
    expect(held.outputs.status).toBe('awaiting-approval');
    const message = JSON.stringify(server.messages.get(started.outputs.ts!)!.body);
    expect(message).toContain('held by the PAUSE hook at POST_TEST_TRAFFIC_SHIFT until promoted');
    expect(message).toContain(`<${consoleUrl}|web/OLM8zqSkPUsjz_-lRIUeE>`);
    expect(message).toContain('new 0% · previous 100%');
    expect(message).toContain('Open in ECS console');

    const canary = await bot({
      ...deploy,
      ts: started.outputs.ts!,
      status: 'promoted',
      outcome: 'in-progress',
      traffic: '10',
    });
    expect(canary.code).toBe(0);
    const reply = JSON.stringify(server.messages.get(started.outputs.ts!)!.replies.at(-1));
    expect(reply).toContain(
      'Production traffic shift: 10% on the new revision, 90% on the previous revision.',
    );

    const rolledBack = await bot({
      ...deploy,
      ts: started.outputs.ts!,
      status: 'auto',
      'job-status': 'failure',
      outcome: 'rolled-back',
      traffic: '0',
    });
    expect(rolledBack.outputs.status).toBe('rolled-back');
    expect(JSON.stringify(server.messages.get(started.outputs.ts!)!.body)).toContain(
      'Rolled back: all production traffic on the previous revision.',
    );
  });

  it('honours a 429 Retry-After with the default retry policy of the bundle', async () => {
    server.queue({
      status: 429,
      headers: { 'retry-after': '1' },
      body: '{"ok":false,"error":"ratelimited"}',
    });
    const result = await bot({ status: 'started' });
    expect(result.code).toBe(0);
    expect(result.outputs.sent).toBe('true');
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]!.at - server.requests[0]!.at).toBeGreaterThanOrEqual(950);
    expect(result.stdout).toContain(
      'Slack post attempt 1 failed (rate limited (HTTP 429)); retrying in 1s',
    );
  });

  it('turns a failed send into a ::warning:: with Slack error and exits 0', async () => {
    const result = await bot({ status: 'started', channel: 'C0MISSING' });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^::warning title=notify-slack::Slack notification not sent: post failed: channel_not_found\. Check "channel"/m,
    );
    expect(result.outputs.sent).toBe('false');
    expect(result.stdout).not.toMatch(/^::error/m);
  });

  it('fails the step on a failed send when fail-on-error is true, without a stack', async () => {
    const result = await runAction('notify-slack', {
      inputs: {
        'bot-token': 'xoxb-revoked',
        channel: 'C0DEPLOYS',
        'slack-api-url': server.apiUrl,
        status: 'succeeded',
        'fail-on-error': 'true',
      },
      env: runner,
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^::warning title=notify-slack::.*invalid_auth/m);
    expect(result.stdout).toMatch(
      /^::error::Slack notification not sent: post failed: invalid_auth/m,
    );
    expect(printed(result)).not.toContain('xoxb-revoked');
    expect(result.stdout + result.stderr).not.toMatch(/\n\s+at /);
  });

  it('posts through a webhook, maps job.status, and mentions on failure', async () => {
    const result = await runAction('notify-slack', {
      inputs: {
        'webhook-url': server.webhookUrl,
        status: 'auto',
        'job-status': 'failure',
        'mention-on-failure': '@here <!subteam^S0ONCALL>',
        fields: 'Region=eu-west-1',
      },
      env: runner,
    });
    expect(result.code).toBe(0);
    expect(result.outputs).toMatchObject({ status: 'failed', sent: 'true', ts: '' });
    const body = server.requests[0]!.body;
    expect(body.text).toBe('<!here> <!subteam^S0ONCALL> :x: api: Failed');
    expect(JSON.stringify(body)).toContain('*Region*\\neu-west-1');
    expect(printed(result)).not.toContain('e2ewebhooksecret');
  });

  it('renders a YAML template file and refuses, before sending, one with unset variables', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'notify-template-'));
    writeFileSync(
      join(dir, 'ok.yml'),
      'text: "${status_emoji} ${title} is ${status_label}"\nblocks:\n  - type: section\n    text: {type: mrkdwn, text: "Deploy ${deployment_id} by ${author}"}\n',
    );
    writeFileSync(join(dir, 'bad.json'), '{"text": "${nope} ${deployment_id} ${also_missing}"}');
    const env = { ...runner, GITHUB_WORKSPACE: dir };
    const inputs = {
      'webhook-url': server.webhookUrl,
      status: 'succeeded',
      'deployment-id': 'd-ABC123',
    };

    const ok = await runAction('notify-slack', { inputs: { ...inputs, template: 'ok.yml' }, env });
    expect(ok.code).toBe(0);
    expect(server.requests[0]!.body).toEqual({
      text: ':white_check_mark: api is Succeeded',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Deploy d-ABC123 by octocat' } }],
    });

    const bad = await runAction('notify-slack', {
      inputs: { ...inputs, template: 'bad.json' },
      env,
    });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(
      /^::error::Input "template" uses variables with no value: also_missing, nope\./m,
    );
    expect(server.requests).toHaveLength(1);
  });
});
