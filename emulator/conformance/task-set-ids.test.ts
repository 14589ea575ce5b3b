import {
  CreateServiceCommand,
  DescribeServicesCommand,
  RegisterTaskDefinitionCommand,
} from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ speed: 0 });
});
afterAll(async () => {
  await h.emulator.stop();
});

describe('task sets of services created at the same instant in one cluster', () => {
  it('get distinct ids, and each service keeps its own tasks', async () => {
    const web = await h.ecs.send(
      new DescribeServicesCommand({ cluster: 'staging', services: ['web'] }),
    );
    const loadBalancers = web.services![0]!.loadBalancers;
    const td = await h.ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'twin',
        networkMode: 'awsvpc',
        requiresCompatibilities: ['FARGATE'],
        cpu: '256',
        memory: '512',
        containerDefinitions: [
          { name: 'web', image: 'web:1', portMappings: [{ containerPort: 8080 }] },
        ],
      }),
    );
    for (const serviceName of ['twin-a', 'twin-b']) {
      await h.ecs.send(
        new CreateServiceCommand({
          cluster: 'staging',
          serviceName,
          taskDefinition: td.taskDefinition!.taskDefinitionArn,
          desiredCount: 2,
          launchType: 'FARGATE',
          deploymentController: { type: 'CODE_DEPLOY' },
          loadBalancers,
          networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-1'] } },
        }),
      );
    }
    await h.advance(60_000);
    const out = await h.ecs.send(
      new DescribeServicesCommand({ cluster: 'staging', services: ['twin-a', 'twin-b'] }),
    );
    const [a, b] = out.services!;
    expect(a!.taskSets![0]!.id).not.toBe(b!.taskSets![0]!.id);
    expect([a!.runningCount, b!.runningCount]).toEqual([2, 2]);
  });
});
