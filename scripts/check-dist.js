// Rebuilds every bundle into a temporary folder and fails when it differs from the committed dist/.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { actionNames, publishedActionPath, publishedActionYml } from './actions.js';

const tmp = mkdtempSync(join(tmpdir(), 'check-dist-'));
try {
  execFileSync(process.execPath, ['scripts/build.js', '--out', tmp], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const stale = [];
  for (const name of actionNames()) {
    const published = publishedActionPath(name);
    const expected = publishedActionYml(
      name,
      readFileSync(join('actions', name, 'action.yml'), 'utf8'),
    );
    if (!existsSync(published) || readFileSync(published, 'utf8') !== expected)
      stale.push(published);
    const fresh = join(tmp, name);
    const committed = join('actions', name, 'dist');
    const files = new Set([
      ...walk(fresh).map((f) => relative(fresh, f)),
      ...walk(committed).map((f) => relative(committed, f)),
    ]);
    for (const file of files) {
      const a = join(fresh, file);
      const b = join(committed, file);
      if (!existsSync(a) || !existsSync(b) || !readFileSync(a).equals(readFileSync(b)))
        stale.push(join(committed, file));
    }
  }
  if (stale.length) {
    console.error(
      `dist/ is out of date: ${stale.join(', ')}. Run \`npm run build\` and commit the result.`,
    );
    process.exit(1);
  }
  console.log('dist/ is up to date.');
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

function walk(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? walk(join(dir, d.name)) : [join(dir, d.name)],
  );
}
