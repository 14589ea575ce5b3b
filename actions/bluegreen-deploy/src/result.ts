import type { WatchOutcome } from '../../../lib/codedeploy/watch.js';

/** What a command reports: the action's outputs and the job summary are made from it. */
export interface CommandResult {
  command: string;
  deploymentId?: string;
  taskDefinitionArn?: string;
  previousTaskDefinitionArn?: string;
  /** Last known status of the deployment. */
  status: string;
  outcome?: WatchOutcome;
  /** Set when the command ended without following a deployment (status, say). */
  message?: string;
  ok: boolean;
  /** For status: the rollback linked to the deployment, if any. */
  rollbackDeploymentId?: string;
}
