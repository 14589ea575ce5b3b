// Builds app/dist, the whole runtime of the service and the Docker build context's payload:
//   dist/server.mjs                          the service and pg, bundled (esbuild)
//   dist/migrate.mjs                         the migration entry point (a one-off task runs `node migrate.mjs`)
//   dist/node_modules/@electric-sql/pglite   the embedded database, loaded only without DATABASE_URL
// `docker build` has no registry access, so everything the image needs is prepared here.
import { build } from 'esbuild';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const app = join(dirname(fileURLToPath(import.meta.url)), '..');
// An explicit output directory lets tests build a context of their own without touching app/dist.
const dist = resolve(process.argv[2] ?? join(app, 'dist'));
rmSync(dist, { recursive: true, force: true });

// server.mjs is the service; migrate.mjs the one-off migration task (`node migrate.mjs`).
await build({
  entryPoints: { server: join(app, 'src', 'main.ts'), migrate: join(app, 'src', 'migrate.ts') },
  outdir: dist,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // pg's optional native binding and Cloudflare socket shim are never used on Node.
  external: ['@electric-sql/pglite', 'pg-native', 'cloudflare:sockets'],
  // pg is CommonJS: give its require() of node builtins a real require inside the ESM bundle.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  logLevel: 'warning',
});

// PGlite ships WASM and data files it reads relative to its own modules: copy the package's
// ESM runtime, without type declarations, source maps, CommonJS twins and optional extensions.
const require = createRequire(import.meta.url);
// The package exports no ./package.json: find its root from the entry point (dist/index.cjs).
const pglite = join(dirname(require.resolve('@electric-sql/pglite')), '..');
const target = join(dist, 'node_modules', '@electric-sql', 'pglite');
mkdirSync(target, { recursive: true });
const { name, version, type, exports, license } = JSON.parse(
  readFileSync(join(pglite, 'package.json'), 'utf8'),
);
writeFileSync(
  join(target, 'package.json'),
  JSON.stringify({ name, version, type, license, exports: { '.': exports['.'] } }, null, 2),
);
cpSync(join(pglite, 'LICENSE'), join(target, 'LICENSE'));
cpSync(join(pglite, 'dist'), join(target, 'dist'), {
  recursive: true,
  filter: (path) =>
    !/\.(map|d\.ts|d\.cts|cjs|tar\.gz)$/.test(path) &&
    !/\/(contrib|live|worker|fs|node-postgres)(\/|$)/.test(path),
});
writeFileSync(
  join(dist, 'package.json'),
  JSON.stringify({ name: '@org/sample-app-dist', private: true, type: 'module' }, null, 2),
);
console.log(`built ${dist}`);
