import { describe, expect, it } from 'vitest';
import { code, escapeCell, table } from './markdown.js';

describe('markdown', () => {
  it('escapes pipes and newlines in table cells', () => {
    expect(escapeCell('a|b\nc')).toBe('a\\|b<br>c');
    expect(table(['k', 'v'], [['image', 'repo@sha256:1|2']])).toBe(
      '| k | v |\n| --- | --- |\n| image | repo@sha256:1\\|2 |\n',
    );
  });

  it('uses a longer fence when the text holds one', () => {
    expect(code('```x```')).toBe('````\n```x```\n````\n');
  });
});
