import { getDeployment } from '../../../lib/codedeploy/active-deployment.js';
import { isTerminal, snapshotOf } from '../../../lib/codedeploy/snapshot.js';
import { stateLine } from '../../../lib/codedeploy/progress.js';
import type { Clock } from '../../../lib/codedeploy/clock.js';
import { watchDeployment, type WatchOutcome } from '../../../lib/codedeploy/watch.js';
import type { CodeDeployClient } from '@aws-sdk/client-codedeploy';

export const DEPLOYMENT_STATE = 'deployment-id';
const POST_BUDGET_MS = 5 * 60_000;

/**
 * The `post:` step (post-if: cancelled()): the run was cancelled, so the deployment main
 * started must not carry on unattended. Stop it with rollback and wait for the rollback.
 */
export async function rollBackAfterCancel(
  deps: { codedeploy: CodeDeployClient; clock: Clock; log: (line: string) => void },
  deploymentId: string,
): Promise<{ line: string; outcome?: WatchOutcome }> {
  const info = await getDeployment(deps.codedeploy, deploymentId);
  const snapshot = snapshotOf(info);
  // Main may have sent the stop itself (SIGINT/SIGTERM) and exited before the rollback ended:
  // then follow that rollback rather than report it as already done.
  const rollbackUnderway = snapshot.status !== 'Succeeded' && !!snapshot.rollbackDeploymentId;
  if (isTerminal(snapshot.status) && !rollbackUnderway) {
    return { line: `Deployment ${deploymentId} had already ended: ${stateLine(snapshot)}` };
  }
  const outcome = await watchDeployment(
    { codedeploy: deps.codedeploy, clock: deps.clock, log: deps.log },
    {
      deploymentId,
      waitUntil: 'complete',
      timeoutMs: POST_BUDGET_MS,
      rollbackTimeoutMs: POST_BUDGET_MS,
      rollbackExpected: true,
      ...(isTerminal(snapshot.status) ? {} : { stopReason: 'the workflow run was cancelled' }),
    },
  );
  return { line: outcome.reason, outcome };
}
