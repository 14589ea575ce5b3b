import {
  CreateServiceCommand,
  DeleteTaskDefinitionsCommand,
  DeregisterTaskDefinitionCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
  waitUntilServicesStable,
  ClientException,
  InvalidParameterException,
  ClusterNotFoundException,
} from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caught, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.emulator.stop();
});

const container = {
  name: 'api',
  image: 'api:1',
  memory: 128,
  portMappings: [{ containerPort: 80 }],
};

describe('ECS task definitions', () => {
  it('numbers revisions without reuse and fills defaults', async () => {
    const first = await h.ecs.send(
      new RegisterTaskDefinitionCommand({ family: 'api', containerDefinitions: [container] }),
    );
    expect(first.taskDefinition).toMatchObject({
      taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/api:1',
      revision: 1,
      status: 'ACTIVE',
      compatibilities: ['EC2'],
      volumes: [],
    });
    expect(first.taskDefinition?.registeredAt).toBeInstanceOf(Date);
    expect(first.taskDefinition?.containerDefinitions?.[0]).toMatchObject({
      essential: true,
      environment: [],
    });
    await h.ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: 'api:1' }));
    const second = await h.ecs.send(
      new RegisterTaskDefinitionCommand({ family: 'api', containerDefinitions: [container] }),
    );
    expect(second.taskDefinition?.revision).toBe(2);
  });

  it('keeps INACTIVE revisions describable, resolves the family to the latest ACTIVE one', async () => {
    const old = await h.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'api:1' }));
    expect(old.taskDefinition?.status).toBe('INACTIVE');
    expect(old.taskDefinition?.deregisteredAt).toBeInstanceOf(Date);
    const latest = await h.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'api' }));
    expect(latest.taskDefinition?.revision).toBe(2);
    await h.ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: 'api:2' }));
    const error = await caught(
      h.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'api' })),
    );
    expect(error).toBeInstanceOf(ClientException);
    expect(error.message).toBe('Unable to describe task definition.');
  });

  it('rejects new use of an INACTIVE revision and deletes only INACTIVE ones', async () => {
    const error = await caught(
      h.ecs.send(
        new CreateServiceCommand({
          cluster: 'staging',
          serviceName: 'api',
          taskDefinition: 'api:1',
          desiredCount: 1,
        }),
      ),
    );
    expect(error).toBeInstanceOf(ClientException);
    expect(error.message).toBe('TaskDefinition is inactive');
    const active = await h.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'web:1' }));
    const deleted = await h.ecs.send(
      new DeleteTaskDefinitionsCommand({ taskDefinitions: ['api:1', 'web:1'] }),
    );
    expect(deleted.taskDefinitions?.map((t) => t.status)).toEqual(['DELETE_IN_PROGRESS']);
    expect(deleted.failures?.[0]?.arn).toBe(active.taskDefinition?.taskDefinitionArn);
  });

  it('reports missing fields with the ECS messages', async () => {
    const error = await caught(
      h.ecs.send(new RegisterTaskDefinitionCommand({ family: 'x', containerDefinitions: [] })),
    );
    expect(error.message).toBe('Container list cannot be empty.');
  });
});

describe('ECS services with the CODE_DEPLOY controller', () => {
  it('shows task sets, no deployments, and MISSING failures', async () => {
    const out = await h.ecs.send(
      new DescribeServicesCommand({ cluster: 'staging', services: ['web', 'ghost'] }),
    );
    const web = out.services![0]!;
    expect(web.deploymentController?.type).toBe('CODE_DEPLOY');
    expect(web.deployments ?? []).toEqual([]);
    expect(web.taskSets).toHaveLength(1);
    expect(web.taskSets![0]).toMatchObject({
      status: 'PRIMARY',
      scale: { value: 100, unit: 'PERCENT' },
      stabilityStatus: 'STEADY_STATE',
    });
    expect(web.taskSets![0]!.id).toMatch(/^ecs-svc\/\d{19}$/);
    expect(web.runningCount).toBe(2);
    expect(web.events?.[0]?.message).toBe('(service web) has reached a steady state.');
    expect(out.failures).toEqual([
      { arn: 'arn:aws:ecs:us-east-1:123456789012:service/staging/ghost', reason: 'MISSING' },
    ]);
    const error = await caught(
      h.ecs.send(new DescribeServicesCommand({ cluster: 'nope', services: ['web'] })),
    );
    expect(error).toBeInstanceOf(ClusterNotFoundException);
  });

  it.each([
    [{ taskDefinition: 'web:1', forceNewDeployment: true }, 'Unable to update task definition'],
    [
      { networkConfiguration: { awsvpcConfiguration: { subnets: ['s'] } } },
      'Unable to update network parameters',
    ],
    [{ loadBalancers: [] }, 'Unable to update load balancers'],
    [{ forceNewDeployment: true }, 'Cannot force a new deployment'],
  ])('UpdateService %j is refused', async (change, start) => {
    const error = await caught(
      h.ecs.send(new UpdateServiceCommand({ cluster: 'staging', service: 'web', ...change })),
    );
    expect(error).toBeInstanceOf(InvalidParameterException);
    expect(error.message).toMatch(
      new RegExp(
        `^${start} on services with a CODE_DEPLOY deployment controller. Use AWS CodeDeploy to trigger a new deployment.$`,
      ),
    );
  });

  it('UpdateService may change desiredCount', async () => {
    const out = await h.ecs.send(
      new UpdateServiceCommand({ cluster: 'staging', service: 'web', desiredCount: 3 }),
    );
    expect(out.service?.desiredCount).toBe(3);
    await h.ecs.send(
      new UpdateServiceCommand({ cluster: 'staging', service: 'web', desiredCount: 2 }),
    );
  });

  it('waitUntilServicesStable never succeeds for a CODE_DEPLOY service', async () => {
    const error = await caught(
      waitUntilServicesStable(
        { client: h.ecs, maxWaitTime: 3, minDelay: 1, maxDelay: 1 },
        { cluster: 'staging', services: ['web'] },
      ),
    );
    expect(error.name).toBe('TimeoutError');
  });
});

describe('fault injection through the control API', () => {
  it('throttling is retried by the SDK and counted in the call log', async () => {
    await h.control('DELETE', 'calls');
    await h.control('POST', 'faults', {
      service: 'ecs',
      operation: 'DescribeServices',
      kind: 'throttle',
      count: 2,
    });
    const out = await h.ecs.send(
      new DescribeServicesCommand({ cluster: 'staging', services: ['web'] }),
    );
    expect(out.services).toHaveLength(1);
    expect(out.$metadata.attempts).toBe(3);
    const calls = await h.control('GET', 'calls');
    expect(calls.byOperation['ecs.DescribeServices']).toBe(3);
  });

  it('a 5xx is retried; a throttle beyond the attempts surfaces as ThrottlingException', async () => {
    await h.control('POST', 'faults', { service: 'ecs', kind: 'error5xx', count: 1 });
    const ok = await h.ecs.send(
      new DescribeServicesCommand({ cluster: 'staging', services: ['web'] }),
    );
    expect(ok.$metadata.attempts).toBe(2);
    await h.control('POST', 'faults', {
      service: 'ecs',
      operation: 'ListClusters',
      kind: 'throttle',
    });
    const { ListClustersCommand } = await import('@aws-sdk/client-ecs');
    const error = await caught(h.ecs.send(new ListClustersCommand({})));
    expect(error.name).toBe('ThrottlingException');
    expect(error.message).toBe('Rate exceeded');
    await h.control('DELETE', 'faults');
  });

  it('a connection reset is retried', async () => {
    await h.control('POST', 'faults', {
      service: 'ecs',
      operation: 'DescribeServices',
      kind: 'reset',
      count: 1,
    });
    const out = await h.ecs.send(
      new DescribeServicesCommand({ cluster: 'staging', services: ['web'] }),
    );
    expect(out.$metadata.attempts).toBe(2);
  });
});
