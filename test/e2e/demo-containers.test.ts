import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runDemo } from '../support/run-demo.js';
import { servicesAvailable } from '../support/services.js';

const sh = promisify(execFile);

// The whole pipeline locally: build-push into the emulated ECR, then the same releases as
// `npm run demo` with every task a Docker container of that one image.
const up = await servicesAvailable('docker', 'registry', 'postgres');

describe.skipIf(!up)('npm run demo -- --containers', () => {
  it('builds the image once, releases it as containers with no failed production request, and leaves nothing behind', async () => {
    const { code, out } = await runDemo(['--containers']);
    expect(out, out.slice(-3000)).toContain('RESULT: OK');
    expect(code).toBe(0);
    expect(out).toMatch(/good release \(canary \+ gate\):\s+0 \(target 0\)/);
    expect(out).toMatch(/broken release, gate on:\s+0 \(target 0\)/);
    expect(out).toMatch(/failing migration, nothing deployed:\s+0 \(target 0\)/);

    // One digest: what build-push pushed is what render-taskdef verified and every container ran.
    const digest = /^image: \S+\/web@(sha256:[a-f0-9]{64}) \(built once by build-push\)$/m.exec(
      out,
    )?.[1];
    expect(digest, out.slice(-3000)).toBeDefined();
    const verified = out.match(/render-taskdef\s+│ web: \S+ verified: (sha256:[a-f0-9]{64})/g);
    // Four releases: v2, the broken v3 twice (gate on, gate off), v4 whose migration fails.
    expect(verified).toHaveLength(4);
    for (const line of verified!) expect(line).toContain(digest);
    expect(out).toMatch(
      new RegExp(
        `tasks ran as Docker containers: \\d+ started, all of 127\\.0\\.0\\.1:5000/web@${digest}; containers left behind: 0`,
      ),
    );
    expect(out).toMatch(/task\/step processes: \d+, left behind: 0/);
    // What the data plane labelled as its own is gone, as `docker ps` sees it.
    const instance = /labelled org-actions-emulator=([a-f0-9]+),/.exec(out)?.[1];
    expect(instance).toBeDefined();
    const { stdout } = await sh('docker', [
      'ps',
      '-aq',
      '--filter',
      `label=org-actions-emulator=${instance}`,
    ]);
    expect(stdout.trim()).toBe('');
  }, 240_000);

  it('without Docker or the registry, stops at once with one line saying what to start', async () => {
    const result = await sh(join('node_modules', '.bin', 'tsx'), ['demo/main.ts', '--containers'], {
      env: {
        ...process.env,
        DOCKER_HOST: 'unix:///nonexistent/docker.sock',
        TEST_REGISTRY: '127.0.0.1:9',
      },
    })
      .then(() => ({ code: 0, stdout: 'exited 0', stderr: '' }))
      .catch((error: { code: number; stdout: string; stderr: string }) => error);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(
      result.stderr
        .trim()
        .split('\n')
        .filter((l) => !l.startsWith('npm warn')),
    ).toEqual([
      'demo --containers needs Docker and the registry at 127.0.0.1:9, but Docker and the registry at 127.0.0.1:9 are not answering: start them with `sudo bash scripts/services.sh`',
    ]);
  });

  it('refuses unknown arguments with the usage line', async () => {
    const result = await sh(join('node_modules', '.bin', 'tsx'), ['demo/main.ts', '--contianers'])
      .then(() => ({ code: 0, stderr: '' }))
      .catch((error: { code: number; stderr: string }) => error);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'demo: unknown argument --contianers; usage: npm run demo [-- [--containers] [--engine codedeploy|ecs]]',
    );
  });
});
