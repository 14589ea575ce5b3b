import { describe, expect, it } from 'vitest';
import { isActionError } from '../errors/action-error.js';
import { parseTemplate, renderTemplate } from './template.js';

function failure(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (isActionError(error)) return error.line;
    throw error;
  }
  throw new Error('expected an ActionError');
}

describe('parseTemplate', () => {
  it('reads JSON and YAML alike', () => {
    expect(parseTemplate('{"text": "hi"}')).toEqual({ text: 'hi' });
    expect(parseTemplate('text: hi\nblocks:\n  - type: divider\n')).toEqual({
      text: 'hi',
      blocks: [{ type: 'divider' }],
    });
  });

  it('names the format and the input when it cannot parse', () => {
    expect(failure(() => parseTemplate('{"text": '))).toMatch(
      /^Input "template" is not valid JSON: /,
    );
    expect(failure(() => parseTemplate('text: [unclosed'))).toMatch(
      /^Input "template" is not valid YAML: /,
    );
  });

  it('refuses a list or a scalar', () => {
    expect(failure(() => parseTemplate('- type: divider'))).toMatch(
      /a bare list of blocks goes under "blocks"/,
    );
  });
});

describe('renderTemplate', () => {
  const variables = { title: 'api "prod"', status: 'failed', multi: 'line 1\nline 2' };

  it('fills every string, keeping quotes and newlines inside the JSON values', () => {
    const rendered = renderTemplate(
      {
        text: '${title} ${status}',
        blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '${multi}' } }],
      },
      variables,
    );
    expect(rendered).toEqual({
      text: 'api "prod" failed',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'line 1\nline 2' } }],
    });
  });

  it('uses a default for an unset variable and keeps $${...} literal', () => {
    expect(renderTemplate({ text: '${approval_url:-no link} $${title}' }, variables)).toEqual({
      text: 'no link ${title}',
    });
  });

  it('lists every unset variable once, sorted, with what is set', () => {
    const line = failure(() =>
      renderTemplate({ text: '${zeta} ${alpha}', more: ['${zeta}'] }, variables),
    );
    expect(line).toBe(
      'Input "template" uses variables with no value: alpha, zeta. Set them (an input, or a KEY=VALUE line in "fields"), or give a default: ${alpha:-text}. Set now: multi, status, title.',
    );
  });

  it('leaves numbers and booleans alone', () => {
    expect(renderTemplate({ unfurl_links: false, n: 3 }, {})).toEqual({
      unfurl_links: false,
      n: 3,
    });
  });
});
