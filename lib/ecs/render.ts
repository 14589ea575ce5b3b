import type {
  ContainerDefinition,
  LogDriver,
  RegisterTaskDefinitionCommandInput,
} from '@aws-sdk/client-ecs';
import type { RuntimePlatform } from '../ecr/platforms.js';
import { releaseImageFindings } from './image-policy.js';
import { findContainer, mainContainer } from './main-container.js';
import { taskDefinitionProblems } from './task-definition-problems.js';
import { withoutEmpty } from './task-definition.js';

type TaskDefinitionInput = RegisterTaskDefinitionCommandInput;

/** A value for one container; without `container` it goes to the main container. */
export type Scoped<T> = T & { container?: string };

export interface TaskDefinitionChanges {
  images?: Scoped<{ image: string }>[];
  environment?: Scoped<{ name: string; value: string }>[];
  secrets?: Scoped<{ name: string; valueFrom: string }>[];
  /** merge: keep the file's variables and override by name; replace: only the given ones remain. */
  envMode?: 'merge' | 'replace';
  logConfiguration?: Scoped<{ driver?: string; options: Record<string, string> }>[];
  dockerLabels?: Scoped<{ key: string; value: string }>[];
  command?: Scoped<{ words: string[] }>;
  cpu?: string;
  memory?: string;
  taskRoleArn?: string;
  executionRoleArn?: string;
  runtimePlatform?: RuntimePlatform;
  /** Names the main container (also the AppSpec's container). */
  containerName?: string;
  allowMutableTags?: boolean;
}

export interface Rendered {
  taskDefinition: TaskDefinitionInput;
  /** Anything that stops the task definition from deploying; the run fails when non-empty. */
  problems: string[];
  warnings: string[];
  /** Set when no image was given: which image the routed container keeps (a warning to show). */
  keptImage?: string;
}

/**
 * The task definition to register: `base` with every change applied, then checked as a whole.
 * Pure: no I/O, `base` is not modified.
 */
export function renderTaskDefinition(
  base: TaskDefinitionInput,
  changes: TaskDefinitionChanges,
): Rendered {
  const td = structuredClone(base);
  const problems: string[] = [];
  const warnings: string[] = [];
  const containers = td.containerDefinitions ?? [];
  let main: string | undefined;
  let mainProblem: string | undefined;
  const target = (container: string | undefined, what: string): ContainerDefinition | undefined => {
    if (container) {
      const found = findContainer(td, container);
      if ('problem' in found) {
        problems.push(`${what}: ${found.problem}`);
        return undefined;
      }
      return found;
    }
    if (main === undefined && mainProblem === undefined) {
      const chosen = mainContainer(td, changes.containerName);
      if (typeof chosen === 'string') main = chosen;
      else mainProblem = chosen.problem;
    }
    if (mainProblem) {
      problems.push(`${what}: ${mainProblem}`);
      return undefined;
    }
    return containers.find((c) => c.name === main);
  };

  const imagesSet = new Map<string, string>();
  for (const { container, image } of changes.images ?? []) {
    const c = target(container, `image "${image}"`);
    if (!c?.name) continue;
    if (imagesSet.has(c.name)) {
      problems.push(
        `images sets container "${c.name}" twice (${imagesSet.get(c.name)} and ${image}); keep one`,
      );
      continue;
    }
    imagesSet.set(c.name, image);
    c.image = image;
  }

  applyVariables(changes, target);
  for (const { container, driver, options } of changes.logConfiguration ?? []) {
    const c = target(container, 'log-configuration');
    if (!c) continue;
    const current = c.logConfiguration;
    const sameDriver = !driver || driver === current?.logDriver;
    const logDriver = (driver ?? current?.logDriver) as LogDriver | undefined;
    if (!logDriver) {
      problems.push(
        `log-configuration for container "${c.name}" has no driver; add driver=awslogs (or another log driver)`,
      );
      continue;
    }
    c.logConfiguration = {
      ...(sameDriver ? current : {}),
      logDriver,
      options: { ...(sameDriver ? current?.options : {}), ...options },
    };
  }
  for (const { container, key, value } of changes.dockerLabels ?? []) {
    const c = target(container, `docker label ${key}`);
    if (c) c.dockerLabels = { ...c.dockerLabels, [key]: value };
  }
  if (changes.command) {
    const c = target(changes.command.container, 'command');
    if (c) c.command = [...changes.command.words];
  }
  if (changes.cpu !== undefined) td.cpu = changes.cpu;
  if (changes.memory !== undefined) td.memory = changes.memory;
  if (changes.taskRoleArn !== undefined) td.taskRoleArn = changes.taskRoleArn;
  if (changes.executionRoleArn !== undefined) td.executionRoleArn = changes.executionRoleArn;
  if (changes.runtimePlatform) {
    td.runtimePlatform = {
      ...td.runtimePlatform,
      ...changes.runtimePlatform,
    } as typeof td.runtimePlatform;
  }

  const { findings, kept } = releaseImageFindings(td, {
    containerName: changes.containerName,
    allowMutableTags: changes.allowMutableTags ?? false,
    imagesGiven: new Set(imagesSet.keys()),
  });
  for (const finding of findings)
    (finding.level === 'error' ? problems : warnings).push(finding.message);
  const rendered = (withoutEmpty(td) ?? {}) as TaskDefinitionInput;
  problems.push(...taskDefinitionProblems(rendered));
  return {
    taskDefinition: rendered,
    problems: [...new Set(problems)],
    warnings,
    ...(kept ? { keptImage: kept } : {}),
  };
}

function applyVariables(
  changes: TaskDefinitionChanges,
  target: (container: string | undefined, what: string) => ContainerDefinition | undefined,
): void {
  const replace = changes.envMode === 'replace';
  const environment = new Map<ContainerDefinition, Map<string, string>>();
  const secrets = new Map<ContainerDefinition, Map<string, string>>();
  for (const { container, name, value } of changes.environment ?? []) {
    const c = target(container, `environment ${name}`);
    if (!c) continue;
    if (!environment.has(c)) environment.set(c, new Map());
    environment.get(c)!.set(name, value);
  }
  for (const { container, name, valueFrom } of changes.secrets ?? []) {
    const c = target(container, `secret ${name}`);
    if (!c) continue;
    if (!secrets.has(c)) secrets.set(c, new Map());
    secrets.get(c)!.set(name, valueFrom);
  }
  // A name moves between environment and secrets when the input says so: the newer kind wins.
  for (const [c, given] of environment) {
    const kept = replace ? [] : (c.environment ?? []).filter((e) => !given.has(e.name ?? ''));
    c.environment = [...kept, ...[...given].map(([name, value]) => ({ name, value }))];
    if (!replace && c.secrets) c.secrets = c.secrets.filter((s) => !given.has(s.name ?? ''));
  }
  for (const [c, given] of secrets) {
    const kept = replace ? [] : (c.secrets ?? []).filter((s) => !given.has(s.name ?? ''));
    c.secrets = [...kept, ...[...given].map(([name, valueFrom]) => ({ name, valueFrom }))];
    if (!replace && c.environment)
      c.environment = c.environment.filter((e) => !given.has(e.name ?? ''));
  }
}
