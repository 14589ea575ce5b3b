import { describe, expect, it } from 'vitest';
import { InputReader } from '../../../lib/github/index.js';
import { readInputs } from './inputs.js';

const read = (values: Record<string, string>) =>
  readInputs(
    new InputReader(
      (name) =>
        ({
          cluster: 'staging',
          service: 'web',
          'task-definition': 'test/fixtures/taskdefs/fargate-web.json',
          ...values,
        })[name] ?? '',
    ),
  );

const problemsOf = (values: Record<string, string>): readonly string[] => {
  try {
    read(values);
  } catch (error) {
    return (error as { problems: readonly string[] }).problems;
  }
  throw new Error('readInputs accepted the inputs');
};

describe('migration inputs', () => {
  it('no migration-command, no migration', () => {
    expect(read({}).migration).toBeUndefined();
  });

  it.each([
    ['npm run migrate', {}, { command: ['npm', 'run', 'migrate'], timeoutMs: 600_000 }],
    [
      '["node", "migrate.mjs"]',
      { 'migration-container': 'web', 'migration-timeout': '90s' },
      { command: ['node', 'migrate.mjs'], container: 'web', timeoutMs: 90_000 },
    ],
    // Not given, with a deploy timeout of 10m: half of it, so the deployment keeps the rest.
    [
      'npm run migrate',
      { timeout: '10m' },
      { command: ['npm', 'run', 'migrate'], timeoutMs: 300_000 },
    ],
    [
      'npm run migrate',
      { timeout: '1h' },
      { command: ['npm', 'run', 'migrate'], timeoutMs: 600_000 },
    ],
  ])('%s', (command, extra, expected) => {
    expect(read({ 'migration-command': command, ...extra }).migration).toEqual(expected);
  });

  it.each([
    [
      { 'migration-container': 'web' },
      'Input "migration-container" is "web" but "migration-command" is not set; write the command it runs (e.g. npm run migrate), or remove migration-container.',
    ],
    [
      { 'migration-command': 'npm run migrate', 'migration-timeout': '30m' },
      'Input "migration-timeout" is 30m, not less than "timeout" (30m); the migration runs inside the deploy\'s timeout: shorten migration-timeout or lengthen timeout.',
    ],
    [
      { 'migration-command': '["npm", 3]' },
      'Input "migration-command" is ["npm", 3], not a non-empty array of strings; write ["npm", "run", "migrate"].',
    ],
  ])('refuses %j in one line naming the input', (values, problem) => {
    expect(problemsOf(values)).toEqual([problem]);
  });
});
