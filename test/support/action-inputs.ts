import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { InputReader } from '../../lib/github/inputs.js';

/** The input names actions/<action>/action.yml declares, sorted. */
export function declaredInputs(action: string): string[] {
  const yml = parse(readFileSync(`actions/${action}/action.yml`, 'utf8')) as {
    inputs?: Record<string, { default?: string }>;
  };
  return Object.keys(yml.inputs ?? {}).sort();
}

/**
 * The input names `readInputs` asks for, reading values as the runner passes them: every declared
 * input present, its action.yml default or `''`, overridden by `given`. A bad combination may
 * throw after reading; the names read so far still count.
 */
export function inputsRead(
  action: string,
  readInputs: (reader: InputReader) => unknown,
  given: Record<string, string> = {},
): string[] {
  const yml = parse(readFileSync(`actions/${action}/action.yml`, 'utf8')) as {
    inputs?: Record<string, { default?: string }>;
  };
  const values: Record<string, string> = { ...given };
  for (const [name, spec] of Object.entries(yml.inputs ?? {}))
    values[name] ??= String(spec.default ?? '');
  const reader = new InputReader((name) => values[name] ?? '');
  try {
    readInputs(reader);
  } catch {
    // Problems are not the point here: which names were read is.
  }
  return [...reader.names];
}
