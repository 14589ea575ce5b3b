import { describe, expect, it } from 'vitest';
import { buildReleaseMessage, buildStageReply, escapeMrkdwn } from './release-message.js';
import {
  defaultTitle,
  shortImage,
  shortTaskDefinition,
  trafficBar,
  type ReleaseDetails,
} from './release.js';

type Block = {
  type: string;
  text?: { text: string };
  fields?: { text: string }[];
  elements?: Record<string, unknown>[];
};

const base: ReleaseDetails = {
  status: 'awaiting-approval',
  title: 'api to production',
  environment: 'production',
  image: '123.dkr.ecr.us-east-1.amazonaws.com/team/api@sha256:' + '0123456789ab'.repeat(5) + 'cdef',
  taskDefinitionArn: 'arn:aws:ecs:us-east-1:123:task-definition/api:42',
  deploymentId: 'd-ABCDEF123',
  traffic: 10,
  duration: '4m12s',
  consoleUrl: 'https://console.aws.amazon.com/codesuite/codedeploy/deployments/d-ABCDEF123',
  runUrl: 'https://github.com/org/api/actions/runs/1',
  approvalUrl: 'https://github.com/org/api/actions/runs/1',
  commit: 'a1b2c3d4e5f6',
  commitUrl: 'https://github.com/org/api/commit/a1b2c3d4e5f6',
  commitMessage: 'Fix <script> & things',
  author: 'octocat',
  repository: 'org/api',
  ref: 'main',
  fields: [{ key: 'Region', value: '<https://x|eu-west-1>' }],
  mentions: ['<!subteam^S0ONCALL>'],
};

const blocksOf = (m: ReturnType<typeof buildReleaseMessage>) =>
  m.attachments![0]!.blocks as Block[];

describe('an ECS-native deployment', () => {
  const native: ReleaseDetails = {
    ...base,
    status: 'awaiting-approval',
    deploymentId:
      'arn:aws:ecs:us-east-1:123456789012:service-deployment/production/web/OLM8zqSkPUsjz_-lRIUeE',
    consoleUrl:
      'https://us-east-1.console.aws.amazon.com/ecs/v2/clusters/production/services/web/deployments/OLM8zqSkPUsjz_-lRIUeE?region=us-east-1',
    outcome: 'ready',
    traffic: 0,
  };

  it('shows the stage, traffic per revision, the short deployment id and the ECS console', () => {
    const blocks = blocksOf(buildReleaseMessage(native));
    expect(blocks[1]!.text!.text).toBe(
      ':hourglass_flowing_sand: *Awaiting approval* in `production`\nWaiting for a reviewer to approve the release.\nTest traffic: the new revision has all test traffic and no production traffic; held by the PAUSE hook at POST_TEST_TRAFFIC_SHIFT until promoted.',
    );
    const fields = blocks[2]!.fields!.map((f) => f.text);
    expect(fields).toContain(`*Deployment*\n<${native.consoleUrl}|web/OLM8zqSkPUsjz_-lRIUeE>`);
    expect(fields).toContain('*Traffic per revision*\n▱▱▱▱▱▱▱▱▱▱ 0%\nnew 0% · previous 100%');
    const buttons = blocks.at(-1)!.elements!.map((e) => (e.text as { text: string }).text);
    expect(buttons).toContain('Open in ECS console');
  });

  it('during the canary and the bake', () => {
    const canary = blocksOf(
      buildStageReply({ ...native, status: 'promoted', outcome: 'in-progress', traffic: 10 }),
    );
    expect(canary[0]!.text!.text).toContain(
      'Production traffic shift: 10% on the new revision, 90% on the previous revision.',
    );
    const bake = blocksOf(
      buildStageReply({ ...native, status: 'succeeded', outcome: 'in-progress', traffic: 100 }),
    );
    expect(bake[0]!.text!.text).toContain('Bake time: all production traffic on the new revision');
  });
});

describe('buildReleaseMessage', () => {
  it('is a coloured attachment: header, status, facts, commit, buttons', () => {
    const message = buildReleaseMessage(base);
    expect(message.attachments![0]!.color).toBe('#ecb22e');
    const blocks = blocksOf(message);
    expect(blocks.map((b) => b.type)).toEqual([
      'header',
      'section',
      'section',
      'context',
      'actions',
    ]);
    expect(blocks[0]!.text!.text).toBe(':hourglass_flowing_sand: api to production');
    expect(blocks[1]!.text!.text).toBe(
      ':hourglass_flowing_sand: *Awaiting approval* in `production`\nWaiting for a reviewer to approve the release.',
    );
    expect(blocks[2]!.fields!.map((f) => f.text)).toEqual([
      '*Environment*\n`production`',
      '*Image*\n`api@sha256:0123456789ab`',
      '*Task definition*\n`api:42`',
      `*Deployment*\n<${base.consoleUrl}|d-ABCDEF123>`,
      '*Traffic on new version*\n▰▱▱▱▱▱▱▱▱▱ 10%',
      '*Duration*\n4m12s',
      `*Commit*\n<${base.commitUrl}|a1b2c3d>`,
      '*Author*\noctocat',
      '*Region*\n<https://x|eu-west-1>',
    ]);
    expect(blocks[3]!.elements![0]!.text).toBe('org/api@main · “Fix &lt;script&gt; &amp; things”');
  });

  it('puts a primary approval button first while the release waits', () => {
    const actions = blocksOf(buildReleaseMessage(base))[4]!.elements!;
    expect(actions.map((a) => [a.action_id, a.style, a.url])).toEqual([
      ['notify-slack-approve', 'primary', base.approvalUrl],
      ['notify-slack-run', undefined, base.runUrl],
      ['notify-slack-console', undefined, base.consoleUrl],
    ]);
  });

  it('shows no approval button once the release has moved on', () => {
    const actions = blocksOf(buildReleaseMessage({ ...base, status: 'promoted' }))[4]!.elements!;
    expect(actions.map((a) => a.action_id)).toEqual(['notify-slack-run', 'notify-slack-console']);
  });

  it('mentions people in the notifying text on failure only', () => {
    expect(buildReleaseMessage({ ...base, status: 'failed' }).text).toBe(
      '<!subteam^S0ONCALL> :x: api to production: Failed',
    );
    expect(buildReleaseMessage({ ...base, status: 'succeeded' }).text).toBe(
      ':white_check_mark: api to production: Succeeded',
    );
  });

  it('drops what is not known instead of showing empty facts', () => {
    const bare: ReleaseDetails = { status: 'started', title: 'api', fields: [], mentions: [] };
    expect(blocksOf(buildReleaseMessage(bare)).map((b) => b.type)).toEqual(['header', 'section']);
  });
});

describe('buildStageReply', () => {
  it('has the status and facts but no header', () => {
    const blocks = blocksOf(buildStageReply(base));
    expect(blocks.map((b) => b.type)).toEqual(['section', 'section', 'actions']);
  });
});

describe('small formatters', () => {
  it.each([
    ['repo@sha256:' + 'f'.repeat(64), 'repo@sha256:ffffffffffff'],
    ['registry.example:5000/a/b/web:1.2', 'web:1.2'],
  ])('shortImage(%s) = %s', (image, expected) => expect(shortImage(image)).toBe(expected));

  it('shortens task definition ARNs and leaves other text', () => {
    expect(shortTaskDefinition('arn:aws:ecs:eu-west-1:1:task-definition/web:3')).toBe('web:3');
    expect(shortTaskDefinition('web:3')).toBe('web:3');
  });

  it.each([
    [0, '▱▱▱▱▱▱▱▱▱▱ 0%'],
    [55, '▰▰▰▰▰▰▱▱▱▱ 55%'],
    [100, '▰▰▰▰▰▰▰▰▰▰ 100%'],
  ])('trafficBar(%i)', (percent, expected) => expect(trafficBar(percent)).toBe(expected));

  it('titles a release after the repository and environment', () => {
    expect(defaultTitle('org/api', 'staging')).toBe('api to staging');
    expect(defaultTitle(undefined, undefined)).toBe('Release');
  });

  it('escapes mrkdwn control characters', () => {
    expect(escapeMrkdwn('a<b>&c')).toBe('a&lt;b&gt;&amp;c');
  });
});
