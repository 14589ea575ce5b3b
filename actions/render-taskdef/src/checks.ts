import type { AwsClients } from '../../../lib/aws/clients.js';
import { diffTaskDefinitions, type TaskDefinitionDiff } from '../../../lib/ecs/diff.js';
import type { TaskDefinitionInput } from '../../../lib/ecs/task-definition.js';
import { verifyImages, type ImageCheck } from '../../../lib/ecs/verify-images.js';
import { ActionErrors } from '../../../lib/errors/action-error.js';
import type { Toolkit } from '../../../lib/github/index.js';
import type { LiveTaskDefinition } from './starting-point.js';

export type LiveDiff = TaskDefinitionDiff & { against: string };

/** Each image exists in ECR and its platform matches runtimePlatform (the seeds' exec format error). */
export async function verifyInEcr(
  toolkit: Toolkit,
  aws: AwsClients,
  td: TaskDefinitionInput,
): Promise<ImageCheck[]> {
  const checks = await verifyImages(aws.ecr, aws.region, td, (region) => aws.ecrIn(region));
  for (const c of checks) toolkit.info(`${c.container}: ${c.image} ${c.result}: ${c.detail}`);
  const failed = checks.filter((c) => c.result === 'failed');
  if (failed.length)
    throw new ActionErrors(failed.map((c) => `container "${c.container}": ${c.detail}`));
  return checks;
}

/** The unified diff of what is live against what was rendered, logged. */
export async function diffAgainstLive(
  toolkit: Toolkit,
  live: LiveTaskDefinition,
  td: TaskDefinitionInput,
): Promise<LiveDiff> {
  const diff = {
    ...diffTaskDefinitions(live.taskDefinition, td, { live: live.label, rendered: 'rendered' }),
    against: live.label,
  };
  toolkit.info(diff.changed ? diff.patch : 'No change.');
  return diff;
}
