/** RegisterTaskDefinition and friends (spec B.2, B.3): revisions never reused, INACTIVE semantics. */
import { AwsError, type Handler } from '../protocol/json-service.js';
import type { EmulatorState, TaskDefinition } from '../state.js';
import { taskDefinitionArn } from './names.js';

const OUTPUT_ONLY = [
  'taskDefinitionArn',
  'revision',
  'status',
  'compatibilities',
  'requiresAttributes',
  'registeredAt',
  'registeredBy',
  'deregisteredAt',
];

export function clientError(message: string): AwsError {
  return new AwsError('ClientException', message);
}

export function invalidParameter(message: string): AwsError {
  return new AwsError('InvalidParameterException', message);
}

/** Registers a revision from a RegisterTaskDefinition input (also used by seeds). */
export function registerTaskDefinition(
  state: EmulatorState,
  input: any,
  now: number,
): TaskDefinition {
  const family = typeof input?.family === 'string' ? input.family.trim() : '';
  if (!family) throw clientError('Family can not be blank.');
  if (!/^[A-Za-z0-9_-]{1,255}$/.test(family)) {
    throw clientError(
      'Family contains invalid characters. Up to 255 letters (uppercase and lowercase), numbers, hyphens, and underscores are allowed.',
    );
  }
  const containers = input.containerDefinitions;
  if (!Array.isArray(containers) || containers.length === 0)
    throw clientError('Container list cannot be empty.');
  const networkMode = input.networkMode ?? 'bridge';
  const requires: string[] = input.requiresCompatibilities ?? [];
  for (const c of containers) {
    if (typeof c?.name !== 'string' || c.name === '')
      throw clientError('Container.name should not be null or empty.');
    if (typeof c.image !== 'string' || c.image === '')
      throw clientError('Container.image should not be null or empty.');
  }
  if (requires.includes('FARGATE')) {
    if (networkMode !== 'awsvpc') throw clientError('Fargate only supports network mode ‘awsvpc’.');
    if (!input.cpu || !input.memory) {
      throw clientError("Fargate requires that 'cpu' be defined at the task level.");
    }
  } else {
    for (const c of containers) {
      if (c.memory === undefined && c.memoryReservation === undefined && !input.memory) {
        throw clientError(
          `Invalid setting for container '${c.name}'. At least one of 'memory' or 'memoryReservation' must be specified.`,
        );
      }
    }
  }
  const revisions = state.ecs.taskDefinitions.get(family) ?? [];
  const revision = revisions.length + 1;
  const arn = taskDefinitionArn(state.region, state.account, family, revision);
  const body: Record<string, any> = structuredClone(input);
  for (const key of [...OUTPUT_ONLY, 'tags']) delete body[key];
  body.containerDefinitions = containers.map((c: any) => containerWithDefaults(c, networkMode));
  body.family = family;
  body.taskDefinitionArn = arn;
  body.revision = revision;
  body.volumes ??= [];
  body.placementConstraints ??= [];
  body.networkMode = networkMode;
  if (body.cpu !== undefined) body.cpu = cpuUnits(String(body.cpu));
  if (body.memory !== undefined) body.memory = memoryMiB(String(body.memory));
  body.status = 'ACTIVE';
  body.compatibilities = networkMode === 'awsvpc' ? ['EC2', 'FARGATE'] : ['EC2'];
  body.requiresAttributes =
    networkMode === 'awsvpc'
      ? [
          { name: 'com.amazonaws.ecs.capability.docker-remote-api.1.18' },
          { name: 'ecs.capability.task-eni' },
        ]
      : [{ name: 'com.amazonaws.ecs.capability.docker-remote-api.1.18' }];
  if (requires.length) body.requiresCompatibilities = requires;
  body.registeredBy = `arn:aws:iam::${state.account}:root`;
  const record: TaskDefinition = {
    body,
    family,
    revision,
    arn,
    status: 'ACTIVE',
    registeredAt: now,
    tags: Array.isArray(input.tags) ? input.tags : [],
  };
  revisions.push(record);
  state.ecs.taskDefinitions.set(family, revisions);
  return record;
}

function containerWithDefaults(c: any, networkMode: string): any {
  return {
    ...c,
    portMappings: (c.portMappings ?? []).map((p: any) => ({
      ...p,
      ...(networkMode === 'awsvpc' && p.hostPort === undefined
        ? { hostPort: p.containerPort }
        : {}),
      protocol: p.protocol ?? 'tcp',
    })),
    essential: c.essential ?? true,
    environment: c.environment ?? [],
    mountPoints: c.mountPoints ?? [],
    volumesFrom: c.volumesFrom ?? [],
  };
}

function cpuUnits(value: string): string {
  const m = /^([\d.]+)\s*vcpu$/i.exec(value.trim());
  return m ? String(Math.round(Number(m[1]) * 1024)) : value;
}

function memoryMiB(value: string): string {
  const m = /^([\d.]+)\s*gb$/i.exec(value.trim());
  return m ? String(Math.round(Number(m[1]) * 1024)) : value;
}

/**
 * Finds a task definition by `family` (latest ACTIVE), `family:revision` or ARN. Unknown ones
 * answer what DescribeTaskDefinition answers.
 */
export function findTaskDefinition(state: EmulatorState, ref: unknown): TaskDefinition {
  if (typeof ref !== 'string' || ref === '')
    throw clientError('Unable to describe task definition.');
  const tail = ref.startsWith('arn:')
    ? ref.slice(ref.indexOf('task-definition/') + 'task-definition/'.length)
    : ref;
  const [family, rev] = tail.split(':');
  const revisions = state.ecs.taskDefinitions.get(family ?? '') ?? [];
  const found =
    rev === undefined
      ? [...revisions].reverse().find((t) => t.status === 'ACTIVE')
      : revisions[Number(rev) - 1];
  if (!found || (ref.startsWith('arn:') && !ref.includes(`:${found.revision}`))) {
    throw clientError('Unable to describe task definition.');
  }
  return found;
}

/** A task definition that new tasks may use: ACTIVE, else the inactive rejection (spec B.3). */
export function usableTaskDefinition(state: EmulatorState, ref: unknown): TaskDefinition {
  const td = findTaskDefinition(state, ref);
  if (td.status !== 'ACTIVE') throw clientError('TaskDefinition is inactive');
  return td;
}

export function describeTaskDefinitionView(td: TaskDefinition): Record<string, any> {
  return {
    ...td.body,
    status: td.status,
    registeredAt: new Date(td.registeredAt),
    ...(td.deregisteredAt !== undefined ? { deregisteredAt: new Date(td.deregisteredAt) } : {}),
  };
}

export function taskDefinitionHandlers(state: EmulatorState): Record<string, Handler> {
  return {
    RegisterTaskDefinition(input, ctx) {
      const td = registerTaskDefinition(state, input, ctx.now().getTime());
      return { taskDefinition: describeTaskDefinitionView(td), tags: td.tags };
    },
    DescribeTaskDefinition(input) {
      const td = findTaskDefinition(state, input?.taskDefinition);
      const withTags = Array.isArray(input.include) && input.include.includes('TAGS');
      return {
        taskDefinition: describeTaskDefinitionView(td),
        ...(withTags ? { tags: td.tags } : {}),
      };
    },
    DeregisterTaskDefinition(input, ctx) {
      const ref = input?.taskDefinition;
      if (typeof ref !== 'string' || !ref.includes(':')) {
        throw clientError('Invalid revision number. Number: ' + String(ref ?? ''));
      }
      const td = findTaskDefinition(state, ref);
      if (td.status !== 'ACTIVE') throw clientError('TaskDefinition is inactive');
      td.status = 'INACTIVE';
      td.deregisteredAt = ctx.now().getTime();
      return { taskDefinition: describeTaskDefinitionView(td) };
    },
    DeleteTaskDefinitions(input) {
      const refs = input?.taskDefinitions;
      if (!Array.isArray(refs) || refs.length === 0 || refs.length > 10) {
        throw invalidParameter('taskDefinitions must contain between 1 and 10 task definitions.');
      }
      const taskDefinitions: unknown[] = [];
      const failures: unknown[] = [];
      for (const ref of refs) {
        let td: TaskDefinition;
        try {
          td = findTaskDefinition(state, ref);
        } catch {
          failures.push({ arn: ref, reason: 'The specified task definition does not exist.' });
          continue;
        }
        if (td.status === 'ACTIVE') {
          failures.push({
            arn: td.arn,
            reason:
              'The specified task definition is still in ACTIVE status. Please deregister the target and try again.',
          });
          continue;
        }
        td.status = 'DELETE_IN_PROGRESS';
        taskDefinitions.push(describeTaskDefinitionView(td));
      }
      return { taskDefinitions, failures };
    },
    ListTaskDefinitions(input) {
      const status = input?.status ?? 'ACTIVE';
      const prefix: string | undefined = input?.familyPrefix;
      const arns: string[] = [];
      for (const [family, revisions] of state.ecs.taskDefinitions) {
        if (prefix && !family.startsWith(prefix)) continue;
        arns.push(...revisions.filter((t) => t.status === status).map((t) => t.arn));
      }
      arns.sort(compareArns);
      if (input?.sort === 'DESC') arns.reverse();
      return page(arns, input, 'taskDefinitionArns');
    },
    ListTaskDefinitionFamilies(input) {
      const prefix: string | undefined = input?.familyPrefix;
      const status = input?.status ?? 'ACTIVE';
      const families = [...state.ecs.taskDefinitions.entries()]
        .filter(([f]) => !prefix || f.startsWith(prefix))
        .filter(([, revs]) => status === 'ALL' || revs.some((t) => t.status === status))
        .map(([f]) => f)
        .sort();
      return page(families, input, 'families');
    },
  };
}

function compareArns(a: string, b: string): number {
  const [fa, ra] = a.slice(a.lastIndexOf('/') + 1).split(':');
  const [fb, rb] = b.slice(b.lastIndexOf('/') + 1).split(':');
  return fa === fb ? Number(ra) - Number(rb) : (fa ?? '').localeCompare(fb ?? '');
}

/** Offset pagination with an opaque token, as list operations answer. */
export function page<T>(items: T[], input: any, key: string): Record<string, unknown> {
  const start = input?.nextToken
    ? Number(Buffer.from(String(input.nextToken), 'base64').toString()) || 0
    : 0;
  const size = typeof input?.maxResults === 'number' ? input.maxResults : 100;
  const slice = items.slice(start, start + size);
  const next =
    start + size < items.length ? Buffer.from(String(start + size)).toString('base64') : undefined;
  return { [key]: slice, ...(next ? { nextToken: next } : {}) };
}
