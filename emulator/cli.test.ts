import { spawn } from 'node:child_process';
import { ListClustersCommand, ECSClient } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';

describe('npx org-actions-emulator', () => {
  it('serves the seeded account on the printed URL and stops cleanly on SIGTERM', async () => {
    const child = spawn(
      'npx',
      [
        '--no-install',
        'org-actions-emulator',
        '--port',
        '0',
        '--seed',
        'emulator/seeds/default.yaml',
      ],
      // Its own process group: SIGTERM goes to npx and the emulator alike, as Ctrl-C does.
      { stdio: ['ignore', 'pipe', 'pipe'], detached: true },
    );
    let out = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d) => {
        out += d;
        const match = /listening on (http:\/\/[\d.:]+)/.exec(out);
        if (match) resolve(match[1]!);
      });
      child.on('error', reject);
      child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
    });
    const ecs = new ECSClient({
      region: 'us-east-1',
      endpoint: url,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    const clusters = await ecs.send(new ListClustersCommand({}));
    expect(clusters.clusterArns).toContain('arn:aws:ecs:us-east-1:123456789012:cluster/staging');
    process.kill(-child.pid!, 'SIGTERM');
    // npx itself dies of the signal; the emulator behind it stops cleanly and says so.
    await new Promise((resolve) => child.on('close', resolve));
    expect(out).toContain('AWS emulator stopped');
  });
});
