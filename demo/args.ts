/** The demo's command line: `--containers`, `--engine codedeploy|ecs` (or `--engine=ecs`). */
import type { DemoEngine } from './seed.js';

export const USAGE = 'usage: npm run demo [-- [--containers] [--engine codedeploy|ecs]]';
const ENGINES: readonly DemoEngine[] = ['codedeploy', 'ecs'];

/** The demo's arguments, or the one line that says what is wrong with them. */
export function parseArgs(
  args: string[],
): { containers: boolean; engine: DemoEngine } | { problem: string } {
  let containers = false;
  let engine: DemoEngine = 'codedeploy';
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--containers') containers = true;
    else if (arg === '--engine' || arg.startsWith('--engine=')) {
      const value = arg === '--engine' ? args[++i] : arg.slice('--engine='.length);
      if (!ENGINES.includes(value as DemoEngine))
        return { problem: `--engine is "${value ?? ''}": write codedeploy or ecs; ${USAGE}` };
      engine = value as DemoEngine;
    } else return { problem: `unknown argument ${arg}; ${USAGE}` };
  }
  return { containers, engine };
}
