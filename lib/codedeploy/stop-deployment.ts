import {
  ContinueDeploymentCommand,
  StopDeploymentCommand,
  type CodeDeployClient,
} from '@aws-sdk/client-codedeploy';
import { errorName } from '../errors/aws-errors.js';

/**
 * StopDeployment with autoRollbackEnabled: true, which forces the rollback whatever the group
 * says (spec A.11). A deployment that already ended is not an error here: the caller reads
 * its final state next.
 */
export async function stopWithRollback(
  codedeploy: CodeDeployClient,
  deploymentId: string,
): Promise<string> {
  try {
    const out = await codedeploy.send(
      new StopDeploymentCommand({ deploymentId, autoRollbackEnabled: true }),
    );
    return `StopDeployment ${deploymentId} with rollback: ${out.status ?? 'sent'}${out.statusMessage ? ` (${out.statusMessage})` : ''}`;
  } catch (error) {
    if (errorName(error) === 'DeploymentAlreadyCompletedException')
      return `${deploymentId} had already ended`;
    throw error;
  }
}

export type WaitType = 'READY_WAIT' | 'TERMINATION_WAIT';

/** ContinueDeployment; a deployment that already left that wait is fine (someone else continued it). */
export async function continueDeployment(
  codedeploy: CodeDeployClient,
  deploymentId: string,
  waitType: WaitType,
): Promise<boolean> {
  try {
    await codedeploy.send(
      new ContinueDeploymentCommand({ deploymentId, deploymentWaitType: waitType }),
    );
    return true;
  } catch (error) {
    if (errorName(error) === 'DeploymentIsNotInReadyStateException') return false;
    throw error;
  }
}
