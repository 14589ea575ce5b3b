import type { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import { awsClients } from '../../../lib/aws/clients.js';
import { getDeployment } from '../../../lib/codedeploy/active-deployment.js';
import { realClock, type Clock } from '../../../lib/clock/clock.js';
import { CodeDeployEngine } from '../../../lib/codedeploy/codedeploy-engine.js';
import { stateLine } from '../../../lib/codedeploy/progress.js';
import { codeDeploySnapshot, isTerminal } from '../../../lib/codedeploy/snapshot.js';
import { ActionError } from '../../../lib/errors/action-error.js';
import type { Toolkit } from '../../../lib/github/index.js';
import { followDeployment, type FollowOutcome } from '../../../lib/deploy/follow.js';
import { isTerminalPhase } from '../../../lib/deploy/snapshot.js';
import { NativeEngine } from '../../../lib/ecs-deployments/native-engine.js';
import { parseRollingState, rollBackCancelledRolling } from './rolling-cancel.js';

/**
 * A cancelled run never leaves a deployment running unattended. Two ways in, both here:
 * - SIGINT/SIGTERM while main runs (the runner cancelling the job): `abortOnSignals` aborts the
 *   watch, which stops the deployment with rollback (lib/deploy/follow.ts);
 * - the `post:` step (post-if: cancelled()), for a main that was killed before it could:
 *   `rollBackCancelledRun` stops the deployment main remembered, and waits for the rollback.
 * (`rollback.ts` is the `rollback` command a user asks for, not this path.)
 */

/** The state main saves with each deployment it starts or follows, and the post step reads. */
export const DEPLOYMENT_STATE = 'deployment-id';
const POST_BUDGET_MS = 5 * 60_000;

/** SIGINT/SIGTERM (the runner cancelling the job) abort the watch, which stops with rollback. */
export function abortOnSignals(toolkit: Toolkit): AbortSignal {
  const controller = new AbortController();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      toolkit.info(
        `Received ${signal}: stopping what this run started (a migration task, or the deployment with rollback)`,
      );
      controller.abort();
    });
  }
  return controller.signal;
}

/** The cancelled run's post step: roll back what main left running. */
export async function rollBackCancelledRun(toolkit: Toolkit): Promise<void> {
  const deploymentId = toolkit.getState(DEPLOYMENT_STATE);
  if (!deploymentId) return toolkit.info('No deployment was started; nothing to roll back.');
  const rolling = parseRollingState(deploymentId);
  if (rolling) return void (await rollBackCancelledRolling(toolkit, rolling));
  if (deploymentId.startsWith('arn:')) return rollBackCancelledNative(toolkit, deploymentId);
  const { codedeploy, region } = awsClients({ action: 'bluegreen-deploy' });
  const { line, outcome } = await rollBackAfterCancel(
    { codedeploy, region, clock: realClock, log: (l) => toolkit.info(l) },
    deploymentId,
  );
  toolkit.info(line);
  if (outcome && !outcome.rolledBack) throw new ActionError(`Cancelled run: ${line}`);
}

/** The post step for an ECS-native service deployment: stop it with rollback, follow the rollback. */
async function rollBackCancelledNative(toolkit: Toolkit, arn: string): Promise<void> {
  const { ecs, region } = awsClients({ action: 'bluegreen-deploy' });
  const match = /:service-deployment\/([^/]+)\/([^/]+)\//.exec(arn);
  const log = (l: string) => toolkit.info(l);
  const adapter = new NativeEngine({
    ecs,
    region,
    cluster: match?.[1] ?? '',
    service: match?.[2] ?? '',
    clock: realClock,
  });
  const first = await adapter.read(arn);
  if (isTerminalPhase(first.phase))
    return toolkit.info(`Service deployment ${arn} had already ended: ${first.status}`);
  const outcome = await followDeployment(
    { adapter, clock: realClock, log },
    {
      deploymentId: arn,
      waitUntil: 'complete',
      timeoutMs: POST_BUDGET_MS,
      rollbackTimeoutMs: POST_BUDGET_MS,
      rollbackExpected: true,
      autoContinue: false,
      stopReason: 'the workflow run was cancelled',
    },
  );
  toolkit.info(outcome.reason);
  if (!outcome.rolledBack) throw new ActionError(`Cancelled run: ${outcome.reason}`);
}

/**
 * The run was cancelled, so the deployment main started must not carry on unattended. Stop it
 * with rollback and wait for the rollback.
 */
export async function rollBackAfterCancel(
  deps: {
    codedeploy: CodeDeployClient;
    region?: string;
    clock: Clock;
    log: (line: string) => void;
  },
  deploymentId: string,
): Promise<{ line: string; outcome?: FollowOutcome }> {
  const info = await getDeployment(deps.codedeploy, deploymentId);
  const snapshot = codeDeploySnapshot(info);
  // Main may have sent the stop itself (SIGINT/SIGTERM) and exited before the rollback ended:
  // then follow that rollback rather than report it as already done.
  const rollbackUnderway =
    snapshot.status !== 'Succeeded' && !!snapshot.evidence.rollback?.deploymentId;
  if (isTerminal(snapshot.status) && !rollbackUnderway) {
    return { line: `Deployment ${deploymentId} had already ended: ${stateLine(snapshot)}` };
  }
  const adapter = new CodeDeployEngine({
    codedeploy: deps.codedeploy,
    region: deps.region ?? '',
    clock: deps.clock,
  });
  const outcome = await followDeployment(
    { adapter, clock: deps.clock, log: deps.log },
    {
      deploymentId,
      waitUntil: 'complete',
      timeoutMs: POST_BUDGET_MS,
      rollbackTimeoutMs: POST_BUDGET_MS,
      rollbackExpected: true,
      autoContinue: true,
      ...(isTerminal(snapshot.status) ? {} : { stopReason: 'the workflow run was cancelled' }),
    },
  );
  return { line: outcome.reason, outcome };
}
