import type { RegisterTaskDefinitionCommandInput } from '@aws-sdk/client-ecs';
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import { cpuUnits, memoryMiB } from './fargate-sizes.js';
import { withoutEmpty } from './task-definition.js';

type TaskDefinitionInput = RegisterTaskDefinitionCommandInput;

export interface TaskDefinitionDiff {
  changed: boolean;
  /** Unified diff of the two definitions as sorted JSON; empty when unchanged. */
  patch: string;
  added: number;
  removed: number;
}

/**
 * What registering `rendered` would change against `live`. Both sides are first put in the form
 * ECS stores (defaults filled, vCPU/GB spelled as units, variables sorted by name) so the diff
 * shows real changes, not spelling.
 */
export function diffTaskDefinitions(
  live: TaskDefinitionInput,
  rendered: TaskDefinitionInput,
  labels: { live: string; rendered: string },
): TaskDefinitionDiff {
  const before = stableJson(comparable(live));
  const after = stableJson(comparable(rendered));
  if (before === after) return { changed: false, patch: '', added: 0, removed: 0 };
  // No "===" underline: the patch goes into a ```diff block and a log group as is.
  const patch = createTwoFilesPatch(
    labels.live,
    labels.rendered,
    before,
    after,
    undefined,
    undefined,
    {
      context: 3,
      headerOptions: FILE_HEADERS_ONLY,
    },
  ).trimEnd();
  const lines = patch.split('\n');
  return {
    changed: true,
    patch,
    added: lines.filter((l) => l.startsWith('+') && !l.startsWith('+++')).length,
    removed: lines.filter((l) => l.startsWith('-') && !l.startsWith('---')).length,
  };
}

/** The registered shape of a definition: what DescribeTaskDefinition would echo back. */
export function comparable(td: TaskDefinitionInput): unknown {
  const copy = structuredClone(td) as TaskDefinitionInput;
  if (copy.cpu !== undefined) copy.cpu = String(cpuUnits(String(copy.cpu)) ?? copy.cpu);
  if (copy.memory !== undefined)
    copy.memory = String(memoryMiB(String(copy.memory)) ?? copy.memory);
  const awsvpc = copy.networkMode === 'awsvpc';
  for (const c of copy.containerDefinitions ?? []) {
    c.essential ??= true;
    for (const m of c.portMappings ?? []) {
      m.protocol ??= 'tcp';
      if (awsvpc && m.containerPort !== undefined) m.hostPort ??= m.containerPort;
    }
    c.environment?.sort((a, b) => (a.name ?? '').localeCompare(b.name ?? ''));
    c.secrets?.sort((a, b) => (a.name ?? '').localeCompare(b.name ?? ''));
  }
  return withoutEmpty(copy);
}

/** JSON with object keys sorted, so two equal definitions print the same text. */
export function stableJson(value: unknown): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (typeof v === 'object' && v !== null && !(v instanceof Date)) {
      return Object.fromEntries(
        Object.keys(v)
          .sort()
          .map((k) => [k, sort((v as Record<string, unknown>)[k])]),
      );
    }
    return v;
  };
  return `${JSON.stringify(sort(value), null, 2)}\n`;
}
