import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export type VerifySetting = 'auto' | 'true' | 'false';

export interface VerifyDecision {
  run: boolean;
  /** One line for the log and the job summary: why verification runs or not. */
  reason: string;
  /** A skip the user did not ask for is a notice: it must not pass unseen. */
  notice: boolean;
}

/** Reads a file's text, or undefined when there is none (the SDK treats it the same way). */
export type ReadText = (path: string) => string | undefined;

/**
 * Whether to check images in ECR. `auto` runs the checks only when the job has credentials the
 * SDK would find without a network call, so a workflow that renders before configuring
 * credentials still works. The instance metadata service is never asked: on a runner with only
 * an instance profile `auto` skips, and the reason says to write `verify: true`.
 */
export function decideVerification(
  setting: VerifySetting,
  env: Record<string, string | undefined>,
  readText: ReadText = readIfPresent,
): VerifyDecision {
  if (setting === 'false') {
    return { run: false, reason: 'Image verification is off (verify: false).', notice: false };
  }
  if (setting === 'true') {
    return { run: true, reason: 'Verifying images (verify: true).', notice: false };
  }
  const source = credentialSource(env, readText);
  if (source && !env.AWS_REGION) {
    return {
      run: false,
      notice: true,
      reason: `Image verification skipped: the job has AWS credentials (${source}) but AWS_REGION is not set, and verify is auto. Set AWS_REGION to verify images in that region's ECR.`,
    };
  }
  return source
    ? {
        run: true,
        reason: `Verifying images: AWS credentials from ${source} (verify: auto).`,
        notice: false,
      }
    : {
        run: false,
        notice: true,
        reason: `Image verification skipped: verify is auto and the job has no AWS credentials in its environment or in ${sharedFiles(env).join(' or ')} (an EC2 instance profile is not looked for). Set verify: true to verify anyway.`,
      };
}

/** Where the SDK's default chain would find credentials without a network call, if anywhere. */
export function credentialSource(
  env: Record<string, string | undefined>,
  readText: ReadText,
): string | undefined {
  if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) return 'AWS_ACCESS_KEY_ID';
  for (const name of [
    'AWS_WEB_IDENTITY_TOKEN_FILE',
    'AWS_PROFILE',
    'AWS_CONTAINER_CREDENTIALS_FULL_URI',
    'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  ]) {
    if (env[name]) return name;
  }
  const [credentials, config] = sharedFiles(env);
  // Without AWS_PROFILE the SDK reads the default profile; a config file that only sets a
  // region gives no credentials.
  if (defaultProfileHasCredentials(readText(credentials!), ['default'])) return credentials;
  if (defaultProfileHasCredentials(readText(config!), ['default', 'profile default']))
    return config;
  return undefined;
}

/** The shared credentials and config files, where the SDK looks for them. */
function sharedFiles(env: Record<string, string | undefined>): [string, string] {
  const home = env.HOME || env.USERPROFILE || homedir();
  const expand = (path: string) => (path.startsWith('~/') ? join(home, path.slice(2)) : path);
  return [
    expand(env.AWS_SHARED_CREDENTIALS_FILE || join(home, '.aws', 'credentials')),
    expand(env.AWS_CONFIG_FILE || join(home, '.aws', 'config')),
  ];
}

/** Keys that make a profile yield credentials (static keys, a process, a role, SSO). */
const CREDENTIAL_KEYS = new Set([
  'aws_access_key_id',
  'credential_process',
  'role_arn',
  'web_identity_token_file',
  'sso_session',
  'sso_start_url',
]);

function defaultProfileHasCredentials(text: string | undefined, sections: string[]): boolean {
  if (text === undefined) return false;
  let section: string | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    const header = /^\[\s*(.+?)\s*\]$/.exec(line);
    if (header) section = header[1]!.replace(/\s+/g, ' ');
    else if (section && sections.includes(section)) {
      const key = /^([A-Za-z_]+)\s*=/.exec(line)?.[1]?.toLowerCase();
      if (key && CREDENTIAL_KEYS.has(key)) return true;
    }
  }
  return false;
}

function readIfPresent(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
