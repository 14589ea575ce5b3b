import { describe, expect, it } from 'vitest';
import { show, splitCommand, splitList } from './list.js';

describe('show', () => {
  it.each([
    ['plain', '"plain"'],
    ['\n  \n', '"\\n  \\n"'],
    ['a\r\nb', '"a\\nb"'],
    ['say "hi"', '"say \\"hi\\""'],
    ['x'.repeat(81), `"${'x'.repeat(77)}..."`],
  ])('shows %j as %s, on one line', (value, shown) => {
    expect(show(value)).toBe(shown);
    expect(show(value)).not.toContain('\n');
  });
});

describe('splitCommand', () => {
  it('keeps quoted words together', () => {
    expect(splitCommand('sh -c "echo a b"')).toEqual({ items: ['sh', '-c', 'echo a b'] });
  });
  it('names an unclosed quote', () => {
    expect(splitCommand('sh -c "echo')).toEqual({
      problem: 'has an unclosed " in "sh -c \\"echo"',
    });
  });
});

describe('splitList', () => {
  it('drops empty items and comments, keeps a quoted comma', () => {
    expect(splitList('a\n\n# note\n b , "c,d" ')).toEqual({ items: ['a', 'b', 'c,d'] });
  });
});
