import { describe, expect, it } from 'vitest';
import { parseTaskCommand } from './command.js';

describe('parseTaskCommand', () => {
  it.each([
    ['npm run migrate', ['npm', 'run', 'migrate']],
    ['  node migrate.mjs  --to 12 ', ['node', 'migrate.mjs', '--to', '12']],
    [`sh -c "echo 'a b' && exit 3"`, ['sh', '-c', "echo 'a b' && exit 3"]],
    [`echo 'x y' "z \\"q\\""`, ['echo', 'x y', 'z "q"']],
    ['["node", "migrate.mjs"]', ['node', 'migrate.mjs']],
  ])('%s', (text, command) => {
    expect(parseTaskCommand('migration-command', text)).toEqual({ command });
  });

  it.each([
    ['', 'is empty'],
    ['["node", 1]', 'not a non-empty array of strings'],
    ['[node', 'not a JSON array'],
    ['echo "open', 'has an unclosed " in'],
  ])('refuses %j naming the input', (text, words) => {
    const result = parseTaskCommand('migration-command', text);
    expect(result).toEqual({ problem: expect.stringContaining(words) });
    expect((result as { problem: string }).problem).toMatch(/^Input "migration-command"/);
  });
});
