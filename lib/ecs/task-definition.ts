import type { RegisterTaskDefinitionCommandInput, TaskDefinition } from '@aws-sdk/client-ecs';
import { ActionError } from '../errors/action-error.js';
import { parseYamlText, readInputFile } from '../text/input-file.js';
import { otherFileKind } from './file-kind.js';
import { fillPlaceholders, type Filled } from './placeholders.js';

export type TaskDefinitionInput = RegisterTaskDefinitionCommandInput;
export { taskDefinitionProblems } from './task-definition-problems.js';

/** Fields DescribeTaskDefinition returns that RegisterTaskDefinition refuses (spec B.2). */
export const DESCRIBE_ONLY_FIELDS = [
  'taskDefinitionArn',
  'revision',
  'status',
  'requiresAttributes',
  'compatibilities',
  'registeredAt',
  'registeredBy',
  'deregisteredAt',
] as const;

/** Container fields that are integers; files often write them as strings ("512"). */
const CONTAINER_INTEGERS = ['cpu', 'memory', 'memoryReservation', 'startTimeout', 'stopTimeout'];
const PORT_INTEGERS = ['containerPort', 'hostPort'];

/**
 * Reads a task definition file (JSON or YAML, or the whole `aws ecs describe-task-definition`
 * output) into a RegisterTaskDefinition input: describe-only fields, nulls and empty values go,
 * numeric strings in integer fields become numbers.
 */
export async function loadTaskDefinitionFile(path: string): Promise<TaskDefinitionInput> {
  return parseTaskDefinition(await readTaskDefinitionText(path), path);
}

/**
 * Like loadTaskDefinitionFile, with `${NAME}` placeholders filled from `env` first, so that
 * `memory: "${MEM}"` becomes the number ECS wants. Unfilled names are listed, not guessed.
 */
export async function loadTaskDefinitionTemplate(
  path: string,
  env: Record<string, string | undefined>,
): Promise<Filled<TaskDefinitionInput>> {
  return parseTaskDefinitionTemplate(await readTaskDefinitionText(path), path, env);
}

/** Parses task definition text; `source` names the file in messages. */
export function parseTaskDefinition(text: string, source: string): TaskDefinitionInput {
  return normalize(parseRaw(text, source));
}

/**
 * Parses task definition text and fills its placeholders before normalizing: a filled value must
 * get the same treatment as one written literally.
 */
export function parseTaskDefinitionTemplate(
  text: string,
  source: string,
  env: Record<string, string | undefined>,
): Filled<TaskDefinitionInput> {
  const filled = fillPlaceholders(parseRaw(text, source), env);
  return { value: normalize(filled.value), missing: filled.missing };
}

function readTaskDefinitionText(path: string): Promise<string> {
  return readInputFile(
    path,
    'task-definition',
    'Write a path relative to the workspace, or live:<family> / service:<cluster>/<service>.',
  );
}

/** The mapping the file holds, unwrapped from describe-task-definition output; not normalized. */
function parseRaw(text: string, source: string): Record<string, unknown> {
  let raw: unknown = parseYamlText(
    text,
    (why) =>
      new ActionError(
        `Task definition file "${source}" is not valid JSON or YAML (${why}).`,
        'Fix the syntax; `aws ecs describe-task-definition --query taskDefinition` prints a valid file.',
      ),
  );
  if (!isObject(raw)) {
    throw new ActionError(
      `Task definition file "${source}" holds ${Array.isArray(raw) ? 'a list' : JSON.stringify(raw ?? null)}, not a task definition.`,
      'Write a mapping with family and containerDefinitions.',
    );
  }
  const other = otherFileKind(raw, source);
  if (other) throw new ActionError(`${other}.`);
  // The full describe-task-definition output wraps the definition and lists tags beside it.
  if (isObject(raw.taskDefinition) && raw.family === undefined) {
    const tags = raw.tags;
    raw = { ...raw.taskDefinition, ...(Array.isArray(tags) && tags.length ? { tags } : {}) };
  }
  return raw as Record<string, unknown>;
}

/** A described task definition as a registerable input. */
export function toRegisterInput(described: TaskDefinition): TaskDefinitionInput {
  return normalize(described as unknown as Record<string, unknown>);
}

function normalize(raw: Record<string, unknown>): TaskDefinitionInput {
  const copy: Record<string, unknown> = { ...raw };
  for (const field of DESCRIBE_ONLY_FIELDS) delete copy[field];
  const cleaned = (withoutEmpty(copy) ?? {}) as Record<string, unknown>;
  const containers = cleaned.containerDefinitions;
  if (Array.isArray(containers)) {
    for (const container of containers) {
      if (!isObject(container)) continue;
      coerceIntegers(container, CONTAINER_INTEGERS);
      if (Array.isArray(container.portMappings)) {
        for (const mapping of container.portMappings) {
          if (isObject(mapping)) coerceIntegers(mapping, PORT_INTEGERS);
        }
      }
    }
  }
  // Task-level cpu and memory are strings in the API, though files often write numbers.
  for (const key of ['cpu', 'memory']) {
    if (typeof cleaned[key] === 'number') cleaned[key] = String(cleaned[key]);
  }
  return cleaned as unknown as TaskDefinitionInput;
}

/**
 * Drops null, undefined, empty lists and empty mappings, recursively. Empty strings stay: an
 * environment variable may be set to "" on purpose.
 */
export function withoutEmpty(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (Array.isArray(value)) {
    const items = value.map(withoutEmpty).filter((v) => v !== undefined);
    return items.length ? items : undefined;
  }
  if (value instanceof Date) return value;
  if (isObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      const cleaned = withoutEmpty(v);
      if (cleaned !== undefined) out[key] = cleaned;
    }
    return Object.keys(out).length ? out : undefined;
  }
  return value;
}

function coerceIntegers(target: Record<string, unknown>, keys: readonly string[]): void {
  for (const key of keys) {
    const v = target[key];
    if (typeof v === 'string' && /^\d+$/.test(v.trim())) target[key] = Number(v.trim());
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
