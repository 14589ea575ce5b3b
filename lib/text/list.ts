/**
 * Quote-aware list splitting, the convention of docker/build-push-action: items separated by
 * newlines or commas; a comma inside double or single quotes belongs to the item; lines whose
 * first non-blank character is `#` are comments. Returns the items, or the problem found.
 */
export type SplitResult = { items: string[] } | { problem: string };

export function splitList(text: string): SplitResult {
  const items: string[] = [];
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    let current = '';
    let quote: '"' | "'" | undefined;
    for (const ch of line) {
      if (quote) {
        if (ch === quote) quote = undefined;
        else current += ch;
      } else if (ch === '"' || ch === "'") {
        quote = ch;
      } else if (ch === ',') {
        pushItem(items, current);
        current = '';
      } else {
        current += ch;
      }
    }
    if (quote) return { problem: `has an unclosed ${quote} in ${show(line)}` };
    pushItem(items, current);
  }
  return { items };
}

function pushItem(items: string[], item: string): void {
  const trimmed = item.trim();
  if (trimmed !== '') items.push(trimmed);
}

/** Quote-aware split on whitespace, for commands: `sh -c "echo a b"` → [sh, -c, echo a b]. */
export function splitCommand(text: string): SplitResult {
  const words: string[] = [];
  let current: string | undefined;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === quote) quote = undefined;
      else if (ch === '\\' && quote === '"' && (text[i + 1] === '"' || text[i + 1] === '\\'))
        current = (current ?? '') + text[++i];
      else current = (current ?? '') + ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      current ??= '';
    } else if (/\s/.test(ch)) {
      if (current !== undefined) words.push(current);
      current = undefined;
    } else {
      current = (current ?? '') + ch;
    }
  }
  if (quote) return { problem: `has an unclosed ${quote} in ${show(text.trim())}` };
  if (current !== undefined) words.push(current);
  return { items: words };
}

/** A value as it appears in a message: quoted, one line, at most 80 characters. */
export function show(value: string): string {
  // JSON.stringify already writes a newline as \n: escaping it first would print \\n.
  const flat = value.replace(/\r\n/g, '\n');
  return JSON.stringify(flat.length > 80 ? `${flat.slice(0, 77)}...` : flat);
}
