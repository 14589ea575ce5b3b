import { describe, expect, it } from 'vitest';
import { parseTestHeader } from './test-header.js';

describe('parseTestHeader', () => {
  it.each([
    ['X-Test-Route: green', { name: 'X-Test-Route', value: 'green' }],
    ['  x-canary:  a:b=c  ', { name: 'x-canary', value: 'a:b=c' }],
    ['Authorization: Bearer abc.def', { name: 'Authorization', value: 'Bearer abc.def' }],
  ])('%j is a header', (text, header) => {
    expect(parseTestHeader(text)).toEqual({ header });
  });

  it.each([
    ['X-Flag sekrit', 'has no colon'],
    [': sekrit', 'has no header name'],
    ['X Flag: sekrit', 'characters HTTP does not allow'],
    ['X-Flag:   ', 'has no value after the colon'],
    ['X-Flag: sekrit\nX-Other: 2', 'more than one line'],
    ['X-Flag: sek\u0001rit', 'control characters'],
  ])('%j is refused: %s, naming the input and the fix without the text', (text, why) => {
    const result = parseTestHeader(text);
    expect('problem' in result).toBe(true);
    const problem = (result as { problem: string }).problem;
    expect(problem).toContain('Input "test-header"');
    expect(problem).toContain(why);
    for (const part of text.split(/[:\s]+/).filter((p) => p.length > 2))
      expect(problem).not.toContain(part);
  });
});
