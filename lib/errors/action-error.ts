/**
 * The one error type for expected failures: something the user can fix. Its message is a single
 * line that says what is wrong; the optional hint says what to write or do instead.
 * Anything else thrown is a bug and keeps its stack trace.
 */
export class ActionError extends Error {
  override readonly name = 'ActionError';

  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }

  /** The line shown to the user: message, then hint, never a stack. */
  get line(): string {
    const text = this.hint ? `${this.message} ${this.hint}` : this.message;
    return text.replace(/\s*\n\s*/g, ' ');
  }
}

/** Several expected failures found in one pass: each is reported on its own line. */
export class ActionErrors extends ActionError {
  constructor(readonly problems: readonly string[]) {
    super(
      problems.length === 1
        ? problems[0]!
        : `${problems.length} problems:\n- ${problems.join('\n- ')}`,
    );
  }

  override get line(): string {
    return this.message;
  }
}

export function isActionError(error: unknown): error is ActionError {
  return error instanceof ActionError;
}
