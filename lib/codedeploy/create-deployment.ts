import {
  CreateDeploymentCommand,
  type AutoRollbackEvent,
  type CodeDeployClient,
  type CreateDeploymentCommandInput,
  type DeploymentInfo,
  type RevisionLocation,
} from '@aws-sdk/client-codedeploy';
import { ActionError } from '../errors/action-error.js';
import { activeIdFromMessage, findActiveDeployment, getDeployment } from './active-deployment.js';
import { errorName, isTransient, messageOf } from '../errors/aws-errors.js';
import type { Clock } from '../clock/clock.js';
import type { DeploymentGroupRef } from './deployment-group.js';
import { pollDelay } from '../deploy/poll-delay.js';
import { codeDeploySnapshot } from './snapshot.js';
import { stopWithRollback } from './stop-deployment.js';
import type { OnConflict } from '../deploy/on-conflict.js';

/** What to do when the group already has an active deployment (one per group, spec A.6). */

export interface CreateDeps {
  codedeploy: CodeDeployClient;
  clock: Clock;
  log: (line: string) => void;
  signal?: AbortSignal;
}

type Request = CreateDeploymentCommandInput & DeploymentGroupRef;

/**
 * What rolls back when `auto-rollback` is on: every way a deployment can end short of success.
 * The `deploy` command used all three events and the `rollback` command's redeploy left out
 * DEPLOYMENT_STOP_ON_ALARM; one set serves both, because the promise of `auto-rollback: true`
 * is that a deployment that does not succeed returns to the revision that ran before it. An
 * alarm stop without rollback ends `Stopped` with traffic wherever the shift had got to, the
 * ambiguous end the action exists to avoid; for the redeploy of a previous revision too,
 * "before it" is the state the user started the rollback from, a known one.
 */
export const AUTO_ROLLBACK_EVENTS: readonly AutoRollbackEvent[] = [
  'DEPLOYMENT_FAILURE',
  'DEPLOYMENT_STOP_ON_ALARM',
  'DEPLOYMENT_STOP_ON_REQUEST',
];

/** The one CreateDeployment request of the action (deploy, and the rollback redeploy). Pure. */
export function deploymentRequest(request: {
  group: DeploymentGroupRef;
  revision: RevisionLocation;
  description: string;
  /** Overrides the group's configuration when given. */
  deploymentConfig?: string;
  autoRollback: boolean;
}): Request {
  return {
    ...request.group,
    revision: request.revision,
    description: request.description,
    ...(request.deploymentConfig ? { deploymentConfigName: request.deploymentConfig } : {}),
    autoRollbackConfiguration: request.autoRollback
      ? { enabled: true, events: [...AUTO_ROLLBACK_EVENTS] }
      : { enabled: false },
  };
}

/**
 * CreateDeployment; on DeploymentLimitExceededException name the active deployment and fail,
 * wait for the group to be free, or stop it with rollback and wait, then try again.
 */
export async function createDeployment(
  deps: CreateDeps,
  request: Request,
  onConflict: OnConflict,
  budgetMs: number,
): Promise<string> {
  const deadline = deps.clock.now() + budgetMs;
  for (let attempt = 1; ; attempt++) {
    try {
      const out = await deps.codedeploy.send(new CreateDeploymentCommand(request));
      if (!out.deploymentId) throw new Error('CreateDeployment returned no deploymentId');
      return out.deploymentId;
    } catch (error) {
      if (errorName(error) !== 'DeploymentLimitExceededException') throw error;
      const active = await activeDeployment(deps.codedeploy, request, (error as Error).message);
      const named = active ? describeActive(active) : 'another deployment';
      if (onConflict === 'fail' || attempt > 5) {
        throw new ActionError(
          `Deployment group "${request.deploymentGroupName}" already has an active deployment: ${named}.`,
          'Wait for it to end, stop it, or set `on-conflict: wait` (deploy after it) or `on-conflict: replace` (stop it with rollback, then deploy).',
        );
      }
      if (onConflict === 'replace' && active?.deploymentId) {
        deps.log(`Replacing ${named}: stopping it with rollback`);
        deps.log(`  ${await stopWithRollback(deps.codedeploy, active.deploymentId)}`);
      } else {
        deps.log(`Waiting for ${named} to end before deploying`);
      }
      await waitUntilGroupFree(deps, request, deadline);
    }
  }
}

async function activeDeployment(
  codedeploy: CodeDeployClient,
  ref: DeploymentGroupRef,
  message: string,
): Promise<DeploymentInfo | undefined> {
  const found = await findActiveDeployment(codedeploy, ref).catch(() => undefined);
  if (found) return found;
  // The rollback that just freed or took the slot may be missing from the listing (spec A.12).
  const id = activeIdFromMessage(message);
  return id ? getDeployment(codedeploy, id).catch(() => ({ deploymentId: id })) : undefined;
}

export function describeActive(d: DeploymentInfo): string {
  const parts = [d.status ?? 'status unknown'];
  if (d.creator === 'codeDeployRollback') parts.push('a rollback');
  if (d.createTime) parts.push(`created ${d.createTime.toISOString()}`);
  if (d.description) parts.push(`"${d.description.slice(0, 80)}"`);
  return `${d.deploymentId} (${parts.join(', ')})`;
}

/** Polls until no deployment of the group is active; the rollback of a stopped one counts as active. */
async function waitUntilGroupFree(
  deps: CreateDeps,
  ref: DeploymentGroupRef,
  deadline: number,
): Promise<void> {
  let last = '';
  let lastChange = deps.clock.now();
  let failures = 0;
  for (;;) {
    let active: DeploymentInfo | undefined;
    try {
      active = await findActiveDeployment(deps.codedeploy, ref);
      failures = 0;
    } catch (error) {
      if (!isTransient(error)) throw error;
      failures++;
      active = { deploymentId: last || undefined };
      if (failures === 3)
        deps.log(`  AWS is throttling or failing (${messageOf(error)}); polling less often`);
    }
    if (!active) return;
    const seen = describeActive(active);
    if (seen !== last && failures === 0) {
      deps.log(`  ${seen}`);
      last = seen;
      lastChange = deps.clock.now();
    }
    const remaining = deadline - deps.clock.now();
    if (remaining <= 0 || deps.signal?.aborted) {
      throw new ActionError(
        `Deployment group "${ref.deploymentGroupName}" was still busy with ${seen} when ${deps.signal?.aborted ? 'the run was cancelled' : 'the timeout ran out'}; nothing was deployed.`,
        'Raise `timeout`, or use `on-conflict: replace`.',
      );
    }
    await deps.clock.sleep(
      pollDelay(codeDeploySnapshot(active), deps.clock.now(), {
        sinceChangeMs: deps.clock.now() - lastChange,
        failedPollsInARow: failures,
        remainingMs: remaining,
      }),
      deps.signal,
    );
  }
}
