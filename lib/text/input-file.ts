import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { ActionError } from '../errors/action-error.js';
import { pathErrorLine } from '../paths/input-path.js';

/**
 * Reads the file an input names. A missing or unreadable file is one line that names the input,
 * the path and the reason; `hint` says what to write instead.
 */
export async function readInputFile(
  path: string,
  input: string,
  hint = 'Check the path; it is relative to the workspace.',
): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      throw new ActionError(`Input "${input}": file "${path}" does not exist.`, hint);
    // A folder, a permission: what the path is, in one line (lib/paths judges every path input).
    throw new ActionError(pathErrorLine(input, path, error, 'file'));
  }
}

/**
 * Parses YAML (and so JSON, its subset). On a syntax error, `invalid` gets the parser's first
 * line and returns the error to throw.
 */
export function parseYamlText(text: string, invalid: (why: string) => ActionError): unknown {
  try {
    return parseYaml(text, { prettyErrors: false });
  } catch (error) {
    throw invalid(error instanceof Error ? error.message.split('\n')[0]! : String(error));
  }
}
