/**
 * Issue 19's acceptance test: bad inputs run through the BUNDLES as the runner runs them (every
 * declared input present: the given value, else its action.yml default, else ''), against one
 * emulator. Each row: non-zero exit, exactly one `::error` naming the input, the value (never a
 * secret) and the fix, no stack trace, and no state-changing AWS call in the emulator's call log.
 *
 * Rows run 4 at a time. The call log is one per emulator, so it is reset before each batch of 4
 * and read after it: a state-changing call fails every row of its batch, naming them.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { controlClient } from '../../emulator/control/client.js';
import { start, type Emulator } from '../../emulator/index.js';
import { runAction, type ActionRun } from '../support/run-action.js';
import { ROWS, type Fixtures, type Row } from './bad-inputs.rows.js';

const SEED = 'emulator/seeds/default.yaml';
const GOOD_IMAGE = `123456789012.dkr.ecr.us-east-1.amazonaws.com/web@sha256:${'e'.repeat(64)}`;
const BATCH = 4;
const READ_ONLY = /^[a-z0-9]+\.(Describe|List|Get|BatchGet)/;

let emulator: Emulator;
let fixtures: Fixtures;
const results = new Map<Row, { run: ActionRun; mutations: string[] }>();

function runRow(row: Row): Promise<ActionRun> {
  return runAction(row.action, {
    asRunner: true,
    inputs: row.inputs(fixtures),
    env: { ...emulator.env(), GITHUB_WORKSPACE: process.cwd() },
    timeoutMs: 60_000,
  });
}

/** Operations in the call log that change state (anything but Describe*, List*, Get*, BatchGet*). */
async function mutations(): Promise<string[]> {
  const log = await controlClient(emulator.url)<{ byOperation: Record<string, number> }>(
    'GET',
    'calls',
  );
  return Object.entries(log.byOperation)
    .filter(([op, n]) => n > 0 && !READ_ONLY.test(op))
    .map(([op]) => op);
}

beforeAll(async () => {
  emulator = await start({ port: 0, seed: SEED });
  const dir = mkdtempSync(join(tmpdir(), 'bad-inputs-'));
  const file = join(dir, 'plain.txt');
  writeFileSync(file, 'not a folder\n');
  const folder = join(dir, 'a-folder');
  mkdirSync(folder);
  const rendered = join(dir, 'rendered');
  const good = await runAction('render-taskdef', {
    asRunner: true,
    inputs: {
      'task-definition': 'service:staging/web',
      image: GOOD_IMAGE,
      verify: 'false',
      'output-dir': rendered,
    },
    env: emulator.env(),
  });
  if (good.code !== 0) throw new Error(`render-taskdef failed: ${good.stdout}${good.stderr}`);
  fixtures = {
    file,
    folder,
    missing: join(dir, 'no-such-file.json'),
    taskDefinition: good.outputs['task-definition']!,
    appspec: good.outputs.appspec!,
    goodTaskDefinition: 'test/fixtures/taskdefs/fargate-web.json',
    outputDir: join(dir, 'out'),
  };
  for (let i = 0; i < ROWS.length; i += BATCH) {
    const batch = ROWS.slice(i, i + BATCH);
    await controlClient(emulator.url)('DELETE', 'calls');
    const runs = await Promise.all(batch.map(runRow));
    const changed = await mutations();
    batch.forEach((row, k) => results.set(row, { run: runs[k]!, mutations: changed }));
  }
}, 240_000);

afterAll(async () => {
  await emulator?.stop();
});

describe('bad inputs never ship and never crash', () => {
  it('covers at least 60 bad inputs across the four actions, every class of issue 19', () => {
    expect(ROWS.length).toBeGreaterThanOrEqual(60);
    expect(new Set(ROWS.map((r) => r.action)).size).toBe(4);
    for (const cls of [1, 2, 3, 4, 5, 6, 7]) expect(ROWS.some((r) => r.class === cls)).toBe(true);
  });

  it.each(ROWS.map((row) => [`${row.action}: ${row.name}`, row] as const))('%s', (_, row) => {
    const { run, mutations: changed } = results.get(row)!;
    const all = `${run.stdout}\n${run.stderr}`;
    const errors = run.stdout.split('\n').filter((line) => line.startsWith('::error'));
    expect(errors, all).toHaveLength(1);
    // The runner's annotation escapes newlines as %0A; read it back as text.
    const annotation = errors[0]!.replace(/%0A/g, '\n').replace(/%0D/g, '').replace(/%25/g, '%');
    expect(run.code).not.toBe(0);
    expect(annotation).toContain(row.input);
    if (row.value) expect(annotation).toContain(row.value(fixtures));
    expect(annotation).toMatch(row.fix);
    for (const more of row.also ?? []) expect(annotation).toContain(more);
    // `::add-mask::` is how a secret is masked: the runner consumes that line and never shows it.
    const shown = all
      .split('\n')
      .filter((line) => !line.startsWith('::add-mask::'))
      .join('\n');
    if (row.secret) expect(shown).not.toContain(row.secret);
    if (row.warning) expect(run.stdout).toMatch(row.warning);
    expect(all).not.toMatch(/\n\s+at /);
    expect(changed, 'state-changing AWS calls in this batch').toEqual([]);
  });
});
