import type { FollowOutcome } from '../../../lib/deploy/follow.js';

/** What a command reports: the action's outputs and the job summary are made from it. */
export interface CommandResult {
  command: string;
  deploymentId?: string;
  taskDefinitionArn?: string;
  previousTaskDefinitionArn?: string;
  /** Last known status of the deployment. */
  status: string;
  /** The engine that ran it; CodeDeploy when absent. */
  engine?: 'codedeploy' | 'native' | 'rolling';
  /** The shared watch's result, when the command followed a deployment. */
  followed?: FollowOutcome;
  /** The deployment in its engine's console. */
  consoleUrl?: string;
  /** Set when the command ended without following a deployment (status, say). */
  message?: string;
  ok: boolean;
  /** For status: the rollback linked to the deployment, if any. */
  rollbackDeploymentId?: string;
}
