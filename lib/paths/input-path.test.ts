import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inputPathProblem, pathErrorLine } from './input-path.js';

const dir = mkdtempSync(join(tmpdir(), 'input-path-'));
const file = join(dir, 'file.json');
writeFileSync(file, '{}');
mkdirSync(join(dir, 'folder'));

describe('inputPathProblem', () => {
  it.each([
    ['file', file, undefined],
    ['file', join(dir, 'folder'), /is a folder, not a file; name the file inside it/],
    ['file', join(dir, 'missing.json'), /does not exist; check the path/],
    ['directory', join(dir, 'folder'), undefined],
    ['directory', file, /is a file, not a folder/],
    ['directory', join(dir, 'nope'), /does not exist/],
    ['output-directory', join(dir, 'folder'), undefined],
    ['output-directory', join(dir, 'new', 'deeper'), undefined],
    ['output-directory', file, /is a file, not a folder to write into/],
    ['output-directory', join(file, 'out'), /lies under the file ".*file\.json"/],
  ] as const)('%s %s', (need, path, expected) => {
    const problem = inputPathProblem('x', path, need);
    if (expected === undefined) expect(problem).toBeUndefined();
    else {
      expect(problem).toMatch(expected);
      expect(problem).toContain(`Input "x" is ${JSON.stringify(path)}`);
      expect(problem).not.toContain('\n');
    }
  });

  it.skipIf(process.getuid?.() === 0)('names an unreadable file', () => {
    const locked = join(dir, 'locked.json');
    writeFileSync(locked, '{}');
    chmodSync(locked, 0o000);
    expect(inputPathProblem('x', locked, 'file')).toMatch(/cannot read \(permission denied\)/);
  });
});

describe('pathErrorLine', () => {
  it('prefers what the path is over the raw error code', () => {
    const error = Object.assign(new Error('EISDIR: illegal operation'), { code: 'EISDIR' });
    expect(pathErrorLine('appspec', join(dir, 'folder'), error, 'file')).toMatch(
      /^Input "appspec" is ".*folder", which is a folder, not a file/,
    );
  });
});
