import { engineName, type EngineChoice } from '../../../lib/deploy/engine.js';
import type { Inputs } from './inputs.js';

/** Inputs that only shape the AppSpec: given for an engine that reads none, they are a mistake. */
const APPSPEC_INPUTS: readonly [string, (inputs: Inputs) => boolean][] = [
  ['appspec', (i) => i.appspec !== undefined],
  ['hooks', (i) => Object.keys(i.hooks).length > 0],
  ['platform-version', (i) => i.platformVersion !== undefined],
  ['subnets', (i) => i.network !== undefined],
  ['capacity-provider-strategy', (i) => i.capacityProviderStrategy !== undefined],
];

export type AppSpecDecision =
  { render: true } | { render: false; notice: string } | { render: false; problem: string };

/**
 * Whether to render an AppSpec, from the engine of the service the task definition is for (known
 * when a service was read: a `service:` source, or `service` for the diff). Only CodeDeploy
 * reads an AppSpec; with no service known the AppSpec is rendered as before. Pure.
 */
export function appSpecDecision(
  engine: EngineChoice | undefined,
  service: string | undefined,
  inputs: Inputs,
): AppSpecDecision {
  if (!engine || engine.engine === 'codedeploy') return { render: true };
  const on = `service "${service ?? 'the service'}" deploys with ${engineName(engine)}`;
  const asked = APPSPEC_INPUTS.filter(([, given]) => given(inputs)).map(([name]) => name);
  if (asked.length) {
    const names = asked.map((name) => `"${name}"`).join(', ');
    return {
      render: false,
      problem: `Input${asked.length > 1 ? 's' : ''} ${names} ask${asked.length > 1 ? '' : 's'} for an AppSpec, but ${on}, which reads none (no CodeDeploy takes part); remove ${asked.length > 1 ? 'them' : 'it'}, or move the service to the CODE_DEPLOY controller in infrastructure.`,
    };
  }
  return {
    render: false,
    notice: `No AppSpec: ${on}, which reads none; the appspec output is empty.`,
  };
}
