import { engineName, type EngineChoice } from './engine.js';
import type { EngineKind } from './snapshot.js';

/**
 * One input means one thing on every engine. An input given (non-empty) that has no meaning for
 * the service's engine is refused before anything changes, with the equivalent named. Values are
 * the raw input texts by their action.yml names; empty or missing counts as not given.
 */
export type RawInputs = Readonly<Record<string, string | undefined>>;

interface Refusal {
  input: string;
  engines: readonly EngineKind[];
  /** Refuse only these values (default: any non-empty value). */
  applies?: (value: string) => boolean;
  why: (choice: EngineChoice) => string;
}

const ECS = ['native', 'rolling'] as const;
const NOT_CODEDEPLOY = (): string =>
  "the service's deployment controller is ECS, so no CodeDeploy application, deployment group or AppSpec takes part; remove it";
const NO_GATE_ON_ROLLING = (): string =>
  'a rolling update has no test traffic and never holds for a decision, so there is nothing to gate; run the checks in a step after the deploy';
const ABORT_UNDOCUMENTED = (): string =>
  "ECS stops a deployment without rollback only with StopServiceDeployment's ABORT stop type, which is undocumented; remove auto-rollback, and turn rollback off in the service's deploymentConfiguration (alarms.rollback, deploymentCircuitBreaker.rollback) if failures should stop without rolling back";

const REFUSALS: readonly Refusal[] = [
  { input: 'appspec', engines: ECS, why: NOT_CODEDEPLOY },
  { input: 'codedeploy-application', engines: ECS, why: NOT_CODEDEPLOY },
  { input: 'codedeploy-deployment-group', engines: ECS, why: NOT_CODEDEPLOY },
  {
    input: 'container-name',
    engines: ECS,
    why: () => "the container and port come from the service's loadBalancers; remove it",
  },
  {
    input: 'container-port',
    engines: ECS,
    why: () => "the container and port come from the service's loadBalancers; remove it",
  },
  {
    input: 'deployment-config',
    engines: ['native'],
    why: () =>
      "the strategy lives in the service's deploymentConfiguration (strategy, bakeTimeInMinutes, linearConfiguration, canaryConfiguration); change it in infrastructure (CDK, Terraform or aws ecs update-service) and remove deployment-config",
  },
  {
    input: 'deployment-config',
    engines: ['rolling'],
    why: () =>
      "a rolling update's pace lives in the service's deploymentConfiguration (minimumHealthyPercent, maximumPercent); change it in infrastructure and remove deployment-config",
  },
  {
    input: 'wait-until',
    engines: ['rolling'],
    applies: (v) => v === 'ready' || v === 'traffic-shifted',
    why: () =>
      'a rolling update replaces tasks in place, with no test-traffic stage and no traffic shift between revisions; write created or complete',
  },
  { input: 'test-url', engines: ['rolling'], why: NO_GATE_ON_ROLLING },
  { input: 'test-checks', engines: ['rolling'], why: NO_GATE_ON_ROLLING },
  { input: 'test-command', engines: ['rolling'], why: NO_GATE_ON_ROLLING },
  { input: 'test-header', engines: ['rolling'], why: NO_GATE_ON_ROLLING },
  {
    input: 'test-window',
    engines: ['rolling'],
    applies: (v) => !/^0+(\.0+)?\s*[a-z]*$/i.test(v),
    why: NO_GATE_ON_ROLLING,
  },
  {
    input: 'command',
    engines: ['rolling'],
    applies: (v) => v === 'promote',
    why: () =>
      'a rolling update never holds for a decision, so there is nothing to promote; use command deploy, rollback or status',
  },
  {
    input: 'auto-rollback',
    engines: ECS,
    applies: (v) => v.toLowerCase() === 'false',
    why: ABORT_UNDOCUMENTED,
  },
];

const CODEDEPLOY_ID = /^d-[A-Z0-9]{9}$/;
const SERVICE_DEPLOYMENT_ARN =
  /^arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:service-deployment\/[^/]+\/[^/]+\/[A-Za-z0-9_-]+$/;

/** Every input the engine cannot honour, one line each naming the input, its value and the equivalent. */
export function engineInputProblems(
  given: RawInputs,
  choice: EngineChoice,
  service: string,
): string[] {
  const problems: string[] = [];
  const on = `service "${service}" deploys with ${engineName(choice)}`;
  for (const rule of REFUSALS) {
    const value = given[rule.input]?.trim();
    if (!value || !rule.engines.includes(choice.engine)) continue;
    if (rule.applies && !rule.applies(value)) continue;
    problems.push(`Input "${rule.input}" is "${value}", but ${on}: ${rule.why(choice)}.`);
  }
  const id = given['deployment-id']?.trim();
  if (id) {
    const problem = deploymentIdProblem(id, choice, on);
    if (problem) problems.push(problem);
  }
  return problems;
}

function deploymentIdProblem(id: string, choice: EngineChoice, on: string): string | undefined {
  if (choice.engine === 'codedeploy') {
    if (CODEDEPLOY_ID.test(id)) return undefined;
    return `Input "deployment-id" is "${id}", but ${on}: write a CodeDeploy deployment id such as d-ABCDEFGHI.`;
  }
  if (SERVICE_DEPLOYMENT_ARN.test(id)) return undefined;
  const kind = CODEDEPLOY_ID.test(id) ? ', a CodeDeploy deployment id' : '';
  return `Input "deployment-id" is "${id}"${kind}, but ${on}: write a service deployment ARN (arn:aws:ecs:<region>:<account>:service-deployment/<cluster>/<service>/<id>, the deployment-id output of the deploy).`;
}
