// One ncc bundle per action: actions/<name>/src/main.ts -> actions/<name>/dist/index.js (ESM)
// plus dist/package.json and licenses.txt.
// Usage: node scripts/build.js [--out DIR] [name ...]   (no names: every action; --out: check-dist)
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { transformSync } from 'esbuild';
import { actionNames, publishedActionPath, publishedActionYml } from './actions.js';

const args = process.argv.slice(2);
const outIndex = args.indexOf('--out');
const outRoot = outIndex >= 0 ? args.splice(outIndex, 2)[1] : undefined;
const names = args.length ? args : actionNames();
const ncc = join('node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js');

for (const name of names) {
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
        '--minify',
        '--quiet',
      ],
      { stdio: 'inherit' },
    );
  } catch {
    console.error(`build of ${name} failed (see above)`);
    process.exit(1);
  }
  minifyChunks(out);
  if (!outRoot) {
    const source = readFileSync(join('actions', name, 'action.yml'), 'utf8');
    mkdirSync(name, { recursive: true });
    writeFileSync(publishedActionPath(name), publishedActionYml(name, source));
  }
  console.log(`built ${name} -> ${out}/index.js`);
}

/**
 * ncc minifies index.js only; the chunks it splits off for dynamic imports (`<id>.index.js`: the
 * AWS SDK an action loads once its inputs are good) come out whole. Minified here the same way.
 */
function minifyChunks(dir) {
  for (const file of readdirSync(dir).filter((f) => /^\d+\.index\.js$/.test(f))) {
    const path = join(dir, file);
    const { code } = transformSync(readFileSync(path, 'utf8'), {
      minify: true,
      format: 'esm',
      target: 'node20',
      legalComments: 'none',
    });
    writeFileSync(path, code);
  }
}
