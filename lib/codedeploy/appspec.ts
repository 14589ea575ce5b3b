import { createHash } from 'node:crypto';
import { ActionError, ActionErrors } from '../errors/action-error.js';
import { parseYamlText } from '../text/input-file.js';

/**
 * The ECS AppSpec CodeDeploy reads for a blue/green deployment (spec A.5): version 0.0, exactly
 * one `AWS::ECS::Service` resource, optional Lambda hooks. Keys are case-insensitive on input
 * (`resources` and `Resources` both occur); everything here emits the documented PascalCase.
 */

/** Stays in the AppSpec until bluegreen-deploy knows the exact registered ARN. */
export const TASK_DEFINITION_PLACEHOLDER = '<TASK_DEFINITION>';

/** ECS lifecycle hooks in the order CodeDeploy runs them. */
export const APPSPEC_HOOKS = [
  'BeforeInstall',
  'AfterInstall',
  'AfterAllowTestTraffic',
  'BeforeAllowTraffic',
  'AfterAllowTraffic',
] as const;
export type AppSpecHook = (typeof APPSPEC_HOOKS)[number];

export interface AwsvpcConfiguration {
  Subnets: string[];
  SecurityGroups?: string[];
  AssignPublicIp?: 'ENABLED' | 'DISABLED';
}

export interface CapacityProviderStrategyItem {
  CapacityProvider: string;
  Base?: number;
  Weight?: number;
}

export interface EcsServiceProperties {
  TaskDefinition: string;
  LoadBalancerInfo: { ContainerName: string; ContainerPort: number };
  PlatformVersion?: string;
  NetworkConfiguration?: { AwsvpcConfiguration: AwsvpcConfiguration };
  CapacityProviderStrategy?: CapacityProviderStrategyItem[];
}

export interface EcsAppSpec {
  version: string | number;
  Resources: Array<Record<string, { Type: 'AWS::ECS::Service'; Properties: EcsServiceProperties }>>;
  Hooks?: Array<Record<string, string>>;
}

export interface RenderAppSpecParams {
  containerName: string;
  containerPort: number;
  /** Defaults to the placeholder bluegreen-deploy replaces. */
  taskDefinition?: string;
  platformVersion?: string;
  networkConfiguration?: AwsvpcConfiguration;
  capacityProviderStrategy?: CapacityProviderStrategyItem[];
  /** Hook name → Lambda function name or ARN; emitted in lifecycle order. */
  hooks?: Record<string, string>;
  /** Logical name of the resource; AWS examples use TargetService. */
  logicalName?: string;
}

/** Builds a valid AppSpec, or throws every problem with the parameters at once. */
export function renderAppSpec(params: RenderAppSpecParams): EcsAppSpec {
  const properties: EcsServiceProperties = {
    TaskDefinition: params.taskDefinition ?? TASK_DEFINITION_PLACEHOLDER,
    LoadBalancerInfo: { ContainerName: params.containerName, ContainerPort: params.containerPort },
  };
  if (params.platformVersion) properties.PlatformVersion = params.platformVersion;
  if (params.networkConfiguration) {
    const { Subnets, SecurityGroups, AssignPublicIp } = params.networkConfiguration;
    properties.NetworkConfiguration = {
      AwsvpcConfiguration: {
        Subnets: [...Subnets],
        ...(SecurityGroups?.length ? { SecurityGroups: [...SecurityGroups] } : {}),
        ...(AssignPublicIp ? { AssignPublicIp } : {}),
      },
    };
  }
  if (params.capacityProviderStrategy?.length) {
    properties.CapacityProviderStrategy = params.capacityProviderStrategy.map((item) => ({
      ...item,
    }));
  }
  const spec: EcsAppSpec = {
    version: '0.0',
    Resources: [
      {
        [params.logicalName ?? 'TargetService']: {
          Type: 'AWS::ECS::Service',
          Properties: properties,
        },
      },
    ],
  };
  const hooks = Object.entries(params.hooks ?? {});
  if (hooks.length) {
    const order = (name: string) => {
      const i = (APPSPEC_HOOKS as readonly string[]).indexOf(name);
      return i === -1 ? APPSPEC_HOOKS.length : i;
    };
    spec.Hooks = hooks
      .sort(([a], [b]) => order(a) - order(b))
      .map(([name, fn]) => ({ [name]: fn }));
  }
  const problems = appSpecProblems(spec);
  if (problems.length) throw new ActionErrors(problems);
  return spec;
}

/** Parses an AppSpec file's text (YAML or JSON) and checks it; throws every problem, each prefixed by `source`. */
export function parseAppSpec(text: string, source: string): EcsAppSpec {
  const raw = parseYamlText(
    text,
    (why) =>
      new ActionError(
        `${source} is not valid YAML or JSON (${why}).`,
        'Fix the syntax; an ECS AppSpec starts with `version: 0.0` and a `Resources:` list.',
      ),
  );
  const { spec, problems } = readAppSpec(raw);
  if (problems.length || !spec) {
    throw new ActionErrors(problems.map((p) => `${source}: ${p}`));
  }
  return spec;
}

/** Every structural problem of an AppSpec, one line each, empty when CodeDeploy will accept it. */
export function appSpecProblems(spec: unknown): string[] {
  return readAppSpec(spec).problems;
}

/** The one ECS service resource: what the deployment targets. */
export function appSpecTarget(spec: EcsAppSpec): {
  logicalName: string;
  taskDefinition: string;
  containerName: string;
  containerPort: number;
} {
  const resource = spec.Resources[0];
  const logicalName = resource ? Object.keys(resource)[0] : undefined;
  const body = logicalName ? resource?.[logicalName] : undefined;
  if (!logicalName || !body) {
    throw new ActionError('AppSpec has no AWS::ECS::Service resource.', 'Add one under Resources.');
  }
  return {
    logicalName,
    taskDefinition: body.Properties.TaskDefinition,
    containerName: body.Properties.LoadBalancerInfo.ContainerName,
    containerPort: body.Properties.LoadBalancerInfo.ContainerPort,
  };
}

/** A copy of the AppSpec pointing at the registered task definition. */
export function withTaskDefinition(spec: EcsAppSpec, taskDefinitionArn: string): EcsAppSpec {
  const copy = structuredClone(spec);
  const { logicalName } = appSpecTarget(copy);
  copy.Resources[0]![logicalName]!.Properties.TaskDefinition = taskDefinitionArn;
  return copy;
}

/** The `AppSpecContent` revision: the content string and the hex SHA-256 of exactly that string. */
export function appSpecRevision(spec: EcsAppSpec): { content: string; sha256: string } {
  const content = JSON.stringify(spec);
  return { content, sha256: createHash('sha256').update(content).digest('hex') };
}

// ---------------------------------------------------------------------------------------------
// Reading: case-insensitive keys to canonical names, then checks, collecting every problem.

type Raw = Record<string, unknown>;

const TASK_DEFINITION_ARN =
  /^arn:aws(-[a-z]+)*:ecs:[a-z0-9-]+:\d{12}:task-definition\/[A-Za-z0-9_-]{1,255}:\d+$/;

function isObject(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Renames keys that match `known` case-insensitively; reports keys that match nothing. */
function canonical(value: Raw, known: readonly string[], where: string, problems: string[]): Raw {
  const out: Raw = {};
  for (const [key, v] of Object.entries(value)) {
    const name = known.find((k) => k.toLowerCase() === key.toLowerCase());
    if (name) out[name] = v;
    else problems.push(`${where} has unknown key "${key}"; allowed keys are: ${known.join(', ')}`);
  }
  return out;
}

function show(value: unknown): string {
  return value === undefined ? 'missing' : JSON.stringify(value);
}

function readAppSpec(input: unknown): { spec?: EcsAppSpec; problems: string[] } {
  const problems: string[] = [];
  if (!isObject(input)) {
    return {
      problems: [
        `AppSpec is ${Array.isArray(input) ? 'a list' : show(input)}; write a mapping with version: 0.0 and Resources`,
      ],
    };
  }
  const top = canonical(input, ['version', 'Resources', 'Hooks'], 'AppSpec', problems);
  const version = top.version;
  if (!(version === 0 || version === '0.0')) {
    problems.push(
      `AppSpec version is ${show(version)}; write version: 0.0 (the only version CodeDeploy accepts)`,
    );
  }

  const resources: EcsAppSpec['Resources'] = [];
  const rawResources = top.Resources;
  if (!Array.isArray(rawResources) || rawResources.length !== 1) {
    const found = Array.isArray(rawResources)
      ? `${rawResources.length} resources`
      : show(rawResources);
    problems.push(
      `AppSpec Resources is ${found}; write a list with exactly one AWS::ECS::Service resource`,
    );
  }
  if (Array.isArray(rawResources)) {
    rawResources.forEach((entry, i) => {
      const resource = readResource(entry, `AppSpec Resources[${i}]`, problems);
      if (resource) resources.push(resource);
    });
  }

  let hooks: Array<Record<string, string>> | undefined;
  if (top.Hooks !== undefined && top.Hooks !== null) {
    hooks = readHooks(top.Hooks, problems);
  }

  if (problems.length) return { problems };
  const spec: EcsAppSpec = {
    version: version === 0 ? '0.0' : (version as string),
    Resources: resources,
  };
  if (hooks?.length) spec.Hooks = hooks;
  return { spec, problems };
}

function readResource(
  entry: unknown,
  where: string,
  problems: string[],
): EcsAppSpec['Resources'][number] | undefined {
  if (!isObject(entry) || Object.keys(entry).length !== 1) {
    problems.push(
      `${where} must be a mapping with one logical name, e.g. "- TargetService: {Type: AWS::ECS::Service, Properties: ...}"`,
    );
    return undefined;
  }
  const [logicalName, body] = Object.entries(entry)[0]!;
  const at = `${where}.${logicalName}`;
  if (!isObject(body)) {
    problems.push(`${at} is ${show(body)}; write Type: AWS::ECS::Service and Properties`);
    return undefined;
  }
  const resource = canonical(body, ['Type', 'Properties'], at, problems);
  if (resource.Type !== 'AWS::ECS::Service') {
    problems.push(`${at}.Type is ${show(resource.Type)}; write Type: AWS::ECS::Service`);
  }
  if (!isObject(resource.Properties)) {
    problems.push(
      `${at}.Properties is ${show(resource.Properties)}; write TaskDefinition and LoadBalancerInfo under it`,
    );
    return undefined;
  }
  const properties = readProperties(resource.Properties, `${at}.Properties`, problems);
  return properties
    ? { [logicalName]: { Type: 'AWS::ECS::Service', Properties: properties } }
    : undefined;
}

function readProperties(
  raw: Raw,
  at: string,
  problems: string[],
): EcsServiceProperties | undefined {
  const before = problems.length;
  const p = canonical(
    raw,
    [
      'TaskDefinition',
      'LoadBalancerInfo',
      'PlatformVersion',
      'NetworkConfiguration',
      'CapacityProviderStrategy',
    ],
    at,
    problems,
  );

  const taskDefinition = p.TaskDefinition;
  if (typeof taskDefinition !== 'string' || taskDefinition.trim() === '') {
    problems.push(
      `${at}.TaskDefinition is ${show(taskDefinition)}; write TaskDefinition: "${TASK_DEFINITION_PLACEHOLDER}" and let bluegreen-deploy fill in the registered ARN`,
    );
  } else if (
    taskDefinition !== TASK_DEFINITION_PLACEHOLDER &&
    !TASK_DEFINITION_ARN.test(taskDefinition)
  ) {
    problems.push(
      `${at}.TaskDefinition is ${show(taskDefinition)}, which is not a task definition ARN with a numeric revision; write "${TASK_DEFINITION_PLACEHOLDER}" and let bluegreen-deploy fill in the exact registered ARN`,
    );
  }

  let containerName: unknown;
  let containerPort: unknown;
  if (!isObject(p.LoadBalancerInfo)) {
    problems.push(
      `${at}.LoadBalancerInfo is ${show(p.LoadBalancerInfo)}; write LoadBalancerInfo: {ContainerName: <container>, ContainerPort: <port>}`,
    );
  } else {
    const lb = canonical(
      p.LoadBalancerInfo,
      ['ContainerName', 'ContainerPort'],
      `${at}.LoadBalancerInfo`,
      problems,
    );
    containerName = lb.ContainerName;
    containerPort = lb.ContainerPort;
    if (typeof containerName !== 'string' || containerName.trim() === '') {
      problems.push(
        `${at}.LoadBalancerInfo.ContainerName is ${show(containerName)}; write the name of the container the load balancer sends traffic to`,
      );
    }
    if (!isPort(containerPort)) {
      const hint =
        typeof containerPort === 'string' && /^\d+$/.test(containerPort)
          ? ` (a string); write it as a number: ContainerPort: ${containerPort}`
          : '; write the container port as a number from 1 to 65535, e.g. ContainerPort: 8080';
      problems.push(`${at}.LoadBalancerInfo.ContainerPort is ${show(containerPort)}${hint}`);
    }
  }

  if (
    p.PlatformVersion !== undefined &&
    (typeof p.PlatformVersion !== 'string' || !p.PlatformVersion)
  ) {
    problems.push(
      `${at}.PlatformVersion is ${show(p.PlatformVersion)}; write a Fargate platform version such as LATEST or 1.4.0`,
    );
  }

  let network: EcsServiceProperties['NetworkConfiguration'];
  if (p.NetworkConfiguration !== undefined) {
    network = readNetwork(p.NetworkConfiguration, `${at}.NetworkConfiguration`, problems);
  }
  let strategy: CapacityProviderStrategyItem[] | undefined;
  if (p.CapacityProviderStrategy !== undefined) {
    strategy = readStrategy(p.CapacityProviderStrategy, `${at}.CapacityProviderStrategy`, problems);
  }

  if (problems.length > before) return undefined;
  const properties: EcsServiceProperties = {
    TaskDefinition: taskDefinition as string,
    LoadBalancerInfo: {
      ContainerName: containerName as string,
      ContainerPort: containerPort as number,
    },
  };
  if (p.PlatformVersion !== undefined) properties.PlatformVersion = p.PlatformVersion as string;
  if (network) properties.NetworkConfiguration = network;
  if (strategy) properties.CapacityProviderStrategy = strategy;
  return properties;
}

function isPort(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 65535;
}

function readNetwork(
  raw: unknown,
  at: string,
  problems: string[],
): EcsServiceProperties['NetworkConfiguration'] {
  if (!isObject(raw)) {
    problems.push(`${at} is ${show(raw)}; write AwsvpcConfiguration: {Subnets: [...]}`);
    return undefined;
  }
  const outer = canonical(raw, ['AwsvpcConfiguration'], at, problems);
  if (!isObject(outer.AwsvpcConfiguration)) {
    problems.push(
      `${at}.AwsvpcConfiguration is ${show(outer.AwsvpcConfiguration)}; write Subnets, SecurityGroups and AssignPublicIp under it`,
    );
    return undefined;
  }
  const vpcAt = `${at}.AwsvpcConfiguration`;
  const vpc = canonical(
    outer.AwsvpcConfiguration,
    ['Subnets', 'SecurityGroups', 'AssignPublicIp'],
    vpcAt,
    problems,
  );
  const result: AwsvpcConfiguration = { Subnets: [] };
  if (!isStringList(vpc.Subnets) || vpc.Subnets.length === 0 || vpc.Subnets.length > 16) {
    problems.push(`${vpcAt}.Subnets is ${show(vpc.Subnets)}; write a list of 1 to 16 subnet IDs`);
  } else {
    result.Subnets = vpc.Subnets;
  }
  if (vpc.SecurityGroups !== undefined) {
    if (!isStringList(vpc.SecurityGroups) || vpc.SecurityGroups.length > 5) {
      problems.push(
        `${vpcAt}.SecurityGroups is ${show(vpc.SecurityGroups)}; write a list of up to 5 security group IDs`,
      );
    } else {
      result.SecurityGroups = vpc.SecurityGroups;
    }
  }
  if (vpc.AssignPublicIp !== undefined) {
    if (vpc.AssignPublicIp !== 'ENABLED' && vpc.AssignPublicIp !== 'DISABLED') {
      problems.push(
        `${vpcAt}.AssignPublicIp is ${show(vpc.AssignPublicIp)}; write ENABLED or DISABLED`,
      );
    } else {
      result.AssignPublicIp = vpc.AssignPublicIp;
    }
  }
  return { AwsvpcConfiguration: result };
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string' && v.trim() !== '');
}

function readStrategy(
  raw: unknown,
  at: string,
  problems: string[],
): CapacityProviderStrategyItem[] | undefined {
  if (!Array.isArray(raw) || raw.length === 0) {
    problems.push(
      `${at} is ${show(raw)}; write a list such as [{CapacityProvider: FARGATE, Weight: 1}]`,
    );
    return undefined;
  }
  return raw.map((entry, i) => {
    const itemAt = `${at}[${i}]`;
    if (!isObject(entry)) {
      problems.push(
        `${itemAt} is ${show(entry)}; write {CapacityProvider: <name>, Base: 0, Weight: 1}`,
      );
      return { CapacityProvider: '' };
    }
    const item = canonical(entry, ['CapacityProvider', 'Base', 'Weight'], itemAt, problems);
    if (typeof item.CapacityProvider !== 'string' || item.CapacityProvider === '') {
      problems.push(
        `${itemAt}.CapacityProvider is ${show(item.CapacityProvider)}; write a capacity provider name such as FARGATE`,
      );
    }
    const result: CapacityProviderStrategyItem = {
      CapacityProvider: item.CapacityProvider as string,
    };
    for (const [key, max] of [
      ['Base', 100000],
      ['Weight', 1000],
    ] as const) {
      const v = item[key];
      if (v === undefined) continue;
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > max) {
        problems.push(`${itemAt}.${key} is ${show(v)}; write a whole number from 0 to ${max}`);
      } else {
        result[key] = v;
      }
    }
    return result;
  });
}

function readHooks(raw: unknown, problems: string[]): Array<Record<string, string>> {
  const entries: Array<[string, unknown]> = [];
  if (Array.isArray(raw)) {
    raw.forEach((entry, i) => {
      if (!isObject(entry) || Object.keys(entry).length !== 1) {
        problems.push(
          `AppSpec Hooks[${i}] must be a mapping with one hook name, e.g. "- BeforeAllowTraffic: my-function"`,
        );
      } else entries.push(Object.entries(entry)[0]!);
    });
  } else {
    problems.push(
      `AppSpec Hooks is ${show(raw)}; write a list of single-key mappings, e.g. "- BeforeAllowTraffic: my-function"`,
    );
  }
  const seen = new Set<string>();
  const hooks: Array<Record<string, string>> = [];
  for (const [key, fn] of entries) {
    const name = APPSPEC_HOOKS.find((h) => h.toLowerCase() === key.toLowerCase());
    if (!name) {
      problems.push(
        `AppSpec hook "${key}" is not an ECS lifecycle hook; use one of: ${APPSPEC_HOOKS.join(', ')}`,
      );
      continue;
    }
    if (seen.has(name)) {
      problems.push(`AppSpec hook ${name} is listed twice; keep one`);
      continue;
    }
    seen.add(name);
    if (typeof fn !== 'string' || fn.trim() === '') {
      problems.push(`AppSpec hook ${name} is ${show(fn)}; write a Lambda function name or ARN`);
      continue;
    }
    hooks.push({ [name]: fn });
  }
  return hooks;
}
