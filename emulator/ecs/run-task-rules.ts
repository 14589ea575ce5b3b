/**
 * RunTask's checks as pure functions: the launch, the network configuration by awsvpc rules, the
 * overrides against the task definition. Each answers ECS's error code and words, or nothing.
 */

export interface RunTaskProblem {
  code: 'InvalidParameterException' | 'ClientException';
  message: string;
}

const invalid = (message: string): RunTaskProblem => ({
  code: 'InvalidParameterException',
  message,
});

/** The first problem ECS reports for this RunTask input and task definition, if any. */
export function runTaskProblem(
  taskDefinition: Record<string, any>,
  input: Record<string, any>,
): RunTaskProblem | undefined {
  return (
    launchProblem(taskDefinition, input) ??
    networkProblem(taskDefinition, input) ??
    overridesProblem(taskDefinition, input.overrides)
  );
}

function launchProblem(
  td: Record<string, any>,
  input: Record<string, any>,
): RunTaskProblem | undefined {
  const count = input.count ?? 1;
  if (!Number.isInteger(count) || count < 1 || count > 10)
    return invalid('Count must be between 1 and 10.');
  if (input.launchType && input.capacityProviderStrategy?.length)
    return invalid(
      'Specifying both a launch type and capacity provider strategy is not supported.',
    );
  if (input.launchType && !['EC2', 'FARGATE', 'EXTERNAL'].includes(input.launchType))
    return invalid(`Unknown launch type ${String(input.launchType)}.`);
  if (typeof input.startedBy === 'string' && input.startedBy.length > 128)
    return invalid('startedBy cannot be longer than 128 characters.');
  const compatibilities: string[] = td.compatibilities ?? td.requiresCompatibilities ?? ['EC2'];
  if (input.launchType === 'FARGATE' && !compatibilities.includes('FARGATE'))
    return {
      code: 'ClientException',
      message: 'Task definition does not support launch_type FARGATE.',
    };
  return undefined;
}

/** awsvpc needs subnets (1-16) and at most 5 security groups; other modes take no configuration. */
export function networkProblem(
  td: Record<string, any>,
  input: Record<string, any>,
): RunTaskProblem | undefined {
  const config = input.networkConfiguration;
  if (td.networkMode !== 'awsvpc') {
    return config
      ? invalid(
          'Network Configuration is not valid for the given networkMode of this task definition.',
        )
      : undefined;
  }
  const vpc = config?.awsvpcConfiguration;
  if (!vpc)
    return invalid(
      "Network Configuration must be provided when networkMode 'awsvpc' is specified.",
    );
  const subnets: unknown[] = Array.isArray(vpc.subnets) ? vpc.subnets : [];
  if (subnets.length === 0) return invalid('subnets can not be empty.');
  if (subnets.length > 16) return invalid('subnets can have at most 16 items.');
  const groups: unknown[] = Array.isArray(vpc.securityGroups) ? vpc.securityGroups : [];
  if (groups.length > 5) return invalid('securityGroups can have at most 5 items.');
  const malformed = [...subnets, ...groups].find(
    (id) => typeof id !== 'string' || !/^(subnet|sg)-[0-9a-z]+$/.test(id),
  );
  if (malformed !== undefined)
    return invalid(
      `Error retrieving subnet information for [${String(malformed)}]: The subnet ID '${String(malformed)}' does not exist`,
    );
  if (
    vpc.assignPublicIp === 'ENABLED' &&
    (input.launchType ?? 'EC2') === 'EC2' &&
    !input.capacityProviderStrategy?.length
  )
    return invalid('Assign public IP is not supported for this launch type.');
  return undefined;
}

function overridesProblem(td: Record<string, any>, overrides: any): RunTaskProblem | undefined {
  const names = ((td.containerDefinitions ?? []) as { name?: string }[]).map((c) => c.name);
  for (const o of (overrides?.containerOverrides ?? []) as Record<string, any>[]) {
    if (!names.includes(o.name))
      return invalid(
        `Override for container named ${String(o.name)} is not a container in the TaskDefinition.`,
      );
    if (
      o.command !== undefined &&
      (!Array.isArray(o.command) || o.command.some((c: unknown) => typeof c !== 'string'))
    )
      return invalid(`Override for container named ${o.name}: command must be a list of strings.`);
  }
  return undefined;
}
