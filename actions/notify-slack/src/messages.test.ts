import { describe, expect, it } from 'vitest';
import type { ReleaseDetails } from '../../../lib/slack/index.js';
import { composeMessages } from './messages.js';

const details: ReleaseDetails = {
  status: 'rolled-back',
  title: 'api to production',
  deploymentId: 'd-1',
  fields: [{ key: 'Region', value: 'eu-west-1' }],
  mentions: ['<!here>'],
};

describe('composeMessages', () => {
  it('builds the release message and the stage reply, flagged as a failure', () => {
    const { release, stage, failure } = composeMessages(details);
    expect(failure).toBe(true);
    expect(release.text).toBe('<!here> :leftwards_arrow_with_hook: api to production: Rolled back');
    expect(stage.attachments![0]!.color).toBe('#d9480f');
  });

  it('uses a template for the release message, keeping our text when it has none', () => {
    const { release, stage } = composeMessages(
      details,
      'blocks:\n  - type: section\n    text: {type: mrkdwn, text: "${status_emoji} ${deployment_id} in ${Region}"}',
    );
    expect(release).toEqual({
      text: '<!here> :leftwards_arrow_with_hook: api to production: Rolled back',
      blocks: [
        {
          type: 'section',
          text: { type: 'mrkdwn', text: ':leftwards_arrow_with_hook: d-1 in eu-west-1' },
        },
      ],
    });
    expect(stage.text).toBe(release.text);
  });

  it("keeps the template's own text", () => {
    expect(composeMessages(details, '{"text": "${title}!"}').release).toEqual({
      text: 'api to production!',
    });
  });
});
