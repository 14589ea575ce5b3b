import { describe, expect, it } from 'vitest';
import { MAX_NOTE_LENGTH, parseNewNote, parseNoteId } from './notes.js';

describe('parseNewNote', () => {
  it.each([
    [{ text: '  hello ' }, { text: 'hello' }],
    [{ text: '' }, { problem: '"text" must be a non-empty string' }],
    [{ text: 42 }, { problem: '"text" must be a non-empty string' }],
    [['x'], { problem: 'body must be a JSON object like {"text": "hello"}' }],
    [null, { problem: 'body must be a JSON object like {"text": "hello"}' }],
    [
      { text: 'x'.repeat(MAX_NOTE_LENGTH + 1) },
      {
        problem: `"text" must be at most ${MAX_NOTE_LENGTH} characters (got ${MAX_NOTE_LENGTH + 1})`,
      },
    ],
  ])('%o -> %o', (body, expected) => {
    expect(parseNewNote(body)).toEqual(expected);
  });
});

describe('parseNoteId', () => {
  it.each([
    ['1', '1'],
    ['123456789012345678', '123456789012345678'],
    ['0', undefined],
    ['01', undefined],
    ['1234567890123456789', undefined],
    ['abc', undefined],
  ])('%s -> %s', (raw, id) => {
    expect(parseNoteId(raw)).toBe(id);
  });
});
