/**
 * FilterLogEvents' `filterPattern` for unstructured log lines: terms that must all appear
 * (case-sensitive), `"quoted phrases"`, `-term` that must not appear, and `?term ?term` of which
 * one must appear. [infer] JSON (`{ $.x = ... }`) and space-delimited (`[a, b]`) patterns are
 * refused rather than matched wrongly.
 */

export type FilterPattern = (message: string) => boolean;

export function parseFilterPattern(text: string | undefined): FilterPattern | { error: string } {
  const pattern = (text ?? '').trim();
  if (!pattern) return () => true;
  if (pattern.startsWith('{') || pattern.startsWith('['))
    return {
      error: `Invalid filter pattern: the emulator matches terms, "phrases", -term and ?term only, not JSON or space-delimited patterns (${pattern})`,
    };
  const terms = [...pattern.matchAll(/([?-]?)(?:"((?:[^"\\]|\\.)*)"|(\S+))/g)].map((m) => ({
    kind: m[1] as '' | '?' | '-',
    text: m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3]!,
  }));
  const all = terms.filter((t) => t.kind === '').map((t) => t.text);
  const none = terms.filter((t) => t.kind === '-').map((t) => t.text);
  const any = terms.filter((t) => t.kind === '?').map((t) => t.text);
  return (message) =>
    all.every((t) => message.includes(t)) &&
    !none.some((t) => message.includes(t)) &&
    (any.length === 0 || any.some((t) => message.includes(t)));
}
