import { describe, expect, it } from 'vitest';
import { parseFilterPattern } from './filter-pattern.js';

function matches(pattern: string, message: string): boolean {
  const parsed = parseFilterPattern(pattern);
  if (typeof parsed !== 'function') throw new Error(parsed.error);
  return parsed(message);
}

describe('parseFilterPattern', () => {
  it.each([
    ['', 'anything', true],
    ['ERROR', 'level=ERROR boom', true],
    ['ERROR', 'level=error boom', false],
    ['ERROR boom', 'boom ERROR', true],
    ['ERROR boom', 'ERROR only', false],
    ['"applied 2"', 'migrations applied 2', true],
    ['"applied 2"', 'applied 3 2', false],
    ['ERROR -retry', 'ERROR final', true],
    ['ERROR -retry', 'ERROR retry 1', false],
    ['?ERROR ?WARN', 'WARN disk', true],
    ['?ERROR ?WARN', 'INFO ok', false],
  ])('%j on %j is %s', (pattern, message, expected) => {
    expect(matches(pattern, message)).toBe(expected);
  });

  it('refuses JSON and space-delimited patterns, naming them', () => {
    expect(parseFilterPattern('{ $.level = "error" }')).toEqual({
      error: expect.stringContaining('{ $.level = "error" }'),
    });
    expect(parseFilterPattern('[ip, user]')).toEqual({ error: expect.stringContaining('[ip') });
  });
});
