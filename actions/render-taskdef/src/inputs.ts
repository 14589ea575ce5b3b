import type { InputReader } from '../../../lib/github/index.js';
import type { KeyValue } from '../../../lib/text/key-values.js';
import type {
  AwsvpcConfiguration,
  CapacityProviderStrategyItem,
} from '../../../lib/codedeploy/appspec.js';
import type { RuntimePlatform } from '../../../lib/ecr/platforms.js';
import {
  parseTaskDefinitionSource,
  type TaskDefinitionSource,
} from '../../../lib/ecs/task-definition-source.js';
import type { Scoped, TaskDefinitionChanges } from '../../../lib/ecs/render.js';
import { inputPathProblem } from '../../../lib/paths/input-path.js';

/** Every input of action.yml, parsed once. */
export interface Inputs {
  source: TaskDefinitionSource;
  changes: TaskDefinitionChanges;
  containerPort?: number;
  appspec?: string;
  platformVersion?: string;
  network?: AwsvpcConfiguration;
  capacityProviderStrategy?: CapacityProviderStrategyItem[];
  hooks: Record<string, string>;
  verify: 'auto' | 'true' | 'false';
  outputDir?: string;
  cluster?: string;
  service?: string;
}

export function readInputs(reader: InputReader): Inputs {
  const sourceText = reader.string('task-definition', {
    example: 'task-definition.json (or live:<family>, service:<cluster>/<service>)',
  });
  const source = parseTaskDefinitionSource(sourceText);
  if ('problem' in source) reader.problem(`Input "task-definition" ${source.problem}.`);
  else if (source.kind === 'file' && sourceText) checkTaskDefinitionFile(reader, source.path);

  const containerName = reader.optionalString('container-name');
  const images: Scoped<{ image: string }>[] = reader
    .keyValues('images')
    .map(({ key, value }) => ({ container: key, image: value }));
  const image = reader.optionalString('image');
  if (image) images.push({ container: containerName, image });

  const environment = scoped(reader, 'environment').map(({ container, key, value }) => ({
    container,
    name: key,
    value,
  }));
  const secrets = scoped(reader, 'secrets').map(({ container, key, value }) => ({
    container,
    name: key,
    valueFrom: value,
  }));
  const command = reader.command('command');
  const cpu = reader.optionalString('cpu');
  const memory = reader.optionalString('memory');
  const runtimePlatform = parseRuntimePlatform(reader, reader.optionalString('runtime-platform'));

  const changes: TaskDefinitionChanges = {
    images,
    environment,
    secrets,
    envMode: reader.oneOf('env-mode', ['merge', 'replace'] as const, 'merge'),
    logConfiguration: logConfiguration(reader),
    dockerLabels: scoped(reader, 'docker-labels').map(({ container, key, value }) => ({
      container,
      key,
      value,
    })),
    ...(command ? { command: { words: command, container: containerName } } : {}),
    ...(cpu ? { cpu } : {}),
    ...(memory ? { memory } : {}),
    ...optional('taskRoleArn', reader.optionalString('task-role-arn')),
    ...optional('executionRoleArn', reader.optionalString('execution-role-arn')),
    ...(runtimePlatform ? { runtimePlatform } : {}),
    ...(containerName ? { containerName } : {}),
    allowMutableTags: reader.boolean('allow-mutable-tags', false),
  };

  const subnets = reader.list('subnets');
  const securityGroups = reader.list('security-groups');
  const assignPublicIp = reader.optionalString('assign-public-ip');
  if (assignPublicIp && assignPublicIp !== 'ENABLED' && assignPublicIp !== 'DISABLED') {
    reader.problem(`Input "assign-public-ip" is "${assignPublicIp}"; write ENABLED or DISABLED.`);
  }
  if (!subnets.length && (securityGroups.length || assignPublicIp)) {
    reader.problem(
      'Input "subnets" is empty but security-groups or assign-public-ip is set; list the subnets too (the AppSpec network configuration needs them).',
    );
  }
  const hooks = Object.fromEntries(reader.keyValues('hooks').map((kv) => [kv.key, kv.value]));
  const inputs: Inputs = {
    source: 'problem' in source ? { kind: 'file', path: sourceText } : source,
    changes,
    containerPort: reader.integer('container-port', { min: 1, max: 65535 }),
    appspec: reader.path('appspec', 'file'),
    platformVersion: reader.optionalString('platform-version'),
    network: subnets.length
      ? {
          Subnets: subnets,
          ...(securityGroups.length ? { SecurityGroups: securityGroups } : {}),
          ...(assignPublicIp === 'ENABLED' || assignPublicIp === 'DISABLED'
            ? { AssignPublicIp: assignPublicIp }
            : {}),
        }
      : undefined,
    capacityProviderStrategy: capacityProviderStrategy(reader),
    hooks,
    verify: reader.oneOf('verify', ['auto', 'true', 'false'] as const, 'auto'),
    outputDir: reader.path('output-dir', 'output-directory'),
    cluster: reader.optionalString('cluster'),
    service: reader.optionalString('service'),
  };
  if (inputs.service && !inputs.cluster) {
    reader.problem(
      'Input "cluster" is required when "service" is set; add `cluster: <cluster name>`.',
    );
  }
  reader.done();
  return inputs;
}

/** A file starting point must be a readable file; the reader says why not, with every other problem. */
function checkTaskDefinitionFile(reader: InputReader, path: string): void {
  const problem = inputPathProblem(
    'task-definition',
    path,
    'file',
    'write a path relative to the workspace, or live:<family> / service:<cluster>/<service>',
  );
  if (problem) reader.problem(problem);
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}

/** `NAME=value` for the main container, `web:NAME=value` for container web. */
function scoped(reader: InputReader, name: string): Array<KeyValue & { container?: string }> {
  return reader.keyValues(name).map((kv) => {
    const colon = kv.key.indexOf(':');
    return colon > 0
      ? { ...kv, container: kv.key.slice(0, colon), key: kv.key.slice(colon + 1) }
      : kv;
  });
}

/** `driver=awslogs` and the driver's options, each optionally scoped `web:awslogs-group=...`. */
function logConfiguration(reader: InputReader): TaskDefinitionChanges['logConfiguration'] {
  const byContainer = new Map<
    string,
    { container?: string; driver?: string; options: Record<string, string> }
  >();
  for (const { container, key, value } of scoped(reader, 'log-configuration')) {
    const entry = byContainer.get(container ?? '') ?? { container, options: {} };
    if (key === 'driver' || key === 'logDriver') entry.driver = value;
    else entry.options[key] = value;
    byContainer.set(container ?? '', entry);
  }
  return [...byContainer.values()];
}

/** `linux/arm64`, `ARM64`, `LINUX/X86_64`: the docker or the ECS spelling. */
function parseRuntimePlatform(
  reader: InputReader,
  text: string | undefined,
): RuntimePlatform | undefined {
  if (!text) return undefined;
  const [first = '', second] = text.trim().split('/');
  const os = second === undefined ? 'LINUX' : first.toUpperCase();
  const arch = (second ?? first).toUpperCase();
  const cpuArchitecture =
    arch === 'AMD64' || arch === 'X86_64'
      ? 'X86_64'
      : arch === 'ARM64' || arch === 'AARCH64'
        ? 'ARM64'
        : undefined;
  if (!cpuArchitecture || !(os === 'LINUX' || os.startsWith('WINDOWS_SERVER_'))) {
    reader.problem(
      `Input "runtime-platform" is "${text}"; write linux/amd64 or linux/arm64 (or the ECS names X86_64, ARM64).`,
    );
    return undefined;
  }
  return { cpuArchitecture, operatingSystemFamily: os };
}

/** One provider per line: `FARGATE_SPOT weight=3 base=0`. */
function capacityProviderStrategy(reader: InputReader): CapacityProviderStrategyItem[] | undefined {
  const lines = reader.list('capacity-provider-strategy');
  const items: CapacityProviderStrategyItem[] = [];
  for (const line of lines) {
    const [provider, ...rest] = line.split(/\s+/);
    const item: CapacityProviderStrategyItem = { CapacityProvider: provider ?? '' };
    for (const word of rest) {
      const match = /^(weight|base)=(\d+)$/i.exec(word);
      if (!match) {
        reader.problem(
          `Input "capacity-provider-strategy" line "${line}" has "${word}"; write <provider> weight=<n> base=<n>, e.g. FARGATE_SPOT weight=3.`,
        );
        continue;
      }
      if (match[1]!.toLowerCase() === 'weight') item.Weight = Number(match[2]);
      else item.Base = Number(match[2]);
    }
    items.push(item);
  }
  return items.length ? items : undefined;
}
