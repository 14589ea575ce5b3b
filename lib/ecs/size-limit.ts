import type { RegisterTaskDefinitionCommandInput } from '@aws-sdk/client-ecs';

/** ECS refuses a RegisterTaskDefinition request whose task definition is over 64 KiB. */
export const TASK_DEFINITION_LIMIT_BYTES = 64 * 1024;

/**
 * Checked before the file is written, so the limit bites at render time with its numbers rather
 * than at registration in a later job. Measured as the compact JSON the SDK sends. Pure.
 */
export function taskDefinitionSizeProblem(
  td: RegisterTaskDefinitionCommandInput,
): string | undefined {
  const bytes = Buffer.byteLength(JSON.stringify(td), 'utf8');
  if (bytes <= TASK_DEFINITION_LIMIT_BYTES) return undefined;
  return `the rendered task definition is ${bytes} bytes, over the ECS limit of ${TASK_DEFINITION_LIMIT_BYTES} bytes (64 KiB); move large values out of environment (secrets, environmentFiles on S3) or shorten command and docker-labels`;
}
