import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * No import circle in lib/ and actions/*\/src: neither between files nor between lib's folders
 * (a folder is a concern; two concerns that need each other are one, or a third is missing).
 */
const ROOTS = ['lib', ...readdirSync('actions').map((a) => join('actions', a, 'src'))].filter(
  (dir) => existsSync(dir),
);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.ts$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Relative imports of a file (static, re-exports and type-only ones alike), as repo paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)].map(
    (m) => m[1]!,
  );
  return specifiers.map((s) => relative('.', resolve(dirname(file), s.replace(/\.js$/, '.ts'))));
}

/** Every cycle's members (strongly connected components of more than one node, or a self-loop). */
function cycles(graph: Map<string, Set<string>>): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    indices.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!indices.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, indices.get(w)!));
    }
    if (low.get(v) === indices.get(v)) {
      const members: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        members.push(w);
      } while (w !== v);
      if (members.length > 1 || graph.get(v)?.has(v)) found.push(members.sort());
    }
  };
  for (const v of graph.keys()) if (!indices.has(v)) visit(v);
  return found;
}

const files = ROOTS.flatMap(sourceFiles);
const fileGraph = new Map(files.map((f) => [f, new Set(importsOf(f))]));

/** lib/<folder> of a path, or undefined outside lib/. */
const libFolder = (path: string) => /^lib\/([^/]+)\//.exec(path)?.[1];

describe('imports', () => {
  it('finds the source files', () => {
    expect(files.length).toBeGreaterThan(50);
  });

  it('no file imports itself back through others', () => {
    expect(cycles(fileGraph)).toEqual([]);
  });

  it("no two of lib's folders import each other, directly or round a loop", () => {
    const folders = new Map<string, Set<string>>();
    for (const [file, imports] of fileGraph) {
      const from = libFolder(file);
      if (!from) continue;
      const edges = folders.get(from) ?? new Set<string>();
      for (const target of imports) {
        const to = libFolder(target);
        if (to && to !== from) edges.add(to);
      }
      folders.set(from, edges);
    }
    expect(cycles(folders)).toEqual([]);
  });

  it('product code never imports a test double (testing/ folders) or a test', () => {
    const isTestCode = (path: string) => /(^|\/)testing\/|\.test\.ts$/.test(path);
    const leaks = [...fileGraph]
      .filter(([file]) => !isTestCode(file))
      .flatMap(([file, imports]) =>
        [...imports].filter(isTestCode).map((target) => `${file} -> ${target}`),
      );
    expect(leaks).toEqual([]);
  });

  it('the check sees a circle when there is one', () => {
    const graph = new Map([
      ['a', new Set(['b'])],
      ['b', new Set(['c'])],
      ['c', new Set(['a'])],
      ['d', new Set(['a'])],
    ]);
    expect(cycles(graph)).toEqual([['a', 'b', 'c']]);
  });
});
