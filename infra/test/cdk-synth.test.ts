import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const infra = fileURLToPath(new URL('..', import.meta.url));
const cli = join(infra, '..', 'node_modules', '.bin', 'cdk');
const outdir = mkdtempSync(join(tmpdir(), 'infra-cdk-synth-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/** The environment of a CI job with no AWS account: every AWS_* variable removed. */
function withoutAwsCredentials(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_')),
  );
  return {
    ...env,
    CDK_DISABLE_CLI_TELEMETRY: 'true',
    // A home without ~/.aws: no profile, no SSO cache, no credentials file.
    HOME: outdir,
    AWS_CONFIG_FILE: join(outdir, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(outdir, 'no-aws-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

describe('cdk synth (pinned CLI)', () => {
  it('synthesizes every stack offline with no AWS credentials', async () => {
    const { stderr } = await promisify(execFile)(
      cli,
      ['synth', '--no-notices', '-q', '-o', outdir],
      {
        cwd: infra,
        env: withoutAwsCredentials(),
        timeout: 120_000,
      },
    );
    expect(stderr).not.toMatch(/error|ValidationFailed/i);
    for (const stack of ['OrgActions-Registry', 'OrgActions-Staging', 'OrgActions-Production']) {
      const template = join(outdir, `${stack}.template.json`);
      expect(existsSync(template)).toBe(true);
      // versionReporting: false: no AWS::CDK::Metadata resource phoning home from the templates.
      expect(readFileSync(template, 'utf8')).not.toContain('AWS::CDK::Metadata');
    }
    const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')) as {
      missing?: unknown[];
    };
    // Nothing left to look up: the committed cdk.context.json answered every context query.
    expect(manifest.missing ?? []).toEqual([]);
  }, 120_000);

  it('pins the CLI to 2.1148.x', () => {
    const pkg = JSON.parse(readFileSync(join(infra, 'package.json'), 'utf8')) as {
      devDependencies: Record<string, string>;
    };
    expect(pkg.devDependencies['aws-cdk']).toMatch(/^~2\.1148\./);
    const installed = JSON.parse(
      readFileSync(join(infra, '..', 'node_modules', 'aws-cdk', 'package.json'), 'utf8'),
    ) as { version: string };
    expect(installed.version).toMatch(/^2\.1148\./);
  });
});
