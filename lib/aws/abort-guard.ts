import { ActionError } from '../errors/action-error.js';

/** Calls that only read: always allowed, cancelled or not. */
const READ_ONLY = /^(Describe|List|Get|BatchGet)/;
/** The response to a cancellation itself: stopping a deployment with rollback, or a one-off task. */
const CANCEL_RESPONSES = new Set(['StopDeployment', 'StopServiceDeployment', 'StopTask']);

/**
 * Whether an operation may still be sent once the run was cancelled. Pure. An ECS-native
 * deployment held by a hook is rolled back with ContinueServiceDeployment ROLLBACK (never CONTINUE).
 */
export function allowedAfterCancel(operation: string, input?: unknown): boolean {
  if (operation === 'ContinueServiceDeployment')
    return (input as { action?: string } | undefined)?.action === 'ROLLBACK';
  return READ_ONLY.test(operation) || CANCEL_RESPONSES.has(operation);
}

interface WithMiddleware {
  middlewareStack: {
    add(
      middleware: (
        next: (args: unknown) => Promise<unknown>,
        context: { commandName?: string },
      ) => (args: unknown) => Promise<unknown>,
      options: { step: 'initialize'; name: string },
    ): void;
  };
}

/**
 * The one check before every state-changing call: once `signal` is aborted (SIGINT/SIGTERM, the
 * runner cancelling the job), a client refuses to send anything but reads and the rollback.
 * So a cancel that lands between RegisterTaskDefinition and CreateDeployment creates nothing.
 */
export function guardStateChanges<C>(client: C, signal: AbortSignal | undefined): C {
  if (!signal) return client;
  (client as unknown as WithMiddleware).middlewareStack.add(
    (next, context) => async (args) => {
      const operation = (context.commandName ?? '').replace(/Command$/, '');
      if (signal.aborted && !allowedAfterCancel(operation, (args as { input?: unknown }).input))
        throw new ActionError(
          `The run was cancelled before ${operation}, so it was not sent;`,
          'nothing after the cancel changed in AWS. Re-run the job to deploy.',
        );
      return next(args);
    },
    { step: 'initialize', name: 'orgActionsAbortGuard' },
  );
  return client;
}
