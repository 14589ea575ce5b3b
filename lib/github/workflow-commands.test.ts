/**
 * The toolkit writes the runner protocol itself; @actions/core (a dev dependency only) is the
 * reference. Each row makes the same call on both, with the same runner files, and compares every
 * byte written to stdout and to the files (the random delimiters aside).
 */
import * as core from '@actions/core';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { actionsToolkit as ours } from './toolkit.js';
import {
  escapeData,
  escapeProperty,
  inputVariable,
  keyValueBlock,
  workflowCommand,
} from './workflow-commands.js';

type Call = [string, (kit: 'ours' | 'core') => unknown];

const withFiles = (on: boolean) => (on ? ['OUTPUT', 'STATE', 'STEP_SUMMARY'] : []);

function record(files: string[], call: () => unknown): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'wfcmd-'));
  const saved = { ...process.env };
  for (const name of ['OUTPUT', 'STATE', 'STEP_SUMMARY']) delete process.env[`GITHUB_${name}`];
  for (const name of files) {
    const path = join(dir, name);
    writeFileSync(path, '');
    process.env[`GITHUB_${name}`] = path;
  }
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out += String(chunk);
    return true;
  });
  const exitCode = process.exitCode;
  return Promise.resolve()
    .then(call)
    .finally(() => {
      spy.mockRestore();
      process.env = saved;
    })
    .then(() => {
      const code = process.exitCode;
      process.exitCode = exitCode;
      const written = files.map((name) => `${name}:${readFileSync(join(dir, name), 'utf8')}`);
      return [out, ...written, `exit:${code}`]
        .join('|')
        .replace(/ghadelimiter_[0-9a-f-]{36}/g, 'ghadelimiter_X');
    });
}

const calls: Call[] = [
  ['an output', (k) => (k === 'ours' ? ours.setOutput('id', 'd-1') : core.setOutput('id', 'd-1'))],
  [
    'a multi-line output',
    (k) =>
      k === 'ours' ? ours.setOutput('diff', 'a\nb\r\n%') : core.setOutput('diff', 'a\nb\r\n%'),
  ],
  ['a number output', (k) => (k === 'ours' ? ours.setOutput('n', 3) : core.setOutput('n', 3))],
  [
    'a boolean output',
    (k) => (k === 'ours' ? ours.setOutput('ok', false) : core.setOutput('ok', false)),
  ],
  [
    'an object output',
    (k) =>
      k === 'ours'
        ? ours.setOutput('o', { a: [1] })
        : core.setOutput('o', JSON.stringify({ a: [1] })),
  ],
  [
    'state',
    (k) =>
      k === 'ours' ? ours.saveState('deployment', 'arn:x') : core.saveState('deployment', 'arn:x'),
  ],
  ['a mask', (k) => (k === 'ours' ? ours.setSecret('p%ss\nword') : core.setSecret('p%ss\nword'))],
  ['info', (k) => (k === 'ours' ? ours.info('::not a command') : core.info('::not a command'))],
  ['debug', (k) => (k === 'ours' ? ours.debug('a\nb') : core.debug('a\nb'))],
  ['a warning', (k) => (k === 'ours' ? ours.warning('w') : core.warning('w'))],
  [
    'an error with a place',
    (k) => {
      const where = { title: 'Input "image": a, b: c', file: 'action.yml', startLine: 3 };
      return k === 'ours' ? ours.error('bad\nvalue', where) : core.error('bad\nvalue', where);
    },
  ],
  [
    'a notice with an empty place',
    (k) => (k === 'ours' ? ours.notice('n', {}) : core.notice('n', {})),
  ],
  [
    'a notice with only a title',
    (k) => (k === 'ours' ? ours.notice('n', { title: 't' }) : core.notice('n', { title: 't' })),
  ],
  [
    'setFailed',
    (k) => (k === 'ours' ? ours.setFailed('failed: 50%') : core.setFailed('failed: 50%')),
  ],
  [
    'a group',
    (k) =>
      k === 'ours'
        ? ours.group('g', async () => ours.info('in'))
        : core.group('g', async () => core.info('in')),
  ],
  [
    'a summary',
    (k) =>
      k === 'ours' ? ours.appendSummary('| a |\n') : core.summary.addRaw('| a |\n', true).write(),
  ],
];

afterEach(() => vi.restoreAllMocks());

describe('the toolkit writes what @actions/core writes', () => {
  for (const files of [true, false]) {
    it.each(calls.filter(([name]) => files || name !== 'a summary'))(
      `%s (${files ? 'runner files' : 'no runner files: legacy commands'})`,
      async (_name, call) => {
        const expected = await record(withFiles(files), () => call('core'));
        const actual = await record(withFiles(files), () => call('ours'));
        expect(actual).toBe(expected);
      },
    );
  }

  it('reads inputs and state from the same variables', () => {
    process.env.INPUT_TASK_DEFINITION = '  td.json ';
    process.env['INPUT_WAIT-UNTIL'] = 'ready';
    process.env.STATE_isPost = 'true';
    try {
      expect(ours.input('task definition')).toBe(
        core.getInput('task definition', { trimWhitespace: false }),
      );
      expect(ours.input('wait-until')).toBe('ready');
      expect(ours.input('absent')).toBe('');
      expect(ours.getState('isPost')).toBe(core.getState('isPost'));
      expect(ours.isPost()).toBe(true);
    } finally {
      delete process.env.INPUT_TASK_DEFINITION;
      delete process.env['INPUT_WAIT-UNTIL'];
      delete process.env.STATE_isPost;
    }
  });
});

describe('workflow command text', () => {
  it.each([
    ['50%\r\n', '50%25%0D%0A'],
    [undefined, ''],
    [{ a: 1 }, '{"a":1}'],
  ])('escapes data %j as %s', (value, text) => expect(escapeData(value)).toBe(text));

  it('escapes the separators in a property', () => {
    expect(escapeProperty('a: b, c%')).toBe('a%3A b%2C c%25');
  });

  it('leaves out properties without a value, keeps the space once any were passed', () => {
    expect(workflowCommand('warning', { title: 't', line: 0, file: '' }, 'm')).toBe(
      '::warning title=t::m',
    );
    expect(workflowCommand('warning', { title: undefined }, 'm')).toBe('::warning ::m');
    expect(workflowCommand('warning', {}, 'm')).toBe('::warning::m');
  });

  it('refuses a key or value that holds the delimiter', () => {
    expect(keyValueBlock('k', 'v', 'D')).toBe('k<<D\nv\nD');
    expect(() => keyValueBlock('k', 'xDx', 'D')).toThrow(/value should not contain the delimiter/);
    expect(() => keyValueBlock('Dk', 'v', 'D')).toThrow(/name should not contain the delimiter/);
  });

  it('names the input variable as the runner sets it', () => {
    expect(inputVariable('test url')).toBe('INPUT_TEST_URL');
    expect(inputVariable('wait-until')).toBe('INPUT_WAIT-UNTIL');
  });
});
