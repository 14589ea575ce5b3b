import type { RegisterTaskDefinitionCommandInput } from '@aws-sdk/client-ecs';
import {
  appSpecTarget,
  renderAppSpec,
  type AwsvpcConfiguration,
  type CapacityProviderStrategyItem,
  type EcsAppSpec,
} from '../../../lib/codedeploy/appspec.js';
import { isActionError } from '../../../lib/errors/action-error.js';
import { loadBalancedContainer } from '../../../lib/ecs/main-container.js';
import { problemLines, type AppSpecTemplate } from './appspec-template.js';

export interface AppSpecRequest {
  /** The `appspec` template as read; inputs below override what it says. */
  template?: AppSpecTemplate;
  containerName?: string;
  containerPort?: number;
  platformVersion?: string;
  network?: AwsvpcConfiguration;
  capacityProviderStrategy?: CapacityProviderStrategyItem[];
  hooks: Record<string, string>;
}

export interface AppSpecPlan {
  appSpec?: EcsAppSpec;
  problems: string[];
  /** Why no AppSpec is written, when none is needed. */
  skipped?: string;
}

/**
 * The AppSpec for this task definition: from the template or generated, with the container and
 * port checked against the task definition (CodeDeploy would only find out mid-deployment).
 */
export function planAppSpec(
  td: RegisterTaskDefinitionCommandInput,
  request: AppSpecRequest,
): AppSpecPlan {
  // A broken template is reported as it is; planning without it would only add noise.
  if (request.template?.problems.length) return { problems: request.template.problems };
  const template = request.template?.spec;
  const fromTemplate = template ? appSpecTarget(template) : undefined;
  const templateProps = template
    ? template.Resources[0]![fromTemplate!.logicalName]!.Properties
    : undefined;
  const name = request.containerName ?? fromTemplate?.containerName;
  const port = request.containerPort ?? fromTemplate?.containerPort;
  const anyPorts = (td.containerDefinitions ?? []).some((c) => c.portMappings?.length);
  if (!template && !name && !port && !anyPorts) {
    return {
      problems: [],
      skipped:
        'no container has a port mapping, so the service is not load balanced and no AppSpec was written',
    };
  }
  const target = loadBalancedContainer(td, { name, port });
  if ('problem' in target) return { problems: [`AppSpec: ${target.problem}`] };
  const templateHooks = Object.assign({}, ...(template?.Hooks ?? [])) as Record<string, string>;
  try {
    const appSpec = renderAppSpec({
      containerName: target.name,
      containerPort: target.port,
      taskDefinition: templateProps?.TaskDefinition,
      platformVersion: request.platformVersion ?? templateProps?.PlatformVersion,
      networkConfiguration:
        request.network ?? templateProps?.NetworkConfiguration?.AwsvpcConfiguration,
      capacityProviderStrategy:
        request.capacityProviderStrategy ?? templateProps?.CapacityProviderStrategy,
      hooks: { ...templateHooks, ...request.hooks },
      logicalName: fromTemplate?.logicalName,
    });
    return { appSpec, problems: [] };
  } catch (error) {
    if (!isActionError(error)) throw error;
    return { problems: problemLines(error) };
  }
}
