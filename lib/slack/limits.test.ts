import { describe, expect, it } from 'vitest';
import { fitBlocks, fitMessage, SLACK_LIMITS, truncate } from './limits.js';
import { blockKitProblem } from './testing/recording-slack-server.js';

describe('truncate', () => {
  it.each([
    ['short', 10, 'short'],
    ['exactly10!', 10, 'exactly10!'],
    ['abcdefghijk', 5, 'abcd…'],
    // A half-cut link would render as raw markup: it goes whole.
    ['see <https://example.com/very/long|the run>', 20, 'see …'],
    // An emoji (a surrogate pair) is never split.
    ['ab😀cd', 4, 'ab…'],
  ])('%j to %i -> %j', (text, max, expected) => {
    expect(truncate(text, max)).toBe(expected);
    expect(truncate(text, max).length).toBeLessThanOrEqual(max);
  });
});

describe('fitBlocks', () => {
  it('shortens a header to 150 characters and a section to 3000', () => {
    const [header, section] = fitBlocks([
      { type: 'header', text: { type: 'plain_text', text: 'h'.repeat(200) } },
      { type: 'section', text: { type: 'mrkdwn', text: 's'.repeat(5000) } },
    ]) as { text: { text: string } }[];
    expect(header!.text.text).toHaveLength(SLACK_LIMITS.headerText);
    expect(header!.text.text.endsWith('…')).toBe(true);
    expect(section!.text.text).toHaveLength(SLACK_LIMITS.sectionText);
  });

  it('splits 23 fields into sections of 10, 10 and 3, each field within 2000 characters', () => {
    const fields = Array.from({ length: 23 }, (_, i) => ({
      type: 'mrkdwn',
      text: `${i}`.repeat(2100),
    }));
    const sections = fitBlocks([{ type: 'section', fields }]) as { fields: { text: string }[] }[];
    expect(sections.map((s) => s.fields.length)).toEqual([10, 10, 3]);
    expect(sections.flatMap((s) => s.fields).every((f) => f.text.length <= 2000)).toBe(true);
  });

  it('keeps 49 of 60 blocks and says how many were left out', () => {
    const blocks = Array.from({ length: 60 }, () => ({ type: 'divider' }));
    const fitted = fitBlocks(blocks) as { type: string; elements?: { text: string }[] }[];
    expect(fitted).toHaveLength(50);
    expect(fitted[49]!.type).toBe('context');
    expect(fitted[49]!.elements![0]!.text).toBe(
      '… 11 more blocks not shown (Slack shows at most 50)',
    );
  });

  it('shortens button labels and caps action and context elements', () => {
    const button = {
      type: 'button',
      text: { type: 'plain_text', text: 'b'.repeat(100) },
      url: 'https://x',
    };
    const [actions, context] = fitBlocks([
      { type: 'actions', elements: Array.from({ length: 30 }, () => button) },
      {
        type: 'context',
        elements: Array.from({ length: 12 }, () => ({ type: 'mrkdwn', text: 'c' })),
      },
    ]) as { elements: { text: { text: string } }[] }[];
    expect(actions!.elements).toHaveLength(25);
    expect(actions!.elements[0]!.text.text).toHaveLength(75);
    expect(context!.elements).toHaveLength(10);
  });

  it('leaves blocks it does not know as they are', () => {
    const image = { type: 'image', image_url: 'https://x/y.png', alt_text: 'y' };
    expect(fitBlocks([image])).toEqual([image]);
  });
});

describe('fitMessage', () => {
  it('fits top-level blocks and attachment blocks so Slack accepts them', () => {
    const many = Array.from({ length: 70 }, () => ({
      type: 'section',
      text: { type: 'mrkdwn', text: 'x'.repeat(4000) },
    }));
    const message = {
      text: 't'.repeat(50_000),
      blocks: many,
      attachments: [{ color: '#fff', blocks: many }],
    };
    expect(blockKitProblem(message)).toBeDefined();
    const fitted = fitMessage(message);
    expect(blockKitProblem(fitted)).toBeUndefined();
    expect(fitted.text).toHaveLength(SLACK_LIMITS.messageText);
    expect(message.blocks).toHaveLength(70); // the input is not changed
  });
});
