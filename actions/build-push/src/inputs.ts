import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CacheMode } from '../../../lib/docker/cache.js';
import { parseImageRef } from '../../../lib/ecr/image-ref.js';
import { platformForRuntime } from '../../../lib/ecr/platforms.js';
import { SEVERITIES, type Severity } from '../../../lib/ecr/severity.js';
import type { InputReader } from '../../../lib/github/index.js';

/** Every input of action.yml, parsed once and typed; keys match action.yml. */
export interface Inputs {
  repository: string;
  /** Registry host from a repository URI, when one was given. */
  repositoryHost?: string;
  createRepository: boolean;
  context: string;
  file: string;
  target?: string;
  buildArgs: Array<{ key: string; value: string }>;
  secrets: Array<{ key: string; value: string }>;
  platforms: string[];
  /** Where the platforms came from, for the log. */
  platformSource: string;
  tags: string[];
  labels: Array<{ key: string; value: string }>;
  cache: CacheMode;
  provenance: boolean;
  sbom: boolean;
  push: boolean;
  registry?: string;
  scan?: Severity;
  scanTimeoutMs: number;
}

const PLATFORM = /^[a-z0-9]+\/[a-z0-9_]+(\/[a-z0-9]+)?$/;

export function readInputs(read: InputReader): Inputs {
  const repositoryText = read.string('repository', {
    example: '123456789012.dkr.ecr.us-east-1.amazonaws.com/api (or just api)',
  });
  let repository = repositoryText;
  let repositoryHost: string | undefined;
  if (repositoryText) {
    const ref = parseImageRef(repositoryText);
    if ('problem' in ref)
      read.problem(
        `Input "repository" is ${JSON.stringify(repositoryText)}: ${ref.problem}; write a name such as api or a repository URI.`,
      );
    else if (ref.tag || ref.digest)
      read.problem(
        `Input "repository" ${JSON.stringify(repositoryText)} has a tag or digest; write the repository only and put tags in \`tags\`.`,
      );
    else {
      repository = ref.repository;
      repositoryHost = ref.registry;
    }
  }
  const createRepository = read.boolean('create-repository', false);
  const context =
    read.path('context', 'directory', {
      default: '.',
      hint: 'write the folder to build (default .)',
    }) ?? '.';
  const fileInput = read.path('file', 'file', { hint: "write the Dockerfile's path" });
  const file = fileInput ?? join(context, 'Dockerfile');
  if (!read.reported('context') && !fileInput && !existsSync(file))
    read.problem(
      `Dockerfile ${JSON.stringify(file)} does not exist; set \`file\` to the Dockerfile's path.`,
    );
  const target = read.optionalString('target');
  const buildArgs = read.keyValues('build-args');
  const secrets = read.secretKeyValues('secrets');
  for (const { key } of secrets) {
    if (!/^[A-Za-z0-9_.-]+$/.test(key))
      read.problem(
        `Input "secrets" id ${JSON.stringify(key)} may only hold letters, digits, _ . -.`,
      );
  }

  const taskDefinitionPath = read.path('task-definition', 'file');
  // A path already reported (a folder, missing) is not read again for its runtimePlatform.
  const taskDefinition = read.reported('task-definition') ? undefined : taskDefinitionPath;
  let platforms = read.list('platforms');
  let platformSource = 'input platforms';
  if (platforms.length === 0) {
    platforms = ['linux/amd64'];
    platformSource = 'default';
    if (taskDefinition) {
      const fromTask = runtimePlatformOf(taskDefinition);
      if (typeof fromTask === 'string') {
        platforms = [fromTask];
        platformSource = `runtimePlatform of ${taskDefinition}`;
      } else
        read.problem(
          `Input "task-definition" ${JSON.stringify(taskDefinition)}: ${fromTask.problem}.`,
        );
    }
  }
  for (const p of platforms) {
    if (!PLATFORM.test(p))
      read.problem(
        `Input "platforms" has ${JSON.stringify(p)}; write os/arch such as linux/amd64 or linux/arm64.`,
      );
  }

  const tags = read.list('tags');
  const labels = read.keyValues('labels');
  const cache = read.oneOf<CacheMode>('cache', ['registry', 'gha', 'none'], 'registry');
  const provenance = read.boolean('provenance', true);
  const sbom = read.boolean('sbom', true);
  const push = read.boolean('push', true);
  const registry = read
    .optionalString('registry')
    ?.replace(/^[a-z]+:\/\//, '')
    .replace(/\/+$/, '');
  const scan =
    read.optionalString('scan') === undefined
      ? undefined
      : read.oneOf<Severity>('scan', SEVERITIES, 'CRITICAL');
  const scanTimeoutMs = read.duration('scan-timeout', {
    default: 10 * 60_000,
    min: 10_000,
    max: 60 * 60_000,
  });
  if (scan && !push)
    read.problem('Input "scan" needs the image in ECR; set `push: true` or remove `scan`.');
  read.done();
  return {
    repository,
    repositoryHost,
    createRepository,
    context,
    file,
    target,
    buildArgs,
    secrets,
    platforms: [...new Set(platforms)],
    platformSource,
    tags,
    labels,
    cache,
    provenance,
    sbom,
    push,
    registry,
    scan,
    scanTimeoutMs,
  };
}

function runtimePlatformOf(path: string): string | { problem: string } {
  let json: {
    runtimePlatform?: { cpuArchitecture?: string; operatingSystemFamily?: string };
    taskDefinition?: unknown;
  };
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    return {
      problem: `cannot be read as JSON (${(error as Error).message}); write the path of a task definition JSON file`,
    };
  }
  // Accept a describe-task-definition dump too: {"taskDefinition": {...}}.
  const task = (
    json.taskDefinition && typeof json.taskDefinition === 'object' ? json.taskDefinition : json
  ) as {
    runtimePlatform?: { cpuArchitecture?: string; operatingSystemFamily?: string };
  };
  return platformForRuntime(task.runtimePlatform);
}
