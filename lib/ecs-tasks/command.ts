/**
 * A one-off task's command as a user writes it in a workflow: a JSON array of strings
 * (`["npm", "run", "migrate"]`, exactly ECS's `command`), or words separated by spaces with
 * '...' or "..." quoting (`npm run migrate -- --to 12`). No shell runs it: the image may have none.
 */
import { splitCommand } from '../text/list.js';

export function parseTaskCommand(
  input: string,
  text: string,
): { command: string[] } | { problem: string } {
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      return {
        problem: `Input "${input}" starts with "[" but is not a JSON array (${trimmed}); write ["npm", "run", "migrate"] or plain words: npm run migrate.`,
      };
    }
    if (!Array.isArray(parsed) || parsed.length === 0 || parsed.some((p) => typeof p !== 'string'))
      return {
        problem: `Input "${input}" is ${trimmed}, not a non-empty array of strings; write ["npm", "run", "migrate"].`,
      };
    return { command: parsed as string[] };
  }
  const split = splitCommand(trimmed);
  if ('problem' in split)
    return {
      problem: `Input "${input}" ${split.problem}; close the quote, or write a JSON array such as ["sh", "-c", "..."].`,
    };
  const words = split.items;
  if (words.length === 0)
    return { problem: `Input "${input}" is empty; write the command, e.g. npm run migrate.` };
  return { command: words };
}
