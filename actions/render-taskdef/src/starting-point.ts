import type { ECSClient } from '@aws-sdk/client-ecs';
import {
  describeService,
  describeTaskDefinition,
  liveTaskDefinitionArn,
} from '../../../lib/ecs/live.js';
import type { TaskDefinitionSource } from '../../../lib/ecs/task-definition-source.js';
import {
  loadTaskDefinitionTemplate,
  toRegisterInput,
  type TaskDefinitionInput,
} from '../../../lib/ecs/task-definition.js';
import { engineOf, type EngineChoice } from '../../../lib/deploy/engine.js';
import { ActionError, isActionError } from '../../../lib/errors/action-error.js';

/** A task definition that is live, to diff against, and how to name it. */
export interface LiveTaskDefinition {
  taskDefinition: TaskDefinitionInput;
  label: string;
  /** The service it was read from, and the engine that service deploys with (when known). */
  service?: { name: string; engine?: EngineChoice };
}

export interface StartingPoint {
  taskDefinition: TaskDefinitionInput;
  /** What is live, to diff against, when known. */
  live?: LiveTaskDefinition;
  problems: string[];
}

/**
 * The task definition to render from: a file (with `${NAME}` placeholders filled from `env`),
 * a registered revision, or what a service runs now.
 */
export async function loadStartingPoint(
  source: TaskDefinitionSource,
  env: Record<string, string | undefined>,
  ecs: () => ECSClient,
): Promise<StartingPoint> {
  if (source.kind === 'file') {
    // Filled before numeric strings become numbers, so `memory: "${MEM}"` is a number too.
    const filled = await loadTaskDefinitionTemplate(source.path, env);
    const problems = filled.missing.length
      ? [
          `${source.path} uses ${filled.missing.length === 1 ? 'a placeholder' : 'placeholders'} with no value: ${filled.missing.map((n) => `\${${n}}`).join(', ')}; set ${filled.missing.length === 1 ? 'it' : 'them'} under \`env:\` (write $\${NAME} for a literal \${NAME})`,
        ]
      : [];
    return { taskDefinition: filled.value, problems };
  }
  if (source.kind === 'live') {
    const described = await describeTaskDefinition(ecs(), source.taskDefinition);
    const taskDefinition = toRegisterInput(described);
    return {
      taskDefinition,
      live: { taskDefinition, label: described.taskDefinitionArn ?? source.taskDefinition },
      problems: [],
    };
  }
  const live = await liveOfService(ecs(), source.cluster, source.service);
  return { taskDefinition: live.taskDefinition, live, problems: [] };
}

/** What the service runs now, as a registerable definition. */
export async function liveOfService(
  ecs: ECSClient,
  cluster: string,
  service: string,
): Promise<LiveTaskDefinition> {
  const described = await describeService(ecs, cluster, service);
  const arn = liveTaskDefinitionArn(described);
  if (!arn) {
    throw new ActionError(
      `Service "${service}" in cluster "${cluster}" has no task definition yet.`,
      'Start from a file instead: task-definition: <path>.',
    );
  }
  const td = await describeTaskDefinition(ecs, arn);
  return {
    taskDefinition: toRegisterInput(td),
    label: `${cluster}/${service} (${arn})`,
    service: { name: service, engine: knownEngine(described) },
  };
}

/** The engine, or undefined for a controller no action deploys with (EXTERNAL): then nothing is decided by it. */
function knownEngine(service: Parameters<typeof engineOf>[0]): EngineChoice | undefined {
  try {
    return engineOf(service);
  } catch (error) {
    if (isActionError(error)) return undefined;
    throw error;
  }
}
