import { parseAppSpec, type EcsAppSpec } from '../../../lib/codedeploy/appspec.js';
import { isActionError, type ActionError } from '../../../lib/errors/action-error.js';
import { readInputFile } from '../../../lib/text/input-file.js';

export interface AppSpecTemplate {
  /** Undefined when the file cannot be read or is not a valid AppSpec. */
  spec?: EcsAppSpec;
  problems: string[];
}

/**
 * The `appspec` input's file, parsed and checked. Problems are returned, not thrown, so they are
 * reported beside the task definition's in the same run.
 */
export async function readAppSpecTemplate(path: string): Promise<AppSpecTemplate> {
  try {
    return { spec: parseAppSpec(await readInputFile(path, 'appspec'), path), problems: [] };
  } catch (error) {
    if (!isActionError(error)) throw error;
    return { problems: problemLines(error) };
  }
}

/** One line per problem an expected failure carries (ActionErrors holds several). */
export function problemLines(error: ActionError): string[] {
  return 'problems' in error
    ? [...(error as { problems: readonly string[] }).problems]
    : [error.line];
}
