import { randomUUID } from 'node:crypto';
import { accessSync, appendFileSync, constants, existsSync } from 'node:fs';
import { EOL } from 'node:os';
import { InputReader } from './inputs.js';
import {
  commandValue,
  inputVariable,
  keyValueBlock,
  workflowCommand,
  type CommandProperties,
} from './workflow-commands.js';

/**
 * The slice of the Actions toolkit the suite uses. Actions receive it as a parameter, so tests
 * pass a recording fake instead of mocking modules.
 */
export interface Toolkit {
  input(name: string): string;
  setOutput(name: string, value: string | number | boolean | object): void;
  setSecret(value: string): void;
  info(message: string): void;
  debug(message: string): void;
  warning(message: string, where?: AnnotationPlace): void;
  error(message: string, where?: AnnotationPlace): void;
  notice(message: string, where?: AnnotationPlace): void;
  setFailed(message: string): void;
  group<T>(title: string, body: () => Promise<T>): Promise<T>;
  /** Appends Markdown to the job summary (no-op when the runner gives no summary file). */
  appendSummary(markdown: string): Promise<void>;
  saveState(name: string, value: string): void;
  getState(name: string): string;
  isPost(): boolean;
}

export interface AnnotationPlace {
  title?: string;
  file?: string;
  startLine?: number;
}

/**
 * The toolkit on a GitHub runner: the workflow-command protocol written directly (stdout and the
 * GITHUB_OUTPUT / GITHUB_STATE / GITHUB_STEP_SUMMARY files), byte for byte what @actions/core
 * writes. @actions/core itself is not bundled: it loads undici and @actions/exec at start for
 * OIDC and platform helpers no action here uses, about 1 MB of each bundle's 3.4 MB.
 */
export const actionsToolkit: Toolkit = {
  // Untrimmed: the input reader decides what whitespace means (whitespace alone is an error).
  input: (name) => process.env[inputVariable(name)] ?? '',
  setOutput: (name, value) =>
    keyValueCommand(
      'OUTPUT',
      'set-output',
      name,
      typeof value === 'object' ? JSON.stringify(value) : value,
    ),
  setSecret: (value) => issue('add-mask', {}, value),
  info: (message) => process.stdout.write(message + EOL),
  debug: (message) => issue('debug', {}, message),
  warning: (message, where) => issue('warning', annotation(where), message),
  error: (message, where) => issue('error', annotation(where), message),
  notice: (message, where) => issue('notice', annotation(where), message),
  setFailed: (message) => {
    process.exitCode = 1;
    issue('error', {}, message);
  },
  group: async (title, body) => {
    issue('group', {}, title);
    try {
      return await body();
    } finally {
      issue('endgroup', {}, '');
    }
  },
  appendSummary: async (markdown) => {
    const path = process.env.GITHUB_STEP_SUMMARY;
    if (!path) return;
    try {
      accessSync(path, constants.R_OK | constants.W_OK);
    } catch {
      throw new Error(
        `Unable to access summary file: '${path}'. Check if the file has correct read/write permissions.`,
      );
    }
    appendFileSync(path, markdown + EOL, { encoding: 'utf8' });
  },
  saveState: (name, value) => keyValueCommand('STATE', 'save-state', name, value),
  getState: (name) => process.env[`STATE_${name}`] ?? '',
  isPost: () => process.env.STATE_isPost === 'true',
};

function issue(name: string, properties: Record<string, unknown>, message: unknown): void {
  process.stdout.write(workflowCommand(name, properties, message) + EOL);
}

function annotation(where: AnnotationPlace | undefined): CommandProperties {
  if (!where || !Object.keys(where).length) return {};
  return { title: where.title, file: where.file, line: where.startLine };
}

/** An output or state value: into the runner's file when it gives one, else the legacy command. */
function keyValueCommand(
  file: 'OUTPUT' | 'STATE',
  legacy: 'set-output' | 'save-state',
  name: string,
  value: unknown,
): void {
  const path = process.env[`GITHUB_${file}`];
  if (!path) {
    if (file === 'OUTPUT') process.stdout.write(EOL);
    issue(legacy, { name }, commandValue(value));
    return;
  }
  if (!existsSync(path)) throw new Error(`Missing file at path: ${path}`);
  const block = keyValueBlock(name, value, `ghadelimiter_${randomUUID()}`, EOL);
  appendFileSync(path, block + EOL, { encoding: 'utf8' });
}

/** An input reader over the toolkit that masks every secret it reads. */
export function inputReader(toolkit: Toolkit): InputReader {
  return new InputReader(
    (name) => toolkit.input(name),
    (value) => toolkit.setSecret(value),
  );
}
