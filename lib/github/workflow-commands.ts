/**
 * The runner's workflow-command protocol, as pure functions: how a message, an annotation or a
 * key/value block is written so the runner reads it back exactly. The format is GitHub's
 * ("Workflow commands for GitHub Actions"); workflow-commands.test.ts proves each function writes
 * what @actions/core writes for the same call.
 */

export type CommandProperties = {
  title?: string;
  file?: string;
  line?: number;
  endLine?: number;
  col?: number;
  endColumn?: number;
};

/** How a value becomes command text: strings as they are, nothing as "", the rest as JSON. */
export function commandValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string' || value instanceof String) return String(value);
  return JSON.stringify(value);
}

/** `%`, CR and LF would end or corrupt a command: the runner decodes them back. */
export function escapeData(value: unknown): string {
  return commandValue(value).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A property value also may not hold the `:` and `,` that separate properties. */
export function escapeProperty(value: unknown): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * `::name key=value,key=value::message`. Properties without a value (empty, 0) are left out; the
 * space after the name is there whenever properties were passed at all, as the runner has always
 * been sent it.
 */
export function workflowCommand(
  name: string,
  properties: Record<string, unknown>,
  message: unknown,
): string {
  const keys = Object.keys(properties);
  const props = keys
    .filter((key) => Boolean(properties[key]))
    .map((key) => `${key}=${escapeProperty(properties[key])}`)
    .join(',');
  return `::${name}${keys.length ? ` ${props}` : ''}::${escapeData(message)}`;
}

/**
 * `key<<delimiter`, the value, `delimiter`: the block GITHUB_OUTPUT and GITHUB_STATE take. The
 * delimiter is random per call; a key or value that holds it would end the block early.
 */
export function keyValueBlock(key: string, value: unknown, delimiter: string, eol = '\n'): string {
  const text = commandValue(value);
  if (key.includes(delimiter))
    throw new Error(`Unexpected input: name should not contain the delimiter "${delimiter}"`);
  if (text.includes(delimiter))
    throw new Error(`Unexpected input: value should not contain the delimiter "${delimiter}"`);
  return `${key}<<${delimiter}${eol}${text}${eol}${delimiter}`;
}

/** The input's environment variable: `INPUT_` and the name upper-cased, spaces as `_`. */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}
