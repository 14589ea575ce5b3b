/**
 * Issue 19 class 8: a cancel that lands between two state-changing calls stops the run there.
 * RegisterTaskDefinition is held in flight (an emulator latency fault) so the SIGTERM arrives
 * after it was sent and before CreateDeployment would be: the deployment must never be created.
 */
import { describe, expect, it } from 'vitest';
import { controlClient } from '../../emulator/control/client.js';
import { eventually, perTestAccounts } from './bluegreen-deploy-support.js';

const { emulated, deployInputs } = perTestAccounts();

describe('bluegreen-deploy cancelled between calls', () => {
  it('a SIGTERM right after RegisterTaskDefinition creates no deployment', async () => {
    const account = await emulated(60);
    const before = await account.deploymentsOf('staging');
    await account.control('POST', 'faults', {
      service: 'ecs',
      operation: 'RegisterTaskDefinition',
      kind: 'latency',
      latencyMs: 2_000,
    });
    await account.control('DELETE', 'calls');
    const control = controlClient(account.emulator.url);
    const run = await account.run(deployInputs('staging'), {
      onStart: (child) => {
        // Signal once the emulator has RegisterTaskDefinition in hand (it answers 2 s later).
        void eventually(
          () => control<{ byOperation: Record<string, number> }>('GET', 'calls'),
          (log) => (log.byOperation['ecs.RegisterTaskDefinition'] ?? 0) > 0,
        ).then(() => child.kill('SIGTERM'));
      },
    });

    expect(run.stdout).toContain('Received SIGTERM');
    expect(run.code).not.toBe(0);
    const errors = run.stdout.split('\n').filter((line) => line.startsWith('::error'));
    expect(errors).toEqual([
      '::error::The run was cancelled before CreateDeployment, so it was not sent; nothing after the cancel changed in AWS. Re-run the job to deploy.',
    ]);
    const calls = await account.calls();
    expect(calls.byOperation['ecs.RegisterTaskDefinition']).toBe(1);
    expect(calls.byOperation['codedeploy.CreateDeployment'] ?? 0).toBe(0);
    expect(await account.deploymentsOf('staging')).toEqual(before);
  });
});
