// Runs every benchmark under bench/ (bench/*.bench.ts), one after another, each printing its
// ratio against a baseline measured in the same run. `npm run bench -- app` runs those matching "app".
// The real-time lag bench (about 25 minutes) runs only when asked for: `npm run bench -- lag`.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const filter = process.argv[2] ?? '';
const ON_REQUEST = ['lag.bench.ts'];
const files = readdirSync('bench')
  .filter((f) => f.endsWith('.bench.ts') && f.includes(filter))
  .filter((f) => filter !== '' || !ON_REQUEST.includes(f))
  .sort();
if (files.length === 0) {
  console.error(`no benchmark in bench/ matches "${filter}"`);
  process.exit(1);
}
for (const file of files) {
  console.log(`\n=== ${file}`);
  execFileSync(join('node_modules', '.bin', 'tsx'), [join('bench', file)], { stdio: 'inherit' });
}
