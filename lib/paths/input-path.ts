import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * The one place that judges a path an input names. What the action needs there: a file to read,
 * a folder to read (a build context), or a folder to write into (created when missing). Each
 * problem is one line that names the input, the path and the fix; never a raw Node error.
 */
export type PathNeed = 'file' | 'directory' | 'output-directory';

const WANTED: Record<PathNeed, string> = {
  file: 'a file',
  directory: 'a folder',
  'output-directory': 'a folder to write into',
};

function statOf(path: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/** Why `path` cannot serve as `need` for `input`, or undefined when it can. Reads the file system. */
export function inputPathProblem(
  input: string,
  path: string,
  need: PathNeed,
  hint = 'check the path (relative to the workspace)',
): string | undefined {
  const at = `Input "${input}" is ${JSON.stringify(path)}`;
  if (path.includes('\0')) return `${at}, which holds a NUL character; ${hint}.`;
  const stat = statOf(path);
  if (need === 'output-directory') return outputDirectoryProblem(at, path, stat);
  if (!stat) return `${at}, which does not exist; ${hint}.`;
  if (need === 'file' && stat.isDirectory())
    return `${at}, which is a folder, not a file; name the file inside it.`;
  if (need === 'directory' && !stat.isDirectory())
    return `${at}, which is a file, not a folder; name the folder that holds it.`;
  if (!canAccess(path, constants.R_OK))
    return `${at}, which this job cannot read (permission denied); fix the permissions or ${hint}.`;
  return undefined;
}

function outputDirectoryProblem(
  at: string,
  path: string,
  stat: ReturnType<typeof statSync> | undefined,
): string | undefined {
  if (stat && !stat.isDirectory())
    return `${at}, which is a file, not ${WANTED['output-directory']}; name a folder (it is created when missing).`;
  if (stat) {
    return canAccess(path, constants.W_OK)
      ? undefined
      : `${at}, which this job cannot write to (permission denied); name a folder under the workspace or $RUNNER_TEMP.`;
  }
  // Missing: the nearest existing ancestor must be a writable folder.
  let ancestor = dirname(resolve(path));
  for (;;) {
    const above = statOf(ancestor);
    if (above && !above.isDirectory())
      return `${at}, which lies under the file ${JSON.stringify(ancestor)}; name a folder that is not inside a file.`;
    if (above)
      return canAccess(ancestor, constants.W_OK)
        ? undefined
        : `${at}, which cannot be created: ${JSON.stringify(ancestor)} is not writable; name a folder under the workspace or $RUNNER_TEMP.`;
    const next = dirname(ancestor);
    if (next === ancestor) return undefined;
    ancestor = next;
  }
}

function canAccess(path: string, mode: number): boolean {
  try {
    accessSync(path, mode);
    return true;
  } catch {
    return false;
  }
}

/** A file-system error met while using a path input, as its one line (a race after the check, say). */
export function pathErrorLine(input: string, path: string, error: unknown, need: PathNeed): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const found = inputPathProblem(input, path, need);
  if (found) return found;
  const why =
    code === 'EACCES' || code === 'EPERM'
      ? 'permission denied'
      : code === 'ENOSPC'
        ? 'the disk is full'
        : (code ?? (error instanceof Error ? error.message.split('\n')[0] : String(error)));
  return `Input "${input}" is ${JSON.stringify(path)}, which cannot be used as ${WANTED[need]} (${why}); check the path and its permissions.`;
}
