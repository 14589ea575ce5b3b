// One ncc bundle per action: actions/<name>/src/main.ts -> actions/<name>/dist/index.js (ESM)
// plus dist/package.json. Usage: node scripts/build.js [outRoot] (outRoot is used by check-dist).
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { actionNames } from './actions.js';

const outRoot = process.argv[2];
const ncc = join('node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js');

for (const name of actionNames()) {
  const out = outRoot ? join(outRoot, name) : join('actions', name, 'dist');
  rmSync(out, { recursive: true, force: true });
  try {
    execFileSync(
      process.execPath,
      [
        ncc,
        'build',
        join('actions', name, 'src', 'main.ts'),
        '-o',
        out,
        '--license',
        'licenses.txt',
        '--quiet',
      ],
      { stdio: 'inherit' },
    );
  } catch {
    console.error(`build of ${name} failed (see above)`);
    process.exit(1);
  }
  console.log(`built ${name} -> ${out}/index.js`);
}
