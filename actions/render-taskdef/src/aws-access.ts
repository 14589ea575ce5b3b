/**
 * Whether the job has AWS credentials the SDK would find. `verify: auto` runs the AWS checks
 * only then, so a workflow that renders before configuring credentials still works.
 */
export function hasAwsCredentials(env: Record<string, string | undefined>): boolean {
  return Boolean(
    (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) ||
    env.AWS_WEB_IDENTITY_TOKEN_FILE ||
    env.AWS_PROFILE ||
    env.AWS_CONTAINER_CREDENTIALS_FULL_URI ||
    env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI,
  );
}
