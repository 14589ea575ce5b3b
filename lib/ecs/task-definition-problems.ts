import type { ContainerDefinition, RegisterTaskDefinitionCommandInput } from '@aws-sdk/client-ecs';
import {
  cpuUnits,
  describeMemory,
  fargateMemoryFor,
  FARGATE_CPU_VALUES,
  memoryMiB,
} from './fargate-sizes.js';

type TaskDefinitionInput = RegisterTaskDefinitionCommandInput;

const NAME = /^[A-Za-z0-9_-]{1,255}$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const ROLE_ARN = /^arn:aws(-[a-z]+)*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
const SECRET_ARN =
  /^arn:aws(-[a-z]+)*:(secretsmanager:[a-z0-9-]+:\d{12}:secret:.+|ssm:[a-z0-9-]+:\d{12}:parameter\/.+)$/;
const NETWORK_MODES = ['bridge', 'host', 'awsvpc', 'none'];
const COMPATIBILITIES = ['EC2', 'FARGATE', 'EXTERNAL', 'MANAGED_INSTANCES'];
const ARCHITECTURES = ['X86_64', 'ARM64'];
const OS_FAMILIES = [
  'LINUX',
  'WINDOWS_SERVER_2019_FULL',
  'WINDOWS_SERVER_2019_CORE',
  'WINDOWS_SERVER_2022_FULL',
  'WINDOWS_SERVER_2022_CORE',
  'WINDOWS_SERVER_2025_FULL',
  'WINDOWS_SERVER_2025_CORE',
  'WINDOWS_SERVER_2016_FULL',
  'WINDOWS_SERVER_2004_CORE',
  'WINDOWS_SERVER_20H2_CORE',
];
const DEPENDENCY_CONDITIONS = ['START', 'COMPLETE', 'SUCCESS', 'HEALTHY'];

/**
 * Every reason RegisterTaskDefinition (or the first task launch) would fail, one line each,
 * naming the field and the fix. Empty when the definition can be registered as is.
 */
export function taskDefinitionProblems(td: TaskDefinitionInput): string[] {
  const problems: string[] = [];
  const containers = td.containerDefinitions ?? [];
  const fargate = td.requiresCompatibilities?.includes('FARGATE') ?? false;
  const networkMode = td.networkMode ?? (fargate ? undefined : 'bridge');

  if (!td.family) {
    problems.push('family is missing; set "family" to the task definition family name, e.g. "web"');
  } else if (!NAME.test(td.family)) {
    problems.push(
      `family "${td.family}" is not a valid name; use up to 255 letters, digits, hyphens and underscores`,
    );
  }
  if (containers.length === 0) {
    problems.push(
      'containerDefinitions is empty; define at least one container with a name and an image',
    );
  }
  if (td.networkMode !== undefined && !NETWORK_MODES.includes(td.networkMode)) {
    problems.push(
      `networkMode "${td.networkMode}" is not valid; use one of: ${NETWORK_MODES.join(', ')}`,
    );
  }
  for (const c of td.requiresCompatibilities ?? []) {
    if (!COMPATIBILITIES.includes(c)) {
      problems.push(
        `requiresCompatibilities has "${c}"; use any of: ${COMPATIBILITIES.join(', ')}`,
      );
    }
  }

  const taskCpu = td.cpu === undefined ? undefined : cpuUnits(String(td.cpu));
  const taskMemory = td.memory === undefined ? undefined : memoryMiB(String(td.memory));
  if (td.cpu !== undefined && taskCpu === undefined) {
    problems.push(`cpu "${td.cpu}" is not readable; write CPU units such as "256" or "1 vCPU"`);
  }
  if (td.memory !== undefined && taskMemory === undefined) {
    problems.push(`memory "${td.memory}" is not readable; write MiB such as "512" or "1 GB"`);
  }
  if (fargate) fargateProblems(td, taskCpu, taskMemory, problems);

  roleProblems(td, problems);
  runtimePlatformProblems(td, problems);

  const names = new Map<string, number>();
  containers.forEach((c, i) => {
    if (c.name) names.set(c.name, (names.get(c.name) ?? 0) + 1);
    containerProblems(c, i, { td, fargate, networkMode, taskMemory }, problems);
  });
  for (const [name, count] of names) {
    if (count > 1)
      problems.push(
        `container name "${name}" is used ${count} times; give each container a unique name`,
      );
  }
  if (containers.length && !containers.some((c) => c.essential !== false)) {
    problems.push(
      'no container is essential; set "essential": true on the main container (ECS stops the task when it exits)',
    );
  }
  crossContainerProblems(td, names, networkMode, problems);
  return problems;
}

function fargateProblems(
  td: TaskDefinitionInput,
  cpu: number | undefined,
  memory: number | undefined,
  problems: string[],
): void {
  if (td.networkMode !== 'awsvpc') {
    problems.push(
      `networkMode is ${td.networkMode ? `"${td.networkMode}"` : 'missing'} but Fargate requires "awsvpc"; set "networkMode": "awsvpc"`,
    );
  }
  if (td.cpu === undefined) {
    problems.push(
      `cpu is missing; Fargate needs task-level cpu, one of: ${FARGATE_CPU_VALUES.join(', ')} (set it here or with the cpu input)`,
    );
  }
  if (td.memory === undefined) {
    problems.push(
      'memory is missing; Fargate needs task-level memory in MiB, e.g. "512" (set it here or with the memory input)',
    );
  }
  if (cpu === undefined || memory === undefined) return;
  const allowed = fargateMemoryFor(cpu);
  if (!allowed) {
    problems.push(`cpu ${cpu} is not a Fargate size; use one of: ${FARGATE_CPU_VALUES.join(', ')}`);
  } else if (!allowed.includes(memory)) {
    problems.push(
      `memory ${memory} does not fit cpu ${cpu} on Fargate; with cpu ${cpu} use memory ${describeMemory(allowed)}`,
    );
  }
}

function roleProblems(td: TaskDefinitionInput, problems: string[]): void {
  for (const key of ['taskRoleArn', 'executionRoleArn'] as const) {
    const value = td[key];
    if (value !== undefined && !ROLE_ARN.test(value)) {
      problems.push(
        `${key} "${value}" is not an IAM role ARN; write arn:aws:iam::<account>:role/<name>`,
      );
    }
  }
}

function runtimePlatformProblems(td: TaskDefinitionInput, problems: string[]): void {
  const platform = td.runtimePlatform;
  if (!platform) return;
  if (platform.cpuArchitecture && !ARCHITECTURES.includes(platform.cpuArchitecture)) {
    problems.push(
      `runtimePlatform.cpuArchitecture "${platform.cpuArchitecture}" is not valid; use X86_64 or ARM64`,
    );
  }
  if (platform.operatingSystemFamily && !OS_FAMILIES.includes(platform.operatingSystemFamily)) {
    problems.push(
      `runtimePlatform.operatingSystemFamily "${platform.operatingSystemFamily}" is not valid; use LINUX or a WINDOWS_SERVER_* family`,
    );
  }
}

interface Context {
  td: TaskDefinitionInput;
  fargate: boolean;
  networkMode: string | undefined;
  taskMemory: number | undefined;
}

function containerProblems(
  c: ContainerDefinition,
  i: number,
  ctx: Context,
  problems: string[],
): void {
  const label = c.name ? `container "${c.name}"` : `containerDefinitions[${i}]`;
  if (!c.name) problems.push(`${label} has no name; set "name", e.g. "web"`);
  else if (!NAME.test(c.name)) {
    problems.push(
      `${label} name is not valid; use up to 255 letters, digits, hyphens and underscores`,
    );
  }
  if (!c.image || !c.image.trim()) {
    problems.push(
      `${label} has no image; set "image" or pass it with the images input (${c.name ?? 'name'}=<repo>@sha256:<digest>)`,
    );
  }
  memoryProblems(c, label, ctx, problems);
  portProblems(c, label, ctx, problems);
  environmentProblems(c, label, problems);
  secretProblems(c, label, ctx, problems);
  logProblems(c, label, ctx, problems);
}

function memoryProblems(
  c: ContainerDefinition,
  label: string,
  ctx: Context,
  problems: string[],
): void {
  for (const key of ['cpu', 'memory', 'memoryReservation'] as const) {
    const v = c[key] as unknown;
    if (v !== undefined && (typeof v !== 'number' || !Number.isInteger(v) || v < 0)) {
      problems.push(`${label} ${key} is ${JSON.stringify(v)}; write a whole number`);
    }
  }
  if (
    !ctx.fargate &&
    ctx.taskMemory === undefined &&
    c.memory === undefined &&
    c.memoryReservation === undefined
  ) {
    problems.push(
      `${label} has neither memory nor memoryReservation and the task sets no memory; set "memoryReservation" (MiB) on the container or the memory input`,
    );
  }
  if (typeof c.memory === 'number' && ctx.taskMemory !== undefined && c.memory > ctx.taskMemory) {
    problems.push(
      `${label} memory ${c.memory} exceeds the task memory ${ctx.taskMemory}; lower it or raise the task memory`,
    );
  }
  if (
    typeof c.memory === 'number' &&
    typeof c.memoryReservation === 'number' &&
    c.memoryReservation > c.memory
  ) {
    problems.push(
      `${label} memoryReservation ${c.memoryReservation} exceeds memory ${c.memory}; the reservation must be the smaller`,
    );
  }
}

function portProblems(
  c: ContainerDefinition,
  label: string,
  ctx: Context,
  problems: string[],
): void {
  const seen = new Set<string>();
  (c.portMappings ?? []).forEach((m, j) => {
    const at = `${label} portMappings[${j}]`;
    const port = m.containerPort as unknown;
    if (m.containerPortRange === undefined) {
      if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) {
        problems.push(
          `${at}.containerPort is ${JSON.stringify(port ?? null)}; write a port number from 1 to 65535`,
        );
        return;
      }
    }
    const host = m.hostPort as unknown;
    if (
      host !== undefined &&
      (typeof host !== 'number' || !Number.isInteger(host) || host < 0 || host > 65535)
    ) {
      problems.push(
        `${at}.hostPort is ${JSON.stringify(host)}; write a port number from 0 to 65535`,
      );
    } else if (ctx.networkMode === 'awsvpc' && host !== undefined && host !== port) {
      problems.push(
        `${at}.hostPort ${String(host)} differs from containerPort ${String(port)}; with awsvpc they must be equal, so remove hostPort`,
      );
    }
    if (m.protocol !== undefined && m.protocol !== 'tcp' && m.protocol !== 'udp') {
      problems.push(`${at}.protocol "${m.protocol}" is not valid; use tcp or udp`);
    }
    const key = `${String(port)}/${m.protocol ?? 'tcp'}`;
    if (typeof port === 'number' && seen.has(key)) {
      problems.push(`${at} maps containerPort ${key} twice; remove the duplicate`);
    }
    seen.add(key);
  });
}

function environmentProblems(c: ContainerDefinition, label: string, problems: string[]): void {
  const seen = new Set<string>();
  for (const variable of c.environment ?? []) {
    const name = variable.name ?? '';
    if (!ENV_NAME.test(name)) {
      problems.push(
        `${label} environment variable ${JSON.stringify(name)} is not a valid name; use letters, digits and underscores, not starting with a digit`,
      );
    } else if (seen.has(name)) {
      problems.push(`${label} sets environment variable ${name} twice; keep one`);
    }
    seen.add(name);
  }
  for (const file of c.environmentFiles ?? []) {
    if (!/^arn:aws(-[a-z]+)*:s3:::.+\.env$/.test(file.value ?? '')) {
      problems.push(
        `${label} environmentFiles value "${file.value}" is not an S3 object ARN ending in .env; write arn:aws:s3:::<bucket>/<key>.env`,
      );
    }
  }
}

function secretProblems(
  c: ContainerDefinition,
  label: string,
  ctx: Context,
  problems: string[],
): void {
  const seen = new Set<string>();
  const envNames = new Set((c.environment ?? []).map((e) => e.name));
  for (const secret of c.secrets ?? []) {
    const name = secret.name ?? '';
    if (!ENV_NAME.test(name)) {
      problems.push(
        `${label} secret ${JSON.stringify(name)} is not a valid variable name; use letters, digits and underscores, not starting with a digit`,
      );
    } else if (seen.has(name)) {
      problems.push(`${label} sets secret ${name} twice; keep one`);
    } else if (envNames.has(name)) {
      problems.push(`${label} sets ${name} both as environment and as a secret; keep one`);
    }
    seen.add(name);
    if (!SECRET_ARN.test(secret.valueFrom ?? '')) {
      problems.push(
        `${label} secret ${name} valueFrom "${secret.valueFrom ?? ''}" is not a Secrets Manager or SSM parameter ARN; write arn:aws:secretsmanager:<region>:<account>:secret:<name> or arn:aws:ssm:<region>:<account>:parameter/<name>`,
      );
    }
  }
  if ((c.secrets?.length ?? 0) > 0 && !ctx.td.executionRoleArn) {
    problems.push(
      `${label} uses secrets but executionRoleArn is missing; set it (the execution role reads the secrets)`,
    );
  }
}

function logProblems(
  c: ContainerDefinition,
  label: string,
  ctx: Context,
  problems: string[],
): void {
  const log = c.logConfiguration;
  if (!log) return;
  if (!log.logDriver) {
    problems.push(`${label} logConfiguration has no logDriver; set it, e.g. awslogs`);
    return;
  }
  if (log.logDriver === 'awslogs') {
    const options = log.options ?? {};
    if (!options['awslogs-group']) {
      problems.push(
        `${label} logConfiguration (awslogs) has no awslogs-group; name the CloudWatch log group`,
      );
    }
    if (!options['awslogs-region']) {
      problems.push(
        `${label} logConfiguration (awslogs) has no awslogs-region; set it, e.g. us-east-1`,
      );
    }
    if (ctx.fargate && !options['awslogs-stream-prefix']) {
      problems.push(
        `${label} logConfiguration (awslogs) has no awslogs-stream-prefix, which Fargate requires; set it, e.g. ${c.name ?? 'app'}`,
      );
    }
    if (ctx.fargate && !ctx.td.executionRoleArn) {
      problems.push(
        `${label} logs with awslogs on Fargate but executionRoleArn is missing; set it (the execution role writes the logs)`,
      );
    }
  }
}

function crossContainerProblems(
  td: TaskDefinitionInput,
  names: Map<string, number>,
  networkMode: string | undefined,
  problems: string[],
): void {
  const containers = td.containerDefinitions ?? [];
  const volumes = new Set((td.volumes ?? []).map((v) => v.name));
  const hasRouter = containers.some((c) => c.firelensConfiguration);
  const known = [...names.keys()].join(', ');
  const ports = new Map<string, string>();
  for (const c of containers) {
    const label = `container "${c.name ?? '?'}"`;
    for (const dep of c.dependsOn ?? []) {
      if (!dep.containerName || !names.has(dep.containerName)) {
        problems.push(
          `${label} dependsOn "${dep.containerName ?? ''}", which is not a container here; containers are: ${known}`,
        );
      }
      if (!dep.condition || !DEPENDENCY_CONDITIONS.includes(dep.condition)) {
        problems.push(
          `${label} dependsOn "${dep.containerName ?? ''}" has condition "${dep.condition ?? ''}"; use one of: ${DEPENDENCY_CONDITIONS.join(', ')}`,
        );
      }
    }
    for (const mount of c.mountPoints ?? []) {
      if (!mount.sourceVolume || !volumes.has(mount.sourceVolume)) {
        problems.push(
          `${label} mounts volume "${mount.sourceVolume ?? ''}", which is not in volumes; add it to volumes or fix the name`,
        );
      }
    }
    if (c.logConfiguration?.logDriver === 'awsfirelens' && !hasRouter) {
      problems.push(
        `${label} logs with awsfirelens but no container has firelensConfiguration; add the log router container`,
      );
    }
    if (networkMode === 'awsvpc') {
      for (const m of c.portMappings ?? []) {
        if (typeof m.containerPort !== 'number') continue;
        const key = `${m.containerPort}/${m.protocol ?? 'tcp'}`;
        const other = ports.get(key);
        if (other && other !== c.name) {
          problems.push(
            `${label} and container "${other}" both use port ${key}; with awsvpc the task shares one network namespace, so change one`,
          );
        }
        if (c.name) ports.set(key, c.name);
      }
    }
  }
  for (const volume of td.volumes ?? []) {
    if (!volume.name) problems.push('volumes has a volume with no name; set "name"');
    if (volume.efsVolumeConfiguration && !volume.efsVolumeConfiguration.fileSystemId) {
      problems.push(
        `volume "${volume.name ?? ''}" efsVolumeConfiguration has no fileSystemId; set it, e.g. fs-0123456789abcdef0`,
      );
    }
    const efs = volume.efsVolumeConfiguration;
    if (efs?.authorizationConfig?.iam === 'ENABLED' && efs.transitEncryption !== 'ENABLED') {
      problems.push(
        `volume "${volume.name ?? ''}" uses EFS IAM authorization without transit encryption; set transitEncryption to ENABLED`,
      );
    }
  }
}
