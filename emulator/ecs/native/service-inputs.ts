/**
 * The part of CreateService/UpdateService that concerns native deployments: validation of the
 * merged input, the deployment-controller change, and how a partial deploymentConfiguration merges.
 */
import type { EmulatorState, Service } from '../../state.js';
import { moveToEcsController } from './deployment.js';
import { isTerminal } from './model.js';
import { currentDeployment } from './store.js';
import { controllerChangeProblem, nativeInputProblem } from './validate.js';

/**
 * UpdateService merges deploymentConfiguration member by member; a strategy change drops the
 * other strategy's linear/canary block unless the same call sends it [infer].
 */
export function mergeDeploymentConfiguration(
  current: Record<string, any>,
  update: Record<string, any> | undefined,
): Record<string, any> {
  if (!update) return current;
  const merged: Record<string, any> = { ...current, ...update };
  const strategy = merged.strategy ?? 'ROLLING';
  if (strategy !== 'LINEAR' && update.linearConfiguration === undefined)
    delete merged.linearConfiguration;
  if (strategy !== 'CANARY' && update.canaryConfiguration === undefined)
    delete merged.canaryConfiguration;
  return merged;
}

function ongoingDeployment(state: EmulatorState, service: Service): boolean {
  const native = currentDeployment(state, service.serviceArn);
  if (native && !isTerminal(native)) return true;
  return [...state.codedeploy.deployments.values()].some(
    (d: any) =>
      d.target?.clusterName === service.clusterName &&
      d.target?.serviceName === service.serviceName &&
      !['Succeeded', 'Failed', 'Stopped'].includes(d.status),
  );
}

/** Throws nothing: returns the one-line problem with an UpdateService input, and the controller it leads to. */
export function nativeUpdateProblem(
  state: EmulatorState,
  service: Service,
  input: any,
): { problem?: string; controller: Service['deploymentController']['type'] } {
  const from = service.deploymentController.type;
  const to = input.deploymentController?.type ?? from;
  if (input.deploymentController !== undefined) {
    const problem = controllerChangeProblem(from, to, {
      ongoingDeployment: ongoingDeployment(state, service),
      config: service.deploymentConfiguration,
    });
    if (problem) return { problem, controller: from };
  }
  const config = mergeDeploymentConfiguration(
    service.deploymentConfiguration,
    input.deploymentConfiguration,
  );
  const problem = nativeInputProblem(config, input.loadBalancers ?? service.loadBalancers, to);
  return { ...(problem ? { problem } : {}), controller: to };
}

/** Applies an accepted controller change (spec §1.5); to ECS see `moveToEcsController`. */
export function changeController(
  state: EmulatorState,
  service: Service,
  to: Service['deploymentController']['type'],
  input: any,
  now: number,
): void {
  if (Array.isArray(input.loadBalancers)) service.loadBalancers = input.loadBalancers;
  if (to === 'ECS') moveToEcsController(state, service, now);
  else service.deploymentController = { type: to };
}
