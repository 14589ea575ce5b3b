import { describe, expect, it } from 'vitest';
import { parseArgs } from './args.js';

describe('parseArgs', () => {
  it.each([
    [[], { containers: false, engine: 'codedeploy' }],
    [['--containers'], { containers: true, engine: 'codedeploy' }],
    [['--engine', 'ecs'], { containers: false, engine: 'ecs' }],
    [['--engine=ecs', '--containers'], { containers: true, engine: 'ecs' }],
    [['--engine', 'codedeploy'], { containers: false, engine: 'codedeploy' }],
  ])('%j', (args, expected) => {
    expect(parseArgs(args)).toEqual(expected);
  });

  it.each([
    [['--engine', 'native'], '--engine is "native": write codedeploy or ecs'],
    [['--engine'], '--engine is "": write codedeploy or ecs'],
    [['--fast'], 'unknown argument --fast'],
  ])('refuses %j naming the argument and the fix', (args, start) => {
    const parsed = parseArgs(args);
    expect('problem' in parsed && parsed.problem).toContain(start);
    expect('problem' in parsed && parsed.problem).toContain('usage: npm run demo');
  });
});
