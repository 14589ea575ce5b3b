import { ActionErrors } from '../errors/action-error.js';
import { formatDuration, parseDuration } from '../text/duration.js';
import { parseKeyValues, type KeyValue } from '../text/key-values.js';
import { show, splitCommand, splitList } from '../text/list.js';
import { inputPathProblem, type PathNeed } from '../paths/input-path.js';

/** Where input values come from: `core.getInput` in an action, a plain map in tests. */
export type InputSource = (name: string) => string;

interface Common {
  /** Said after "write ..." when the input is required and missing. */
  example?: string;
}

/**
 * Reads typed inputs and collects every bad value of one run, so a user fixes them all at once.
 * Each accessor returns a usable fallback when the value is bad; `done()` then throws one
 * ActionErrors with a line per problem. Secret values never appear in messages.
 */
export class InputReader {
  private readonly problems: string[] = [];
  private readonly secrets = new Set<string>();
  private readonly asked = new Set<string>();

  constructor(
    private readonly source: InputSource,
    private readonly onSecret: (value: string) => void = () => {},
  ) {}

  /**
   * The runner passes `''` for an input that was not given, so only content decides: a value of
   * whitespace alone (an empty upstream output in a block scalar, say) is a mistake, not "unset".
   */
  private read(name: string): string {
    this.asked.add(name);
    const value = this.source(name);
    if (value !== '' && value.trim() === '') {
      this.fail(
        name,
        `is only whitespace (${this.shown(name, value)}), which usually means an upstream output was empty; pass a value or remove the input`,
      );
      return '';
    }
    return value;
  }

  private raw(name: string): string {
    return this.read(name).trim();
  }

  /** Every input name read so far (a test checks them against action.yml). */
  get names(): readonly string[] {
    return [...this.asked].sort();
  }

  private fail(name: string, problem: string): void {
    this.problems.push(`Input "${name}" ${problem}.`);
  }

  private shown(name: string, value: string): string {
    return this.secrets.has(name) ? '(value hidden)' : show(value);
  }

  private missing(name: string, options: Common): void {
    if (this.reported(name)) return; // whitespace alone, already said
    const example = options.example ?? '<value>';
    this.fail(name, `is required and was not set; add \`${name}: ${example}\` under \`with:\``);
  }

  /** Whether a problem naming this input was reported already (so a caller does not pile on). */
  reported(name: string): boolean {
    return this.problems.some((p) => p.startsWith(`Input "${name}"`));
  }

  /** Adds a problem found by the caller (a combination of inputs, say) to the same report. */
  problem(message: string): void {
    this.problems.push(message);
  }

  optionalString(name: string): string | undefined {
    const value = this.raw(name);
    return value === '' ? undefined : value;
  }

  string(name: string, options: Common & { default?: string } = {}): string {
    const value = this.raw(name);
    if (value !== '') return value;
    if (options.default !== undefined) return options.default;
    this.missing(name, options);
    return '';
  }

  /**
   * A path the action reads (`file`, `directory`) or writes into (`output-directory`): checked on
   * the file system now, so a folder given for a file, or an output folder under a file, is one
   * line naming the input, the path and the fix (lib/paths), reported with every other problem.
   */
  path(
    name: string,
    need: PathNeed,
    options: { default?: string; hint?: string } = {},
  ): string | undefined {
    const value = this.optionalString(name) ?? options.default;
    if (value === undefined) return undefined;
    const problem = inputPathProblem(name, value, need, options.hint);
    if (problem) this.problems.push(problem);
    return value;
  }

  /** A secret: masked in the log as soon as it is read, never echoed in a message. */
  secret(name: string, options: Common & { required?: boolean } = {}): string | undefined {
    this.secrets.add(name);
    const value = this.raw(name);
    if (value === '') {
      if (options.required) this.missing(name, options);
      return undefined;
    }
    this.onSecret(value);
    return value;
  }

  boolean(name: string, fallback: boolean): boolean {
    const value = this.raw(name);
    if (value === '') return fallback;
    if (value === 'true') return true;
    if (value === 'false') return false;
    this.fail(name, `is ${this.shown(name, value)}; write true or false`);
    return fallback;
  }

  integer(
    name: string,
    options: { min: number; max: number; default?: number },
  ): number | undefined {
    const value = this.raw(name);
    if (value === '') return options.default;
    const range = `a whole number from ${options.min} to ${options.max}`;
    if (!/^[+-]?\d+$/.test(value)) {
      this.fail(name, `is ${this.shown(name, value)}; write ${range}`);
      return options.default;
    }
    const n = Number(value);
    if (n < options.min || n > options.max) {
      this.fail(name, `is ${value}, out of range; write ${range}`);
      return options.default;
    }
    return n;
  }

  /** A duration in milliseconds: `90s`, `10m`, `1h`, `1h30m`. A bare number is refused: say the unit. */
  duration(name: string, options: { default: number; min?: number; max?: number }): number {
    const value = this.raw(name);
    if (value === '') return options.default;
    const ms = parseDuration(value);
    const bounds =
      options.min !== undefined && options.max !== undefined
        ? ` from ${formatDuration(options.min)} to ${formatDuration(options.max)}`
        : '';
    if (ms === undefined) {
      const why = /^\d+$/.test(value) ? 'has no unit' : 'is not a duration';
      this.fail(
        name,
        `is ${this.shown(name, value)}, which ${why}; write a duration${bounds} such as 90s, 10m or 1h`,
      );
      return options.default;
    }
    if (
      (options.min !== undefined && ms < options.min) ||
      (options.max !== undefined && ms > options.max)
    ) {
      this.fail(name, `is ${value}, out of range; write a duration${bounds}`);
      return options.default;
    }
    return ms;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.raw(name);
    if (value === '') return fallback;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    this.fail(name, `is ${this.shown(name, value)}; write one of: ${allowed.join(', ')}`);
    return fallback;
  }

  /** Newline- or comma-separated, quote-aware, `#` comment lines skipped. */
  list(name: string): string[] {
    const result = splitList(this.read(name));
    if ('problem' in result) {
      this.fail(name, `${result.problem}; close the quote or remove it`);
      return [];
    }
    return result.items;
  }

  /** A command line split like a shell would split words (quotes kept together, no expansion). */
  command(name: string): string[] | undefined {
    const value = this.raw(name);
    if (value === '') return undefined;
    const result = splitCommand(value);
    if ('problem' in result) {
      this.fail(name, `${result.problem}; close the quote or remove it`);
      return undefined;
    }
    return result.items;
  }

  /** Multiline `KEY=VALUE`: values may hold `=`, spaces and quotes. */
  keyValues(name: string): KeyValue[] {
    const result = parseKeyValues(this.read(name));
    if ('problems' in result) {
      for (const p of result.problems) this.fail(name, this.secrets.has(name) ? hideLine(p) : p);
      return [];
    }
    return result.entries;
  }

  /** `KEY=VALUE` lines whose values are secrets: each value is masked as soon as it is read. */
  secretKeyValues(name: string): KeyValue[] {
    this.secrets.add(name);
    const entries = this.keyValues(name);
    for (const { value } of entries) this.onSecret(value);
    return entries;
  }

  /** JSON or YAML given inline is not parsed here: the caller knows its shape. */
  get ok(): boolean {
    return this.problems.length === 0;
  }

  /** Throws every problem found so far as one expected failure. */
  done(): void {
    if (this.problems.length) throw new ActionErrors([...this.problems]);
  }
}

/** A key-value problem about a secret input, without the line's text (it may be the secret). */
function hideLine(problem: string): string {
  const line = /^line (\d+) /.exec(problem)?.[1];
  return line ? `line ${line} is not ID=VALUE (the line is hidden: it may hold a secret)` : problem;
}
