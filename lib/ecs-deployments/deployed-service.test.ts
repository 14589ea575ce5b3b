import { DescribeServicesCommand, ECSClient } from '@aws-sdk/client-ecs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { readDeployedService } from './deployed-service.js';

const ecs = mockClient(ECSClient);
const ref = { ecs: ecs as unknown as ECSClient, cluster: 'prod', service: 'web' };
beforeEach(() => ecs.reset());

describe('readDeployedService', () => {
  it('returns an ACTIVE service whatever its controller', async () => {
    ecs.on(DescribeServicesCommand).resolves({
      services: [{ serviceName: 'web', status: 'ACTIVE', deploymentController: { type: 'ECS' } }],
    });
    await expect(readDeployedService(ref)).resolves.toMatchObject({ serviceName: 'web' });
  });

  it.each<[string, () => void, string]>([
    [
      'missing service',
      () =>
        ecs
          .on(DescribeServicesCommand)
          .resolves({ services: [], failures: [{ reason: 'MISSING' }] }),
      'ECS service "web" was not found in cluster "prod" (MISSING). Check the `service` and `cluster` inputs.',
    ],
    [
      'missing cluster',
      () =>
        ecs
          .on(DescribeServicesCommand)
          .rejects(Object.assign(new Error('no'), { name: 'ClusterNotFoundException' })),
      'ECS cluster "prod" was not found. Check the `cluster` input and AWS_REGION.',
    ],
    [
      'draining service',
      () => ecs.on(DescribeServicesCommand).resolves({ services: [{ status: 'DRAINING' }] }),
      'ECS service "web" in cluster "prod" is DRAINING, not ACTIVE. A draining or deleted service cannot be deployed; recreate it or pick another `service`.',
    ],
  ])('%s: one line', async (_name, arrange, line) => {
    arrange();
    const error = await readDeployedService(ref).catch((e: unknown) => e);
    expect((error as { line: string }).line).toBe(line);
  });
});
