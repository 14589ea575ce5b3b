import { isActionError } from '../errors/action-error.js';
import { awsFailure } from '../errors/aws-errors.js';
import { actionsToolkit, type Toolkit } from './toolkit.js';

/**
 * The one place an action's failure is reported. Expected failures (ActionError, and an AWS call
 * that was refused or kept failing) become one `::error::` line without a stack; anything else
 * is a bug and keeps its stack trace. The
 * second run of the same bundle (the `post:` step) calls `post` instead of `main`.
 */
export async function run(
  main: (toolkit: Toolkit) => Promise<void>,
  options: { post?: (toolkit: Toolkit) => Promise<void>; toolkit?: Toolkit } = {},
): Promise<void> {
  const toolkit = options.toolkit ?? actionsToolkit;
  const isPost = toolkit.isPost();
  if (!isPost) toolkit.saveState('isPost', 'true');
  try {
    if (isPost) await options.post?.(toolkit);
    else await main(toolkit);
  } catch (error) {
    toolkit.setFailed(describeFailure(error));
  }
}

export function describeFailure(thrown: unknown): string {
  const error = awsFailure(thrown);
  if (isActionError(error)) return error.line;
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}
