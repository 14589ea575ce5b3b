import { ActionError } from '../errors/action-error.js';
import { lastLine } from './cli.js';

/**
 * Docker's output turned into one line a user can act on. Pure: they read the captured
 * build/push/login output and say what failed and what to change.
 */

/** The failing Dockerfile step and docker's reason. */
export function buildFailure(output: string, dockerfile: string): ActionError {
  const lines = output.split(/\r?\n/);
  // Classic builder: "Step 3/5 : COPY x /y" then the error.
  const classic = [...lines].reverse().find((l) => /^Step \d+\/\d+ : /.test(l));
  // BuildKit: " > [runtime 2/3] RUN npm ci:" then "ERROR: failed to solve: ...".
  const buildkit = [...lines].reverse().find((l) => /^\s*> \[[^\]]+\] .+:$/.test(l));
  const error =
    [...lines]
      .reverse()
      .find((l) => /^ERROR: /.test(l))
      ?.replace(/^ERROR: (failed to build: )?/, '') ?? reasonAfterDeprecation(lines);
  let step = '';
  if (classic) {
    const m = /^Step (\d+\/\d+) : (.*)$/.exec(classic)!;
    step = ` step ${m[1]} \`${m[2]}\``;
  } else if (buildkit) {
    const m = /^\s*> \[([^\]]+)\] (.+):$/.exec(buildkit)!;
    step = ` step [${m[1]}] \`${m[2]}\``;
  }
  return new ActionError(
    `Docker build failed at ${dockerfile}${step}: ${error}.`.replace(/\.\.$/, '.'),
    'Fix that step (or the build context it reads) and run again.',
  );
}

function reasonAfterDeprecation(lines: string[]): string {
  const meaningful = lines
    .map((l) => l.trim())
    .filter(
      (l) =>
        l && !/^(DEPRECATED|BuildKit is currently|environment-variable|Install the buildx)/.test(l),
    );
  return meaningful.pop() ?? 'unknown error';
}

/** A failed `docker push` (classic) or the push phase of buildx. */
export function pushFailure(output: string, image: string): ActionError {
  const immutable =
    /tag invalid: (The image tag '[^']+' already exists in the '[^']+' repository and cannot be overwritten because the repository is immutable\.)/.exec(
      output,
    );
  if (immutable) {
    return new ActionError(
      `Push of ${image} refused: ${immutable[1]}`,
      'Tags in an immutable repository never move: leave `tags` empty (sha-<7> is unique per commit) or push a new version tag.',
    );
  }
  const unknown = /name unknown: (.*)/.exec(output);
  if (unknown) {
    return new ActionError(
      `Push of ${image} refused: ${unknown[1]!.trim()}.`.replace(/\.\.$/, '.'),
      'Create the repository (infra/, or `create-repository: true`), or fix `repository`.',
    );
  }
  if (/unauthorized|no basic auth credentials|authentication required|denied/i.test(output)) {
    return new ActionError(
      `Push of ${image} was not authorized: ${lastLine(output)}.`,
      'The ECR login did not cover this registry: check `registry` and that the role allows ecr:InitiateLayerUpload, ecr:UploadLayerPart, ecr:CompleteLayerUpload and ecr:PutImage.',
    );
  }
  return new ActionError(
    `Push of ${image} failed: ${lastLine(output)}.`,
    'See the push log above.',
  );
}

/** Why `docker login` failed, and whether trying again can help. */
export function loginFailure(
  output: string,
  registry: string,
): { error: ActionError; transient: boolean } {
  const refused = /401|unauthorized|incorrect username or password|denied/i.test(output);
  if (refused) {
    return {
      transient: false,
      error: new ActionError(
        `docker login to ${registry} failed: the registry refused the ECR token (${lastLine(output)}).`,
        "Check that the AWS credentials belong to the account that owns this registry, that they allow ecr:GetAuthorizationToken, and that `registry` (if set) is that account's registry.",
      ),
    };
  }
  return {
    transient: true,
    error: new ActionError(
      `docker login to ${registry} failed: ${lastLine(output)}.`,
      'The registry was not reachable; check the network or the `registry` input.',
    ),
  };
}
