/**
 * `${NAME}` placeholders in a task definition file, filled from the environment. `$${NAME}`
 * stays as the literal `${NAME}` (for shell commands that expand it at run time).
 */
const PLACEHOLDER = /\$(\$?)\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

export interface Filled<T> {
  value: T;
  /** Names with no value in the environment, each once, in order of first use. */
  missing: string[];
}

/** Fills every string in `value` (keys untouched); unfilled names are listed, not guessed. */
export function fillPlaceholders<T>(value: T, env: Record<string, string | undefined>): Filled<T> {
  const missing: string[] = [];
  const fill = (text: string): string =>
    text.replace(PLACEHOLDER, (whole, escaped: string, name: string) => {
      if (escaped) return whole.slice(1);
      const found = env[name];
      if (found === undefined) {
        if (!missing.includes(name)) missing.push(name);
        return whole;
      }
      return found;
    });
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return fill(v);
    if (Array.isArray(v)) return v.map(walk);
    if (typeof v === 'object' && v !== null && !(v instanceof Date)) {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    }
    return v;
  };
  return { value: walk(value) as T, missing };
}
