/**
 * Reads an ECS AppSpec (YAML or JSON) into the plan CodeDeploy acts on. Problems are returned as
 * the INVALID_REVISION message the deployment fails with: CodeDeploy checks AppSpec content only
 * after CreateDeployment has answered (spec A.5).
 */
import { parse } from 'yaml';
import { HOOKABLE_EVENTS, type DeploymentPlan } from './model.js';

const PREFIX =
  'The deployment failed because the AppSpec file that specifies the deployment configuration is missing or has an invalid configuration.';

export type AppSpecReading = { ok: true; plan: DeploymentPlan } | { ok: false; message: string };

export function readAppSpec(content: string): AppSpecReading {
  let doc: unknown;
  try {
    doc = parse(content);
  } catch {
    return fail('The input AppSpec file is a not well-formed yaml. The template cannot be parsed.');
  }
  if (!isObject(doc))
    return fail('The input AppSpec file is a not well-formed yaml. The template cannot be parsed.');
  const version = member(doc, 'version');
  if (version === undefined || (String(version) !== '0.0' && version !== 0)) {
    return fail(`The AppSpec file version must be 0.0, found ${JSON.stringify(version ?? null)}.`);
  }
  const resources = member(doc, 'resources');
  if (!Array.isArray(resources) || resources.length !== 1) {
    return fail('The AppSpec file must contain exactly one resource of type AWS::ECS::Service.');
  }
  const logical = resources[0];
  const resource = isObject(logical) ? Object.values(logical)[0] : undefined;
  if (!isObject(resource) || member(resource, 'type') !== 'AWS::ECS::Service') {
    return fail('The AppSpec file must contain exactly one resource of type AWS::ECS::Service.');
  }
  const props = member(resource, 'properties');
  if (!isObject(props)) return fail('The ECS resource in the AppSpec file has no Properties.');
  const taskDefinition = member(props, 'taskdefinition');
  if (typeof taskDefinition !== 'string' || taskDefinition === '') {
    return fail('The TaskDefinition property of the ECS resource is missing.');
  }
  const lb = member(props, 'loadbalancerinfo');
  const containerName = isObject(lb) ? member(lb, 'containername') : undefined;
  const containerPort = isObject(lb) ? member(lb, 'containerport') : undefined;
  if (typeof containerName !== 'string' || containerName === '') {
    return fail('The LoadBalancerInfo.ContainerName property of the ECS resource is missing.');
  }
  if (typeof containerPort !== 'number' || !Number.isInteger(containerPort)) {
    return fail(
      'The LoadBalancerInfo.ContainerPort property of the ECS resource must be a number.',
    );
  }
  const hooks: DeploymentPlan['hooks'] = {};
  const hookList = member(doc, 'hooks');
  if (hookList !== undefined && hookList !== null) {
    if (!Array.isArray(hookList))
      return fail('Hooks must be a list of lifecycle event names and functions.');
    for (const entry of hookList) {
      if (!isObject(entry))
        return fail('Hooks must be a list of lifecycle event names and functions.');
      for (const [name, fn] of Object.entries(entry)) {
        const event = HOOKABLE_EVENTS.find((e) => e.toLowerCase() === name.toLowerCase());
        if (!event) return fail(`The lifecycle event ${name} is not valid for an ECS deployment.`);
        if (typeof fn !== 'string' || fn === '')
          return fail(`The hook for ${name} must name a Lambda function.`);
        hooks[event] = fn;
      }
    }
  }
  const platformVersion = member(props, 'platformversion');
  const network = member(props, 'networkconfiguration');
  const strategy = member(props, 'capacityproviderstrategy');
  return {
    ok: true,
    plan: {
      taskDefinition,
      containerName,
      containerPort,
      ...(typeof platformVersion === 'string' ? { platformVersion } : {}),
      ...(network !== undefined ? { networkConfiguration: ecsNetwork(network) } : {}),
      ...(Array.isArray(strategy) ? { capacityProviderStrategy: strategy } : {}),
      hooks,
    },
  };
}

/** AppSpec's NetworkConfiguration (PascalCase) in the ECS API's shape. */
function ecsNetwork(network: unknown): unknown {
  const vpc = isObject(network) ? member(network, 'awsvpcconfiguration') : undefined;
  if (!isObject(vpc)) return undefined;
  return {
    awsvpcConfiguration: {
      subnets: member(vpc, 'subnets') ?? [],
      securityGroups: member(vpc, 'securitygroups') ?? [],
      assignPublicIp: member(vpc, 'assignpublicip') ?? 'DISABLED',
    },
  };
}

function fail(detail: string): AppSpecReading {
  return { ok: false, message: `${PREFIX} ${detail}` };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** AppSpec keys are matched without regard to case (`Resources` and `resources` both occur). */
function member(obj: Record<string, unknown>, lowerKey: string): unknown {
  for (const [key, value] of Object.entries(obj)) if (key.toLowerCase() === lowerKey) return value;
  return undefined;
}
