import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadActions } from '../workflows/workflow-model.js';

describe.each([...loadActions().keys()])('uses: org/actions/%s@v1', (name) => {
  it('resolves to a root action.yml whose bundle exists and whose interface is the source one', () => {
    const published = parse(readFileSync(join(name, 'action.yml'), 'utf8'));
    const source = parse(readFileSync(join('actions', name, 'action.yml'), 'utf8'));
    expect(published.runs.main).toBe(`../actions/${name}/dist/index.js`);
    expect(existsSync(join(name, published.runs.main))).toBe(true);
    if (published.runs.post) expect(existsSync(join(name, published.runs.post))).toBe(true);
    expect({ ...published, runs: undefined }).toEqual({ ...source, runs: undefined });
    expect(dirname(join(name, published.runs.main))).toBe(join('actions', name, 'dist'));
  });
});
