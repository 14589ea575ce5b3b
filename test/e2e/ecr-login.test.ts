// What the official aws-actions/amazon-ecr-login does with `registries: <own>,<other>`, step by step
// against the emulator: one GetAuthorizationToken for both ids, then `docker login` to each
// proxyEndpoint. Each login must land in its own entry of docker's config, not twice in one.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ECRClient, GetAuthorizationTokenCommand } from '@aws-sdk/client-ecr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { start, type Emulator } from '../../emulator/index.js';
import { registryAddress, servicesAvailable } from '../support/services.js';

const up = await servicesAvailable('docker', 'registry');

function dockerLogin(config: string, user: string, password: string, endpoint: string) {
  return new Promise<void>((resolve, reject) => {
    const child = execFile(
      'docker',
      ['login', '-u', user, '--password-stdin', endpoint],
      { env: { ...process.env, DOCKER_CONFIG: config }, timeout: 60_000 },
      (error, _stdout, stderr) => (error ? reject(new Error(stderr || error.message)) : resolve()),
    );
    child.stdin!.end(password);
  });
}

describe.skipIf(!up)('amazon-ecr-login against the emulator, two registry ids', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await start({ port: 0, registry: registryAddress(), speed: 0 });
  });
  afterAll(() => emulator.stop());

  it('logs in to two registries: two hosts in docker config', async () => {
    const env = emulator.env();
    const ecr = new ECRClient({
      region: env.AWS_REGION,
      endpoint: env.AWS_ENDPOINT_URL_ECR, // a test's client; the bundles read AWS_ENDPOINT_URL_ECR
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    const { authorizationData } = await ecr.send(
      new GetAuthorizationTokenCommand({ registryIds: ['123456789012', '210987654321'] }),
    );
    const config = mkdtempSync(join(tmpdir(), 'ecr-login-'));
    for (const entry of authorizationData!) {
      const [user, password] = Buffer.from(entry.authorizationToken!, 'base64')
        .toString('utf8')
        .split(':', 2);
      await dockerLogin(config, user!, password!, entry.proxyEndpoint!);
    }
    const auths = JSON.parse(readFileSync(join(config, 'config.json'), 'utf8')).auths;
    const hosts = authorizationData!.map((d) => d.proxyEndpoint!.replace('http://', ''));
    expect(new Set(hosts).size).toBe(2);
    expect(Object.keys(auths).sort()).toEqual([...hosts].sort());
  });
});
