import { ECSClient, ListClustersCommand, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import { isActionError } from '../errors/action-error.js';
import { allowedAfterCancel, guardStateChanges } from './abort-guard.js';

describe('allowedAfterCancel', () => {
  it.each([
    ['DescribeServices', true],
    ['ListDeployments', true],
    ['GetDeployment', true],
    ['BatchGetDeploymentTargets', true],
    ['StopDeployment', true],
    ['RegisterTaskDefinition', false],
    ['CreateDeployment', false],
    ['ContinueDeployment', false],
    ['PutImage', false],
    ['StopServiceDeployment', true],
    ['UpdateService', false],
    ['StopTask', true],
    ['RunTask', false],
  ])('%s: %s', (operation, allowed) => expect(allowedAfterCancel(operation)).toBe(allowed));

  it('lets ContinueServiceDeployment through only to roll back', () => {
    expect(allowedAfterCancel('ContinueServiceDeployment', { action: 'ROLLBACK' })).toBe(true);
    expect(allowedAfterCancel('ContinueServiceDeployment', { action: 'CONTINUE' })).toBe(false);
    expect(allowedAfterCancel('ContinueServiceDeployment')).toBe(false);
  });
});

describe('guardStateChanges', () => {
  const client = (signal: AbortSignal) =>
    guardStateChanges(
      new ECSClient({
        region: 'us-east-1',
        endpoint: 'http://127.0.0.1:9',
        credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
        maxAttempts: 1,
      }),
      signal,
    );

  it('refuses a state-changing call once the run is cancelled, before anything is sent', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await client(controller.signal)
      .send(new RegisterTaskDefinitionCommand({ family: 'web', containerDefinitions: [] }))
      .catch((e: unknown) => e);
    expect(isActionError(error)).toBe(true);
    expect((error as Error).message).toBe(
      'The run was cancelled before RegisterTaskDefinition, so it was not sent;',
    );
  });

  it('lets the call through while the run goes on (it reaches the network)', async () => {
    const error = await client(new AbortController().signal)
      .send(new RegisterTaskDefinitionCommand({ family: 'web', containerDefinitions: [] }))
      .catch((e: unknown) => e);
    expect(isActionError(error)).toBe(false);
  });

  it('still reads after the cancel (it reaches the network)', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await client(controller.signal)
      .send(new ListClustersCommand({}))
      .catch((e: unknown) => e);
    expect(isActionError(error)).toBe(false);
  });
});
