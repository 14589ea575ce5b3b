import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';

/** Every action folder with a src/main.ts entry. */
export function actionNames(root = 'actions') {
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(root, d.name, 'src', 'main.ts')))
    .map((d) => d.name)
    .sort();
}
