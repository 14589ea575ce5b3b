import { awsClients } from '../../../lib/aws/clients.js';
import { realClock, type Clock } from '../../../lib/clock/clock.js';
import { followDeployment, type FollowOutcome } from '../../../lib/deploy/follow.js';
import { isTerminalPhase } from '../../../lib/deploy/snapshot.js';
import type { EcsEngineDeps } from '../../../lib/ecs-deployments/native-engine.js';
import { RollingEngine } from '../../../lib/ecs-deployments/rolling-engine.js';
import { ActionError } from '../../../lib/errors/action-error.js';
import type { Toolkit } from '../../../lib/github/index.js';

/**
 * What main saves for the post step when it starts a rolling update: a rollout id alone does not
 * name its service, and without a service deployment ARN the rollback is a redeploy of the
 * previous task definition, which the post step must know.
 */
export interface RollingState {
  cluster: string;
  service: string;
  /** The service deployment ARN, or the rollout's `ecs-svc/…` id. */
  deploymentId: string;
  taskDefinition: string;
  previousTaskDefinition?: string;
}

const MARK = 'rolling:';
const POST_BUDGET_MS = 5 * 60_000;

export function rollingState(state: RollingState): string {
  return `${MARK}${JSON.stringify(state)}`;
}

/** The saved state, when it is a rolling update's (else undefined: another engine's id). */
export function parseRollingState(saved: string): RollingState | undefined {
  if (!saved.startsWith(MARK)) return undefined;
  const state = JSON.parse(saved.slice(MARK.length)) as Partial<RollingState>;
  if (!state.cluster || !state.service || !state.deploymentId || !state.taskDefinition)
    throw new ActionError(`The saved rolling update state is incomplete: ${saved}`);
  return state as RollingState;
}

/**
 * The cancelled run's post step for a rolling update: unless it already ended, roll it back
 * (StopServiceDeployment ROLLBACK, or a redeploy of the previous task definition) and follow
 * the rollback. Main may have sent the stop before it was killed: a rollout already on its way
 * back is followed, not stopped again.
 */
export async function rollBackCancelledRolling(
  toolkit: Pick<Toolkit, 'info'>,
  state: RollingState,
  deps: Omit<EcsEngineDeps, 'cluster' | 'service'> = postDeps(),
): Promise<FollowOutcome | undefined> {
  const adapter = new RollingEngine(
    { ...deps, cluster: state.cluster, service: state.service },
    {
      deploymentId: state.deploymentId,
      taskDefinition: state.taskDefinition,
      // The service back on the previous task definition: rolled back (by ECS or by main).
      rollbackTo: state.previousTaskDefinition,
    },
    state.previousTaskDefinition,
  );
  const first = await adapter.read(state.deploymentId);
  if (isTerminalPhase(first.phase)) {
    toolkit.info(`Rolling update ${state.deploymentId} had already ended: ${first.status}`);
    return undefined;
  }
  // No longer listed and not rolled back: a later deployment took over; it is not ours to stop.
  if (first.status === 'PENDING') {
    toolkit.info(`Rolling update ${state.deploymentId} is no longer listed; nothing to roll back.`);
    return undefined;
  }
  const outcome = await followDeployment(
    { adapter, clock: deps.clock, log: (l) => toolkit.info(l) },
    {
      deploymentId: state.deploymentId,
      waitUntil: 'complete',
      timeoutMs: POST_BUDGET_MS,
      rollbackTimeoutMs: POST_BUDGET_MS,
      rollbackExpected: true,
      autoContinue: false,
      ...(first.phase === 'rolling-back' ? {} : { stopReason: 'the workflow run was cancelled' }),
    },
  );
  toolkit.info(outcome.reason);
  if (!outcome.rolledBack) throw new ActionError(`Cancelled run: ${outcome.reason}`);
  return outcome;
}

function postDeps(): { ecs: EcsEngineDeps['ecs']; region: string; clock: Clock } {
  const { ecs, region } = awsClients({ action: 'bluegreen-deploy' });
  return { ecs, region, clock: realClock };
}
