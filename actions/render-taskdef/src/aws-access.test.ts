import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { credentialSource, decideVerification, type ReadText } from './aws-access.js';

const HOME = '/home/runner';
const files =
  (contents: Record<string, string>): ReadText =>
  (path) =>
    contents[path];
const none = files({});
const base = { HOME, AWS_REGION: 'us-east-1' };

describe('credentialSource', () => {
  it.each<[string, Record<string, string>, Record<string, string>, string | undefined]>([
    ['nothing at all', {}, {}, undefined],
    [
      'static keys',
      { AWS_ACCESS_KEY_ID: 'AKIA', AWS_SECRET_ACCESS_KEY: 's' },
      {},
      'AWS_ACCESS_KEY_ID',
    ],
    ['a key id without its secret', { AWS_ACCESS_KEY_ID: 'AKIA' }, {}, undefined],
    ['OIDC web identity', { AWS_WEB_IDENTITY_TOKEN_FILE: '/t' }, {}, 'AWS_WEB_IDENTITY_TOKEN_FILE'],
    ['a named profile', { AWS_PROFILE: 'ci' }, {}, 'AWS_PROFILE'],
    [
      'ECS task role',
      { AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/v2/x' },
      {},
      'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
    ],
    [
      '~/.aws/credentials with default keys',
      {},
      {
        [`${HOME}/.aws/credentials`]:
          '[default]\naws_access_key_id = AKIA\naws_secret_access_key = s\n',
      },
      `${HOME}/.aws/credentials`,
    ],
    [
      '~/.aws/credentials with only another profile',
      {},
      { [`${HOME}/.aws/credentials`]: '[prod]\naws_access_key_id = AKIA\n' },
      undefined,
    ],
    [
      '~/.aws/config with a default role',
      {},
      {
        [`${HOME}/.aws/config`]:
          '[default]\nregion = us-east-1\nrole_arn = arn:aws:iam::1:role/r\ncredential_source = Ec2InstanceMetadata\n',
      },
      `${HOME}/.aws/config`,
    ],
    [
      '~/.aws/config with [profile default] and SSO',
      {},
      { [`${HOME}/.aws/config`]: '[profile  default]\nsso_session = corp\n' },
      `${HOME}/.aws/config`,
    ],
    [
      '~/.aws/config with a region only (an instance profile is not looked for)',
      {},
      { [`${HOME}/.aws/config`]: '[default]\nregion = us-east-1\n' },
      undefined,
    ],
    [
      'AWS_SHARED_CREDENTIALS_FILE instead of ~/.aws/credentials',
      { AWS_SHARED_CREDENTIALS_FILE: '/etc/aws/creds' },
      {
        '/etc/aws/creds': '[default]\r\ncredential_process = /bin/creds\r\n',
        [`${HOME}/.aws/credentials`]: '',
      },
      '/etc/aws/creds',
    ],
    [
      'AWS_CONFIG_FILE under ~',
      { AWS_CONFIG_FILE: '~/cfg/aws' },
      { [`${HOME}/cfg/aws`]: '[default]\nweb_identity_token_file = /t\nrole_arn = r\n' },
      `${HOME}/cfg/aws`,
    ],
  ])('%s', (_case, env, contents, expected) => {
    expect(credentialSource({ HOME, ...env }, files(contents))).toBe(expected);
  });
});

describe('decideVerification', () => {
  it.each<
    [string, 'auto' | 'true' | 'false', Record<string, string>, ReadText, boolean, boolean, string]
  >([
    [
      'false never runs',
      'false',
      { AWS_PROFILE: 'ci' },
      none,
      false,
      false,
      'Image verification is off (verify: false).',
    ],
    ['true always runs', 'true', {}, none, true, false, 'Verifying images (verify: true).'],
    [
      'auto runs with credentials and says from where',
      'auto',
      { AWS_WEB_IDENTITY_TOKEN_FILE: '/t' },
      none,
      true,
      false,
      'Verifying images: AWS credentials from AWS_WEB_IDENTITY_TOKEN_FILE (verify: auto).',
    ],
    [
      'auto skips without credentials, says so as a notice and how to force it',
      'auto',
      {},
      none,
      false,
      true,
      `Image verification skipped: verify is auto and the job has no AWS credentials in its environment or in ${HOME}/.aws/credentials or ${HOME}/.aws/config (an EC2 instance profile is not looked for). Set verify: true to verify anyway.`,
    ],
  ])('%s', (_case, setting, env, readText, run, notice, reason) => {
    expect(decideVerification(setting, { ...base, ...env }, readText)).toEqual({
      run,
      notice,
      reason,
    });
  });

  it('auto skips with a notice when credentials exist but AWS_REGION does not', () => {
    expect(decideVerification('auto', { HOME, AWS_PROFILE: 'ci' }, none)).toEqual({
      run: false,
      notice: true,
      reason:
        "Image verification skipped: the job has AWS credentials (AWS_PROFILE) but AWS_REGION is not set, and verify is auto. Set AWS_REGION to verify images in that region's ECR.",
    });
  });

  it('reads the real shared credentials file under HOME', () => {
    const home = mkdtempSync(join(tmpdir(), 'aws-home-'));
    const env = { HOME: home, AWS_REGION: 'us-east-1' };
    expect(decideVerification('auto', env).run).toBe(false);
    mkdirSync(join(home, '.aws'));
    writeFileSync(join(home, '.aws', 'credentials'), '[default]\naws_access_key_id = AKIA\n');
    expect(decideVerification('auto', env)).toMatchObject({
      run: true,
      reason: `Verifying images: AWS credentials from ${join(home, '.aws', 'credentials')} (verify: auto).`,
    });
  });
});
