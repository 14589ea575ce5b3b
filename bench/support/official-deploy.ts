import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The official deploy action the benches compare against, at the release the notes measured. */
export const OFFICIAL_DEPLOY = {
  repo: 'https://github.com/aws-actions/amazon-ecs-deploy-task-definition',
  tag: 'v2.6.3',
};

/**
 * Its bundle (`dist/index.js`): OFFICIAL_DEPLOY_DIR if set, else `.cache/` (git-ignored), cloned
 * there at the tag on first use. Never committed: it is theirs, and only the bench runs it.
 */
export function officialDeployBundle(): string {
  const dir =
    process.env.OFFICIAL_DEPLOY_DIR ??
    join('.cache', `amazon-ecs-deploy-task-definition-${OFFICIAL_DEPLOY.tag}`);
  const bundle = join(dir, 'dist', 'index.js');
  if (existsSync(bundle)) return bundle;
  try {
    execFileSync(
      'git',
      [
        'clone',
        '--quiet',
        '--depth',
        '1',
        '--branch',
        OFFICIAL_DEPLOY.tag,
        OFFICIAL_DEPLOY.repo,
        dir,
      ],
      {
        stdio: 'inherit',
      },
    );
  } catch {
    throw new Error(
      `The baseline bundle is missing at ${bundle} and could not be cloned. Clone ${OFFICIAL_DEPLOY.repo} at ${OFFICIAL_DEPLOY.tag} there, or set OFFICIAL_DEPLOY_DIR to a checkout of it.`,
    );
  }
  return bundle;
}
