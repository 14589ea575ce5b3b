import type { ContainerDefinition, RegisterTaskDefinitionCommandInput } from '@aws-sdk/client-ecs';

type TaskDefinitionInput = RegisterTaskDefinitionCommandInput;

export type Choice<T> = T | { problem: string };

function names(td: TaskDefinitionInput): string {
  return (td.containerDefinitions ?? []).map((c) => c.name ?? '?').join(', ') || '(none)';
}

function ports(c: ContainerDefinition): number[] {
  return (c.portMappings ?? [])
    .map((m) => m.containerPort)
    .filter((p): p is number => typeof p === 'number');
}

export function findContainer(td: TaskDefinitionInput, name: string): Choice<ContainerDefinition> {
  const found = td.containerDefinitions?.find((c) => c.name === name);
  return (
    found ?? {
      problem: `container "${name}" is not in task definition family "${td.family ?? '?'}"; containers are: ${names(td)}`,
    }
  );
}

/**
 * The container and port the load balancer sends traffic to. Given a name, that container;
 * otherwise the single essential container with a port mapping. Ambiguity is a problem that
 * lists the candidates, never a guess.
 */
export function loadBalancedContainer(
  td: TaskDefinitionInput,
  wanted: { name?: string; port?: number },
): Choice<{ name: string; port: number }> {
  let container: ContainerDefinition;
  if (wanted.name) {
    const found = findContainer(td, wanted.name);
    if ('problem' in found) return found;
    container = found;
  } else {
    const candidates = (td.containerDefinitions ?? []).filter(
      (c) =>
        c.essential !== false &&
        ports(c).length > 0 &&
        (!wanted.port || ports(c).includes(wanted.port)),
    );
    if (candidates.length !== 1) {
      const which = wanted.port ? ` with port ${wanted.port}` : ' with a port mapping';
      const withPorts = (td.containerDefinitions ?? [])
        .filter((c) => c.essential !== false)
        .map((c) => `${c.name ?? '?'} (${ports(c).join(', ') || 'no ports'})`)
        .join(', ');
      return {
        problem:
          candidates.length === 0
            ? `no essential container${which} in task definition family "${td.family ?? '?'}"; essential containers are: ${withPorts}; set container-name and container-port to match one`
            : `several essential containers${which} could take load balancer traffic (${candidates.map((c) => c.name).join(', ')}); set container-name to one of them`,
      };
    }
    container = candidates[0]!;
  }
  const name = container.name ?? '';
  const available = ports(container);
  if (wanted.port !== undefined) {
    return available.includes(wanted.port)
      ? { name, port: wanted.port }
      : {
          problem: `container "${name}" has no containerPort ${wanted.port} in its portMappings; its ports are: ${available.join(', ') || '(none)'}; add the port mapping or change container-port`,
        };
  }
  if (available.length === 1) return { name, port: available[0]! };
  return {
    problem:
      available.length === 0
        ? `container "${name}" has no portMappings; add one or set container-port`
        : `container "${name}" has several ports (${available.join(', ')}); set container-port to the one the load balancer uses`,
  };
}

/**
 * The container that unscoped changes (`NAME=value`, `image`, `command`) apply to: the named one,
 * the only one, or the single essential container with a port mapping.
 */
export function mainContainer(td: TaskDefinitionInput, name?: string): Choice<string> {
  if (name) {
    const found = findContainer(td, name);
    return 'problem' in found ? found : name;
  }
  const all = td.containerDefinitions ?? [];
  if (all.length === 1 && all[0]!.name) return all[0]!.name;
  const lb = loadBalancedContainer(td, {});
  if (!('problem' in lb)) return lb.name;
  const candidates = all.filter((c) => c.essential !== false && ports(c).length > 0);
  if (candidates.length === 1 && candidates[0]!.name) return candidates[0]!.name;
  return {
    problem: `the task has several containers (${names(td)}) and none is clearly the main one; set container-name, or scope the value as <container>:NAME=value`,
  };
}

/** A `container-name` input the task definition does not have, as the one problem to report. */
export function containerNameProblem(
  td: TaskDefinitionInput,
  name: string | undefined,
): string | undefined {
  if (!name || td.containerDefinitions?.some((c) => c.name === name)) return undefined;
  return `Input "container-name" is "${name}", which is not a container of task definition family "${td.family ?? '?'}"; write one of: ${names(td)}.`;
}
