import type { AwsClients } from '../../../lib/aws/clients.js';
import type { Clock } from '../../../lib/clock/clock.js';
import type { Environment, RunContext } from '../../../lib/github/run-context.js';
import {
  defaultGroupRef,
  type DeploymentGroupRef,
} from '../../../lib/codedeploy/deployment-group.js';
import { CodeDeployEngine } from '../../../lib/codedeploy/codedeploy-engine.js';
import type { EngineAdapter } from '../../../lib/deploy/engine.js';
import type { FollowDeps } from '../../../lib/deploy/follow.js';
import type { Inputs } from './inputs.js';

/** What every command needs from the outside world, passed in so tests hand over fakes. */
export interface CommandContext {
  clients: Pick<AwsClients, 'region' | 'ecs' | 'codedeploy'> &
    Partial<Pick<AwsClients, 'elbv2' | 'logs'>>;
  clock: Clock;
  log: (line: string) => void;
  debug: (line: string) => void;
  /** Aborted on SIGTERM/SIGINT. */
  signal: AbortSignal;
  run: RunContext;
  /** What the gate's test command inherits. */
  env: Environment;
  /** Remembers the deployment for the post step, which rolls it back if the run is cancelled. */
  rememberDeployment: (deploymentId: string) => void;
}

export function groupRef(inputs: Inputs): DeploymentGroupRef {
  const defaults = defaultGroupRef(inputs.cluster, inputs.service);
  return {
    applicationName: inputs.codedeployApplication ?? defaults.applicationName,
    deploymentGroupName: inputs.codedeployDeploymentGroup ?? defaults.deploymentGroupName,
  };
}

/** The CodeDeploy engine for this run's service (its ECS events and stopped tasks are evidence). */
export function codeDeployEngine(inputs: Inputs, ctx: CommandContext): CodeDeployEngine {
  const { codedeploy, ecs, region } = ctx.clients;
  return new CodeDeployEngine({
    codedeploy,
    ecs,
    region,
    clock: ctx.clock,
    debug: ctx.debug,
    service: { cluster: inputs.cluster, service: inputs.service },
  });
}

/** What the shared watch needs from the run, around an engine. */
export function followDeps(ctx: CommandContext, adapter: EngineAdapter): FollowDeps {
  return { adapter, clock: ctx.clock, log: ctx.log, debug: ctx.debug, signal: ctx.signal };
}
