import type { Service } from '@aws-sdk/client-ecs';
import { engineInputProblems } from '../../../lib/deploy/engine-inputs.js';
import type { EngineChoice } from '../../../lib/deploy/engine.js';
import type { FollowDeps } from '../../../lib/deploy/follow.js';
import {
  activeServiceDeployment,
  latestServiceDeployment,
} from '../../../lib/ecs-deployments/find-deployment.js';
import { NativeEngine, type EcsEngineDeps } from '../../../lib/ecs-deployments/native-engine.js';
import { ActionError, ActionErrors } from '../../../lib/errors/action-error.js';
import type { CommandContext } from './context.js';
import type { Inputs } from './inputs.js';
import { ecsEngineDeps } from './native-deploy.js';

/** What promote, rollback and status share on an ECS-native service. */
export interface NativeCommand {
  service: Service;
  choice: EngineChoice;
  deps: EcsEngineDeps;
  adapter: NativeEngine;
  follow: FollowDeps;
}

/** Refuses inputs the engine cannot honour (one line each), then the engine's calls. */
export function nativeCommand(
  inputs: Inputs,
  ctx: CommandContext,
  native: { service: Service; choice: EngineChoice },
): NativeCommand {
  const problems = engineInputProblems(inputs.given ?? {}, native.choice, inputs.service);
  if (problems.length) throw new ActionErrors(problems);
  const deps = ecsEngineDeps(inputs, ctx);
  const adapter = new NativeEngine(deps);
  return {
    ...native,
    deps,
    adapter,
    follow: { adapter, clock: ctx.clock, log: ctx.log, debug: ctx.debug, signal: ctx.signal },
  };
}

/**
 * The service deployment a command acts on: `deployment-id`, else the one in progress, else (when
 * `latest` is allowed, for status) the newest; an expected failure naming what to do otherwise.
 */
export async function targetServiceDeployment(
  inputs: Pick<Inputs, 'deploymentId' | 'service' | 'command'>,
  deps: EcsEngineDeps,
  options: { latest?: boolean } = {},
): Promise<string | undefined> {
  if (inputs.deploymentId) return inputs.deploymentId;
  const active = await activeServiceDeployment(deps);
  if (active?.serviceDeploymentArn) return active.serviceDeploymentArn;
  if (!options.latest) return undefined;
  const latest = await latestServiceDeployment(deps);
  if (latest?.serviceDeploymentArn) return latest.serviceDeploymentArn;
  throw new ActionError(
    `Service "${inputs.service}" has no service deployments yet, so there is nothing to ${inputs.command};`,
    'run command deploy first.',
  );
}
