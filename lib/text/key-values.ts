import { show } from './list.js';

export interface KeyValue {
  key: string;
  value: string;
  line: number;
}

export type KeyValueResult = { entries: KeyValue[] } | { problems: string[] };

/**
 * Multiline `KEY=VALUE`: split at the first `=`, so values keep any `=`, spaces and inner quotes.
 * A value wrapped whole in one pair of matching quotes loses that pair (`A="x y"` → `x y`), as in
 * .env files. Blank lines and `#` comment lines are skipped. Every malformed line is reported.
 */
export function parseKeyValues(text: string): KeyValueResult {
  const entries: KeyValue[] = [];
  const problems: string[] = [];
  const seen = new Map<string, number>();
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const eq = trimmed.indexOf('=');
    if (eq === -1) {
      problems.push(`line ${line} ${show(trimmed)} has no "="; write KEY=VALUE`);
      return;
    }
    const key = trimmed.slice(0, eq).trim();
    if (key === '') {
      problems.push(`line ${line} ${show(trimmed)} has an empty name; write KEY=VALUE`);
      return;
    }
    if (/\s/.test(key)) {
      problems.push(
        `line ${line} name ${show(key)} contains a space; write KEY=VALUE with no space in KEY`,
      );
      return;
    }
    const first = seen.get(key);
    if (first !== undefined) {
      problems.push(`sets ${show(key)} twice (lines ${first} and ${line}); keep one`);
      return;
    }
    seen.set(key, line);
    entries.push({ key, value: unquote(trimmed.slice(eq + 1).trim()), line });
  });
  return problems.length ? { problems } : { entries };
}

function unquote(value: string): string {
  if (value.length >= 2) {
    const q = value[0];
    if ((q === '"' || q === "'") && value[value.length - 1] === q) return value.slice(1, -1);
  }
  return value;
}
