// Structured logs: one JSON object per line on stdout (CloudWatch via awslogs parses them).
// Callers pass chosen fields only; nothing here ever serialises headers or configuration.

export type LogLevel = 'info' | 'warn' | 'error';
export type LogFields = Record<string, string | number | boolean | undefined>;

export interface Log {
  (level: LogLevel, msg: string, fields?: LogFields): void;
}

export function jsonLog(write: (line: string) => void = (line) => process.stdout.write(line)): Log {
  return (level, msg, fields = {}) => {
    write(`${JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields })}\n`);
  };
}

/** An error's message for a log line: no stack, and never the error's attached query parameters. */
export function errorFields(error: unknown): LogFields {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { error: error.message, errorCode: typeof code === 'string' ? code : undefined };
  }
  return { error: String(error) };
}
