import { getDeployment } from '../../../lib/codedeploy/active-deployment.js';
import { resolveDeploymentGroup } from '../../../lib/codedeploy/deployment-group.js';
import { progressLines, stateLine } from '../../../lib/codedeploy/progress.js';
import { codeDeploySnapshot } from '../../../lib/codedeploy/snapshot.js';
import { readTarget } from '../../../lib/codedeploy/codedeploy-engine.js';
import { ActionError } from '../../../lib/errors/action-error.js';
import { groupRef, type CommandContext } from './context.js';
import type { Inputs } from './inputs.js';
import { nativeServiceForCommand } from './engine-choice.js';
import { statusNative } from './native-status.js';
import type { CommandResult } from './result.js';

/** Prints the state of `deployment-id`, else of the group's latest deployment. Changes nothing. */
export async function status(inputs: Inputs, ctx: CommandContext): Promise<CommandResult> {
  const native = await nativeServiceForCommand(inputs, ctx);
  if (native) return statusNative(inputs, ctx, native);
  let id = inputs.deploymentId;
  if (!id) {
    const ref = groupRef(inputs);
    const group = await resolveDeploymentGroup(ctx.clients.codedeploy, ref);
    id = group.lastAttemptedDeployment?.deploymentId;
    if (!id)
      throw new ActionError(
        `Deployment group "${ref.deploymentGroupName}" has no deployments yet.`,
        'Run command deploy first.',
      );
  }
  const info = await getDeployment(ctx.clients.codedeploy, id);
  const snapshot = codeDeploySnapshot(
    info,
    (await readTarget(ctx.clients.codedeploy, id, undefined)).target,
  );
  for (const line of progressLines(undefined, snapshot)) ctx.log(line);
  const line = stateLine(snapshot);
  ctx.log(`State: ${line}`);
  const content = info.revision?.appSpecContent?.sha256;
  if (content) ctx.log(`Revision sha256 ${content}`);
  return {
    command: 'status',
    deploymentId: id,
    status: snapshot.status,
    message: line,
    ok: true,
    rollbackDeploymentId: snapshot.evidence.rollback?.deploymentId,
  };
}
