/**
 * The migration inputs (migration-command, migration-container, migration-timeout), read with the
 * others by readInputs; migration.ts runs what they ask for.
 */
import { parseTaskCommand } from '../../../lib/ecs-tasks/command.js';
import type { InputReader } from '../../../lib/github/index.js';
import { formatDuration } from '../../../lib/text/duration.js';

export interface MigrationInputs {
  command: string[];
  /** Default: the task definition's only essential container. */
  container?: string;
  timeoutMs: number;
}

const MINUTE = 60_000;

/** migration-command, migration-container, migration-timeout; undefined when no command is given. */
export function readMigrationInputs(
  reader: InputReader,
  deployTimeoutMs: number,
): MigrationInputs | undefined {
  const text = reader.optionalString('migration-command');
  const container = reader.optionalString('migration-container');
  const givenTimeout = reader.optionalString('migration-timeout') !== undefined;
  const readTimeoutMs = reader.duration('migration-timeout', {
    default: 10 * MINUTE,
    min: 10_000,
    max: 12 * 60 * MINUTE,
  });
  // Not given: 10 minutes, or half the deploy's timeout when that is shorter (the deployment
  // needs the rest).
  const timeoutMs = givenTimeout
    ? readTimeoutMs
    : Math.min(readTimeoutMs, Math.floor(deployTimeoutMs / 2));
  if (!text) {
    if (container)
      reader.problem(
        `Input "migration-container" is "${container}" but "migration-command" is not set; write the command it runs (e.g. npm run migrate), or remove migration-container.`,
      );
    return undefined;
  }
  const parsed = parseTaskCommand('migration-command', text);
  if ('problem' in parsed) {
    reader.problem(parsed.problem);
    return undefined;
  }
  if (givenTimeout && timeoutMs >= deployTimeoutMs)
    reader.problem(
      `Input "migration-timeout" is ${formatDuration(timeoutMs)}, not less than "timeout" (${formatDuration(deployTimeoutMs)}); the migration runs inside the deploy's timeout: shorten migration-timeout or lengthen timeout.`,
    );
  return { command: parsed.command, ...(container ? { container } : {}), timeoutMs };
}
