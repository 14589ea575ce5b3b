import { parse as parseYaml } from 'yaml';
import { ActionError } from '../errors/action-error.js';

/** `${name}`, `${name:-default}`; `$${` writes a literal `${`. */
const VARIABLE = /\$(\$?)\{([A-Za-z_][A-Za-z0-9_.-]*)(?::-([^}]*))?\}/g;

export type TemplatePayload = Record<string, unknown>;

/** Parses a Block Kit payload written as JSON or YAML. */
export function parseTemplate(source: string): TemplatePayload {
  const text = source.trim();
  let value: unknown;
  try {
    value = text.startsWith('{') ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    const format = text.startsWith('{') ? 'JSON' : 'YAML';
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new ActionError(
      `Input "template" is not valid ${format}: ${reason}.`,
      'Write a Block Kit payload such as {"text": "...", "blocks": [...]} (JSON or YAML).',
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ActionError(
      'Input "template" is not a Block Kit payload (an object with "text" and "blocks").',
      'Write {"text": "...", "blocks": [...]}; a bare list of blocks goes under "blocks".',
    );
  }
  return value as TemplatePayload;
}

function substitute(text: string, variables: Record<string, string>, missing: Set<string>): string {
  return text.replace(VARIABLE, (whole, escaped: string, name: string, fallback?: string) => {
    if (escaped) return whole.slice(1);
    const value = variables[name];
    if (value !== undefined) return value;
    if (fallback !== undefined) return fallback;
    missing.add(name);
    return whole;
  });
}

function walk(value: unknown, visit: (text: string) => string): unknown {
  if (typeof value === 'string') return visit(value);
  if (Array.isArray(value)) return value.map((v) => walk(v, visit));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, visit)]));
  }
  return value;
}

/**
 * Fills `${...}` variables in every string of a parsed payload (so a value holding quotes or
 * newlines cannot break the JSON). Every variable with no value and no default is reported at once.
 */
export function renderTemplate(
  payload: TemplatePayload,
  variables: Record<string, string>,
): TemplatePayload {
  const missing = new Set<string>();
  const rendered = walk(payload, (text) => substitute(text, variables, missing));
  if (missing.size) {
    const names = [...missing].sort();
    throw new ActionError(
      `Input "template" uses ${names.length === 1 ? 'a variable' : 'variables'} with no value: ${names.join(', ')}.`,
      `Set ${names.length === 1 ? 'it' : 'them'} (an input, or a KEY=VALUE line in "fields"), or give a default: \${${names[0]}:-text}. Set now: ${Object.keys(variables).sort().join(', ')}.`,
    );
  }
  return rendered as TemplatePayload;
}
