import * as core from '@actions/core';
import { InputReader } from './inputs.js';

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

export const actionsToolkit: Toolkit = {
  // Untrimmed: the input reader decides what whitespace means (whitespace alone is an error).
  input: (name) => core.getInput(name, { trimWhitespace: false }),
  setOutput: (name, value) =>
    core.setOutput(name, typeof value === 'object' ? JSON.stringify(value) : value),
  setSecret: (value) => core.setSecret(value),
  info: (message) => core.info(message),
  debug: (message) => core.debug(message),
  warning: (message, where) => core.warning(message, where),
  error: (message, where) => core.error(message, where),
  notice: (message, where) => core.notice(message, where),
  setFailed: (message) => core.setFailed(message),
  group: (title, body) => core.group(title, body),
  appendSummary: async (markdown) => {
    if (!process.env.GITHUB_STEP_SUMMARY) return;
    await core.summary.addRaw(markdown, true).write();
  },
  saveState: (name, value) => core.saveState(name, value),
  getState: (name) => core.getState(name),
  isPost: () => core.getState('isPost') === 'true',
};

/** An input reader over the toolkit that masks every secret it reads. */
export function inputReader(toolkit: Toolkit): InputReader {
  return new InputReader(
    (name) => toolkit.input(name),
    (value) => toolkit.setSecret(value),
  );
}
