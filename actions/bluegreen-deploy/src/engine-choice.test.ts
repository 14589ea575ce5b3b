import { DescribeServicesCommand, ECSClient } from '@aws-sdk/client-ecs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import type { CommandContext } from './context.js';
import { nativeServiceForCommand } from './engine-choice.js';

const ecs = mockClient(ECSClient);
const ctx = { clients: { ecs: ecs as unknown as ECSClient } } as Pick<CommandContext, 'clients'>;
const ARN =
  'arn:aws:ecs:us-east-1:123456789012:service-deployment/staging/web/OLM8zqSkPUsjz_-lRIUe';

function serviceWith(controller: string, strategy?: string) {
  ecs.on(DescribeServicesCommand).resolves({
    services: [
      {
        serviceName: 'web',
        status: 'ACTIVE',
        deploymentController: { type: controller as 'ECS' },
        deploymentConfiguration: strategy ? { strategy: strategy as 'CANARY' } : undefined,
      },
    ],
  });
}

describe('nativeServiceForCommand', () => {
  beforeEach(() => ecs.reset());

  it('an ECS-native service takes the native path, with its strategy', async () => {
    serviceWith('ECS', 'CANARY');
    const native = await nativeServiceForCommand(
      { cluster: 'staging', service: 'web', deploymentId: ARN },
      ctx,
    );
    expect(native?.choice).toEqual({ engine: 'native', strategy: 'CANARY' });
  });

  it('a CodeDeploy service takes the CodeDeploy path with its own deployment ids', async () => {
    serviceWith('CODE_DEPLOY');
    await expect(
      nativeServiceForCommand(
        { cluster: 'staging', service: 'web', deploymentId: 'd-ABCDEFGHI' },
        ctx,
      ),
    ).resolves.toBeUndefined();
  });

  it('a service deployment ARN for a CodeDeploy service is refused, naming the fix', async () => {
    serviceWith('CODE_DEPLOY');
    await expect(
      nativeServiceForCommand({ cluster: 'staging', service: 'web', deploymentId: ARN }, ctx),
    ).rejects.toMatchObject({
      message: expect.stringContaining('Input "deployment-id" is a service deployment ARN'),
      hint: expect.stringContaining('d-XXXXXXXXX'),
    });
  });
});
