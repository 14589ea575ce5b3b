import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  DescribeRepositoriesCommand,
  ECRClient,
  RepositoryNotFoundException,
} from '@aws-sdk/client-ecr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { start, type Emulator } from '../../emulator/index.js';
import { runAction } from '../support/run-action.js';
import { registryAddress, servicesAvailable } from '../support/services.js';

const sh = promisify(execFile);
const up = await servicesAvailable('docker', 'registry');
const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
const SHA = `${run}${'0'.repeat(40)}`.replace(/[^0-9a-f]/g, 'a').slice(0, 40);
const APP = 'test/fixtures/images/app';

/** The first ::error:: line of a run: the one-line message a user sees. */
function errorLine(stdout: string): string {
  return stdout.split('\n').find((l) => l.startsWith('::error::')) ?? '';
}

describe.skipIf(!up)('build-push bundle against the ECR emulator and the real registry', () => {
  let ecr: Emulator;
  let other: Emulator;
  let env: Record<string, string>;
  const repo = `bp-${run}/app`;
  const immutable = `bp-${run}/immutable`;

  beforeAll(async () => {
    await sh('bash', ['test/fixtures/images/base-image.sh']);
    ecr = await start({
      port: 0,
      registry: registryAddress(),
      seed: {
        repositories: [
          { name: repo, scanOnPush: true },
          { name: immutable, imageTagMutability: 'IMMUTABLE' },
          { name: `bp-${run}/scanned`, scanOnPush: true },
          { name: `bp-${run}/rerun`, imageTagMutability: 'IMMUTABLE', scanOnPush: true },
        ],
      },
    });
    // Another account's registry: its front refuses this emulator's tokens.
    other = await start({
      port: 0,
      registry: registryAddress(),
      seed: { account: '210987654321' },
    });
    env = {
      ...ecr.env(),
      DOCKER_CONFIG: mkdtempSync(join(tmpdir(), 'bp-docker-')),
      GITHUB_SHA: SHA,
      GITHUB_REF: 'refs/heads/main',
      GITHUB_REPOSITORY: 'org/actions',
      GITHUB_SERVER_URL: 'https://github.com',
    };
  }, 120_000);
  afterAll(async () => {
    await ecr?.stop();
    await other?.stop();
  });

  /** The real SDK client pointed at the emulator: to read back what the action left in ECR. */
  function ecrSdk(): ECRClient {
    return new ECRClient({
      region: 'us-east-1',
      endpoint: ecr.url,
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    });
  }

  it('builds, pushes, verifies digest and platform in ECR, and the image serves its health endpoint', async () => {
    const result = await runAction('build-push', {
      env,
      inputs: { repository: repo, context: APP, scan: 'HIGH', 'build-args': 'UNUSED=1' },
    });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const host = ecr.url.replace('http://', '');
    expect(result.outputs.registry).toBe(host);
    expect(result.outputs.digest).toMatch(/^sha256:[a-f0-9]{64}$/);
    expect(result.outputs.image).toBe(`${host}/${repo}@${result.outputs.digest}`);
    expect(result.outputs['image-tagged']).toBe(`${host}/${repo}:sha-${SHA.slice(0, 7)}`);
    expect(result.outputs.tags!.split('\n')).toEqual([
      `${host}/${repo}:main`,
      `${host}/${repo}:sha-${SHA.slice(0, 7)}`,
    ]);
    expect(result.outputs.platforms).toBe('linux/amd64');
    expect(result.stdout).toMatch(
      /::warning::docker buildx is not available: using the classic builder, which loses multi-platform builds, cache export/,
    );
    expect(result.stdout).toContain(`ECR has ${result.outputs.digest} for linux/amd64.`);
    expect(result.summary).toContain(result.outputs.digest);
    expect(result.summary).toMatch(/\| Scan \| complete: no findings \|/);
    expect(result.summary).toMatch(/\| Size \| \d/);
    // The ECR password never reaches the log in clear.
    expect(result.stdout).toMatch(/::add-mask::/);
    expect(result.state.registry).toBe(host);

    // What ECR serves is what the registry stored: digest read back by the registry API, for the
    // pushed tag and for the one ECR added (PutImage) to the same manifest.
    expect(result.stdout).toContain(
      `Tagged ${host}/${repo}:sha-${SHA.slice(0, 7)} (ECR PutImage, ${result.outputs.digest})`,
    );
    for (const tag of ['main', `sha-${SHA.slice(0, 7)}`]) {
      const head = await fetch(`http://${registryAddress()}/v2/${repo}/manifests/${tag}`, {
        method: 'HEAD',
        headers: { Accept: 'application/vnd.docker.distribution.manifest.v2+json' },
      });
      expect(head.headers.get('docker-content-digest'), tag).toBe(result.outputs.digest);
    }

    const labels = JSON.parse(
      (
        await sh('docker', [
          'image',
          'inspect',
          '--format',
          '{{json .Config.Labels}}',
          result.outputs.image!,
        ])
      ).stdout,
    );
    expect(labels['org.opencontainers.image.revision']).toBe(SHA);
    expect(labels['org.opencontainers.image.source']).toBe('https://github.com/org/actions');

    const name = `bp-health-${run}`;
    await sh('docker', [
      'run',
      '-d',
      '--rm',
      '--name',
      name,
      '-p',
      '127.0.0.1::8080',
      result.outputs.image!,
    ]);
    try {
      const port = (await sh('docker', ['port', name, '8080'])).stdout.trim().split('\n')[0]!;
      let body = '';
      for (let i = 0; i < 50 && !body; i++) {
        body = await fetch(`http://${port}/health`)
          .then((r) => r.text())
          .catch(() => '');
        if (!body) await new Promise((r) => setTimeout(r, 100));
      }
      expect(JSON.parse(body)).toEqual({ status: 'ok', version: '1.0.0' });
    } finally {
      await sh('docker', ['rm', '-f', name]).catch(() => undefined);
    }

    const post = await runAction('build-push', {
      env,
      postState: { ...result.state, isPost: 'true' },
    });
    expect(post.code).toBe(0);
    expect(post.stdout).toContain(`Logged out of ${host}.`);
  });

  it('refuses to move a tag in an immutable repository, before building', async () => {
    const first = await runAction('build-push', {
      env,
      inputs: { repository: immutable, context: APP, tags: 'v1' },
    });
    expect(first.code, first.stdout).toBe(0);
    const second = await runAction('build-push', {
      env: { ...env, GITHUB_SHA: 'b'.repeat(40) },
      inputs: { repository: immutable, context: APP, tags: 'v1' },
    });
    expect(second.code).not.toBe(0);
    expect(errorLine(second.stdout)).toBe(
      `::error::Tag "v1" already exists in the immutable repository "${immutable}" (image ${first.outputs.digest}) and cannot be overwritten. Leave \`tags\` empty (sha-<7> is unique per commit), push a new version tag, or make the repository MUTABLE.`,
    );
    expect(second.stdout).not.toContain('Step 1/');
  });

  it('re-running the same commit against an immutable repository reuses the image it pushed', async () => {
    const rerun = `bp-${run}/rerun`;
    const inputs = { repository: rerun, context: APP, tags: 'v2', scan: 'HIGH' };
    const first = await runAction('build-push', { env, inputs });
    expect(first.code, first.stdout).toBe(0);

    const again = await runAction('build-push', { env, inputs });
    expect(again.code, again.stdout).toBe(0);
    expect(again.outputs).toEqual(first.outputs);
    expect(again.stdout).toContain(
      `::notice::Reused the existing image ${first.outputs.image}: "v2", "sha-${SHA.slice(0, 7)}" are immutable and every requested tag already names this image (a re-run of this commit), so nothing was built or pushed.`,
    );
    expect(again.stdout).toContain(`ECR has ${first.outputs.digest} for linux/amd64.`);
    expect(again.stdout).not.toContain('Step 1/');
    expect(again.stdout).not.toContain('docker buildx is not available');
    expect(again.summary).toMatch(/\| Reused \| yes: "v2", "sha-[0-9a-f]{7}" are immutable/);
    expect(again.summary).toContain(`\`${first.outputs.image}\``);
    expect(again.summary).toMatch(/\| Scan \| complete: no findings \|/);

    // Reused, but still checked: an image that cannot run where it is asked to is refused.
    const arm = await runAction('build-push', {
      env,
      inputs: { ...inputs, platforms: 'linux/arm64' },
    });
    expect(arm.code).not.toBe(0);
    expect(errorLine(arm.stdout)).toBe(
      `::error::The existing image ${first.outputs.digest} (tag "sha-${SHA.slice(0, 7)}") runs on linux/amd64, not on linux/arm64 as asked (input platforms); its tags are immutable, so it cannot be rebuilt under them. Build from a new commit or under new \`tags\`, or set \`platforms\` to the task definition's runtimePlatform.`,
    );
  });

  it('fails on a missing repository with the fix, and creates it only when asked', async () => {
    const missing = `bp-${run}/missing`;
    const refused = await runAction('build-push', {
      env,
      inputs: { repository: missing, context: APP },
    });
    expect(refused.code).not.toBe(0);
    expect(errorLine(refused.stdout)).toBe(
      `::error::ECR repository "${missing}" does not exist in this account and region (us-east-1). Create it (infra/), set \`create-repository: true\`, or fix \`repository\`.`,
    );
    const created = await runAction('build-push', {
      env,
      inputs: { repository: missing, context: APP, 'create-repository': 'true' },
    });
    expect(created.code, created.stdout).toBe(0);
    expect(created.stdout).toContain('immutable tags except buildcache');
    const described = await ecrSdk().send(
      new DescribeRepositoriesCommand({ repositoryNames: [missing] }),
    );
    const repository = described.repositories?.[0];
    expect(repository?.imageScanningConfiguration?.scanOnPush).toBe(true);
    // Immutable except the build cache tag, which has to move on every build to be useful.
    expect(repository?.imageTagMutability).toBe('IMMUTABLE_WITH_EXCLUSION');
    expect(repository?.imageTagMutabilityExclusionFilters).toEqual([
      { filterType: 'WILDCARD', filter: 'buildcache' },
    ]);
    // Immutable repository: the moving branch tag is left out of the defaults.
    expect(created.outputs.tags).toBe(
      `${ecr.url.replace('http://', '')}/${missing}:sha-${SHA.slice(0, 7)}`,
    );
  });

  it('names the failing Dockerfile step', async () => {
    const result = await runAction('build-push', {
      env,
      inputs: { repository: repo, context: APP, file: `${APP}/Dockerfile.broken`, tags: 'broken' },
    });
    expect(result.code).not.toBe(0);
    // The classic builder counts the label steps too, hence step 3 of N.
    expect(errorLine(result.stdout)).toMatch(
      /^::error::Docker build failed at test\/fixtures\/images\/app\/Dockerfile\.broken step 3\/\d+ `COPY no-such-file\.txt \/srv\/`: COPY failed: file not found in build context or excluded by \.dockerignore: stat no-such-file\.txt: file does not exist\. Fix that step \(or the build context it reads\) and run again\.$/,
    );
  });

  it('fails a login the registry refuses, with the fix', async () => {
    const otherHost = other.url.replace('http://', '');
    const result = await runAction('build-push', {
      env,
      inputs: { repository: repo, context: APP, registry: otherHost },
    });
    expect(result.code).not.toBe(0);
    expect(errorLine(result.stdout)).toMatch(
      new RegExp(
        `^::error::docker login to ${otherHost.replace(/\./g, '\\.')} failed: the registry refused the ECR token \\(.*401 Unauthorized\\)\\. Check that the AWS credentials belong to the account that owns this registry`,
      ),
    );
  });

  it('fails at the scan threshold with the findings counted', async () => {
    const scanned = `bp-${run}/scanned`;
    ecr.ecr.control.setScanFindings(scanned, [
      { name: 'CVE-2026-1111', severity: 'HIGH' },
      { name: 'CVE-2026-2222', severity: 'LOW' },
    ]);
    const lenient = await runAction('build-push', {
      env,
      inputs: { repository: scanned, context: APP, scan: 'CRITICAL' },
    });
    expect(lenient.code, lenient.stdout).toBe(0);
    expect(lenient.summary).toMatch(/complete: HIGH 1, LOW 1/);
    const strict = await runAction('build-push', {
      env: { ...env, GITHUB_SHA: 'c'.repeat(40) },
      inputs: { repository: scanned, context: APP, scan: 'HIGH', 'build-args': 'BUST=1' },
    });
    expect(strict.code).not.toBe(0);
    expect(errorLine(strict.stdout)).toMatch(
      /^::error::ECR scan of sha256:[a-f0-9]{64} found 1 HIGH \(threshold HIGH\)\. Update the affected packages or base image, or raise `scan`\.$/,
    );
  });

  it('checks platforms against the builder before changing anything', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bp-task-'));
    const task = join(dir, 'task.json');
    writeFileSync(
      task,
      JSON.stringify({
        family: 'api',
        runtimePlatform: { cpuArchitecture: 'ARM64', operatingSystemFamily: 'LINUX' },
      }),
    );
    const repository = `bp-${run}/never-created`;
    const result = await runAction('build-push', {
      env,
      inputs: { repository, context: APP, 'task-definition': task, 'create-repository': 'true' },
    });
    expect(result.code).not.toBe(0);
    expect(errorLine(result.stdout)).toMatch(
      /^::error::Input "platforms" asks for linux\/arm64 \(runtimePlatform of .*task\.json\), but without docker buildx only linux\/amd64 can be built here/,
    );
    await expect(
      ecrSdk().send(new DescribeRepositoriesCommand({ repositoryNames: [repository] })),
    ).rejects.toBeInstanceOf(RepositoryNotFoundException);
  });
});
