import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ActionError } from '../errors/action-error.js';
import { parseYamlText, readInputFile } from './input-file.js';

const dir = mkdtempSync(join(tmpdir(), 'input-file-'));

describe('readInputFile', () => {
  it('returns the text of a readable file', async () => {
    const path = join(dir, 'ok.yaml');
    writeFileSync(path, 'a: 1\n');
    expect(await readInputFile(path, 'appspec')).toBe('a: 1\n');
  });

  it('names the input and the path of a missing file, with the hint', async () => {
    const path = join(dir, 'absent.yaml');
    await expect(readInputFile(path, 'appspec', 'Write the rendered path.')).rejects.toMatchObject({
      line: `Input "appspec": file "${path}" does not exist. Write the rendered path.`,
    });
  });

  it('says what the path is when it exists but is not a readable file, never the raw error', async () => {
    // A directory: readFile fails with EISDIR whoever runs the test (root ignores chmod).
    const path = join(dir, 'a-directory');
    mkdirSync(path);
    await expect(readInputFile(path, 'task-definition')).rejects.toMatchObject({
      line: `Input "task-definition" is "${path}", which is a folder, not a file; name the file inside it.`,
    });
  });
});

describe('parseYamlText', () => {
  it('parses YAML and JSON', () => {
    expect(parseYamlText('a: [1, 2]', () => new ActionError('no'))).toEqual({ a: [1, 2] });
    expect(parseYamlText('{"a": "b=c"}', () => new ActionError('no'))).toEqual({ a: 'b=c' });
  });

  it("throws the caller's error with the parser's first line", () => {
    expect(() =>
      parseYamlText('{"family": "web",', (why) => new ActionError(`bad file (${why})`)),
    ).toThrow(/^bad file \(.+\)$/);
  });
});
