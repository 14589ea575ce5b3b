import { describe, expect, it } from 'vitest';
import { ActionErrors } from '../errors/action-error.js';
import { InputReader } from './inputs.js';

function reader(values: Record<string, string>, masked: string[] = []) {
  return new InputReader(
    (name) => values[name] ?? '',
    (v) => masked.push(v),
  );
}

function problemsOf(read: (r: InputReader) => unknown, values: Record<string, string>): string[] {
  const r = reader(values);
  read(r);
  try {
    r.done();
    return [];
  } catch (error) {
    return [...(error as ActionErrors).problems];
  }
}

describe('InputReader: good values', () => {
  it.each([
    ['boolean true', (r: InputReader) => r.boolean('x', false), { x: 'true' }, true],
    ['boolean false', (r: InputReader) => r.boolean('x', true), { x: 'false' }, false],
    ['boolean default', (r: InputReader) => r.boolean('x', true), {}, true],
    ['integer', (r: InputReader) => r.integer('x', { min: 1, max: 10 }), { x: '7' }, 7],
    ['integer default', (r: InputReader) => r.integer('x', { min: 1, max: 10, default: 3 }), {}, 3],
    ['duration s', (r: InputReader) => r.duration('x', { default: 0 }), { x: '90s' }, 90_000],
    ['duration m', (r: InputReader) => r.duration('x', { default: 0 }), { x: '10m' }, 600_000],
    ['duration h', (r: InputReader) => r.duration('x', { default: 0 }), { x: '1h' }, 3_600_000],
    [
      'duration 1h30m',
      (r: InputReader) => r.duration('x', { default: 0 }),
      { x: '1h30m' },
      5_400_000,
    ],
    ['duration ms', (r: InputReader) => r.duration('x', { default: 0 }), { x: '250ms' }, 250],
    ['duration default', (r: InputReader) => r.duration('x', { default: 5 }), {}, 5],
    ['string trimmed', (r: InputReader) => r.string('x'), { x: '  web \n' }, 'web'],
    ['string default', (r: InputReader) => r.string('x', { default: 'd' }), {}, 'd'],
    ['oneOf', (r: InputReader) => r.oneOf('x', ['a', 'b'], 'a'), { x: 'b' }, 'b'],
    [
      'list newline + comma + comments',
      (r: InputReader) => r.list('x'),
      { x: 'a, b\n# comment\n  c  \n\n"d,e",\'f\'' },
      ['a', 'b', 'c', 'd,e', 'f'],
    ],
    ['list empty', (r: InputReader) => r.list('x'), {}, []],
    [
      'command quote-aware',
      (r: InputReader) => r.command('x'),
      { x: `sh -c "echo 'a b' \\"q\\"" --flag=1` },
      ['sh', '-c', `echo 'a b' "q"`, '--flag=1'],
    ],
    [
      'command empty quotes kept',
      (r: InputReader) => r.command('x'),
      { x: `a "" b` },
      ['a', '', 'b'],
    ],
  ] as const)('%s', (_title, read, values, expected) => {
    const r = reader(values as Record<string, string>);
    expect(read(r)).toEqual(expected);
    expect(() => r.done()).not.toThrow();
  });

  it('keeps =, spaces and inner quotes in KEY=VALUE values', () => {
    const r = reader({
      env: [
        'DATABASE_URL=postgres://u:p@h/db?sslmode=require&x=1',
        'GREETING = hello world ',
        'QUOTED="a b = c"',
        `JSON={"k":"v=1"}`,
        'web:SCOPED=yes',
        '# comment',
        'EMPTY=',
        `INNER=say "hi" now`,
      ].join('\n'),
    });
    expect(r.keyValues('env').map(({ key, value }) => [key, value])).toEqual([
      ['DATABASE_URL', 'postgres://u:p@h/db?sslmode=require&x=1'],
      ['GREETING', 'hello world'],
      ['QUOTED', 'a b = c'],
      ['JSON', '{"k":"v=1"}'],
      ['web:SCOPED', 'yes'],
      ['EMPTY', ''],
      ['INNER', 'say "hi" now'],
    ]);
    r.done();
  });

  it('masks secrets as they are read', () => {
    const masked: string[] = [];
    const r = reader({ token: 'xoxb-123' }, masked);
    expect(r.secret('token')).toBe('xoxb-123');
    expect(masked).toEqual(['xoxb-123']);
  });
});

describe('InputReader: bad values, each with its exact message', () => {
  it.each([
    [
      (r: InputReader) => r.string('cluster'),
      {},
      'Input "cluster" is required and was not set; add `cluster: <value>` under `with:`.',
    ],
    [
      (r: InputReader) => r.string('cluster', { example: 'production' }),
      { cluster: '   ' },
      'Input "cluster" is only whitespace ("   "), which usually means an upstream output was empty; pass a value or remove the input.',
    ],
    [
      (r: InputReader) => r.boolean('wait', false),
      { wait: 'yes' },
      'Input "wait" is "yes"; write true or false.',
    ],
    [
      (r: InputReader) => r.boolean('wait', false),
      { wait: 'True' },
      'Input "wait" is "True"; write true or false.',
    ],
    [
      (r: InputReader) => r.boolean('wait', false),
      { wait: '1' },
      'Input "wait" is "1"; write true or false.',
    ],
    [
      (r: InputReader) => r.integer('count', { min: 1, max: 10 }),
      { count: 'ten' },
      'Input "count" is "ten"; write a whole number from 1 to 10.',
    ],
    [
      (r: InputReader) => r.integer('count', { min: 1, max: 10 }),
      { count: '2.5' },
      'Input "count" is "2.5"; write a whole number from 1 to 10.',
    ],
    [
      (r: InputReader) => r.integer('count', { min: 1, max: 10 }),
      { count: '11' },
      'Input "count" is 11, out of range; write a whole number from 1 to 10.',
    ],
    [
      (r: InputReader) => r.integer('count', { min: 1, max: 10 }),
      { count: '0' },
      'Input "count" is 0, out of range; write a whole number from 1 to 10.',
    ],
    [
      (r: InputReader) => r.duration('timeout', { default: 0 }),
      { timeout: '10' },
      'Input "timeout" is "10", which has no unit; write a duration such as 90s, 10m or 1h.',
    ],
    [
      (r: InputReader) => r.duration('timeout', { default: 0 }),
      { timeout: '10 minutes' },
      'Input "timeout" is "10 minutes", which is not a duration; write a duration such as 90s, 10m or 1h.',
    ],
    [
      (r: InputReader) => r.duration('timeout', { default: 0 }),
      { timeout: '1d' },
      'Input "timeout" is "1d", which is not a duration; write a duration such as 90s, 10m or 1h.',
    ],
    [
      (r: InputReader) => r.duration('timeout', { default: 0, min: 60_000, max: 21_600_000 }),
      { timeout: '7h' },
      'Input "timeout" is 7h, out of range; write a duration from 1m to 6h.',
    ],
    [
      (r: InputReader) => r.duration('timeout', { default: 0, min: 60_000, max: 21_600_000 }),
      { timeout: '30s' },
      'Input "timeout" is 30s, out of range; write a duration from 1m to 6h.',
    ],
    [
      (r: InputReader) => r.duration('timeout', { default: 0, min: 60_000, max: 21_600_000 }),
      { timeout: 'soon' },
      'Input "timeout" is "soon", which is not a duration; write a duration from 1m to 6h such as 90s, 10m or 1h.',
    ],
    [
      (r: InputReader) => r.oneOf('command', ['deploy', 'promote', 'rollback', 'status'], 'deploy'),
      { command: 'deploi' },
      'Input "command" is "deploi"; write one of: deploy, promote, rollback, status.',
    ],
    [
      (r: InputReader) => r.list('tags'),
      { tags: 'v1, "v2' },
      'Input "tags" has an unclosed " in "v1, \\"v2"; close the quote or remove it.',
    ],
    [
      (r: InputReader) => r.command('command'),
      { command: "npm 'test" },
      'Input "command" has an unclosed \' in "npm \'test"; close the quote or remove it.',
    ],
    [
      (r: InputReader) => r.keyValues('environment'),
      { environment: 'FOO' },
      'Input "environment" line 1 "FOO" has no "="; write KEY=VALUE.',
    ],
    [
      (r: InputReader) => r.keyValues('environment'),
      { environment: 'A=1\n=bar' },
      'Input "environment" line 2 "=bar" has an empty name; write KEY=VALUE.',
    ],
    [
      (r: InputReader) => r.keyValues('environment'),
      { environment: 'MY VAR=1' },
      'Input "environment" line 1 name "MY VAR" contains a space; write KEY=VALUE with no space in KEY.',
    ],
    [
      (r: InputReader) => r.keyValues('environment'),
      { environment: 'A=1\nB=2\nA=3' },
      'Input "environment" sets "A" twice (lines 1 and 3); keep one.',
    ],
    [
      (r: InputReader) =>
        r.secret('token', { required: true, example: '${{ secrets.SLACK_BOT_TOKEN }}' }),
      {},
      'Input "token" is required and was not set; add `token: ${{ secrets.SLACK_BOT_TOKEN }}` under `with:`.',
    ],
  ] as const)('%#: %s', (read, values, message) => {
    expect(problemsOf(read, values as Record<string, string>)).toEqual([message]);
  });

  it('never echoes a secret value in a message', () => {
    const r = reader({ 'webhook-url': 'https://hooks.example/T/B/secret' });
    r.secret('webhook-url');
    r.boolean('webhook-url', false);
    expect(() => r.done()).toThrow('Input "webhook-url" is (value hidden); write true or false.');
  });

  it('collects every problem of one run', () => {
    const problems = problemsOf(
      (r) => [r.string('cluster'), r.boolean('wait', false), r.integer('n', { min: 1, max: 2 })],
      { wait: 'no', n: 'x' },
    );
    expect(problems).toHaveLength(3);
  });

  it('shortens long values to keep the line readable', () => {
    const [message] = problemsOf((r) => r.boolean('x', false), { x: 'y'.repeat(200) });
    expect(message!.length).toBeLessThan(140);
    expect(message).toContain('...');
  });
});

describe('InputReader: secrets stay out of messages', () => {
  it('a malformed secret key-value line is reported by number, not by its text', () => {
    const reader = new InputReader((name) =>
      name === 'secrets' ? 'NPM_TOKEN=ok\nhunter2-secret' : '',
    );
    reader.secretKeyValues('secrets');
    expect(() => reader.done()).toThrow(
      'Input "secrets" line 2 is not ID=VALUE (the line is hidden: it may hold a secret).',
    );
  });
});

describe('InputReader.path', () => {
  it('reports a path that cannot serve, with every other problem, and passes a good one', () => {
    const values: Record<string, string> = {
      appspec: 'test/fixtures',
      'output-dir': 'test/fixtures/taskdefs/fargate-web.json',
      'task-definition': 'test/fixtures/taskdefs/fargate-web.json',
    };
    const reader = new InputReader((name) => values[name] ?? '');
    expect(reader.path('task-definition', 'file')).toBe(values['task-definition']);
    reader.path('appspec', 'file');
    reader.path('output-dir', 'output-directory');
    expect(reader.path('unset', 'file')).toBeUndefined();
    expect(reader.reported('appspec')).toBe(true);
    expect(reader.reported('task-definition')).toBe(false);
    expect(() => reader.done()).toThrow(
      '2 problems:\n- Input "appspec" is "test/fixtures", which is a folder, not a file; name the file inside it.\n- Input "output-dir" is "test/fixtures/taskdefs/fargate-web.json", which is a file, not a folder to write into; name a folder (it is created when missing).',
    );
  });
});
