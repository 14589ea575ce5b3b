import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  type Service,
} from '@aws-sdk/client-ecs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, describe, expect, it } from 'vitest';
import { taskDefinitionProblems } from '../../../lib/ecs/task-definition.js';
import { liveOfService, loadStartingPoint } from './starting-point.js';

const dir = mkdtempSync(join(tmpdir(), 'starting-point-'));
const file = join(dir, 'taskdef.yaml');
writeFileSync(
  file,
  [
    'family: web',
    'containerDefinitions:',
    '  - name: web',
    '    image: ${IMAGE}',
    '    memory: "${MEM}"',
    '    portMappings: [{containerPort: "${PORT}"}]',
  ].join('\n'),
);
const noEcs = () => {
  throw new Error('a file source must not call ECS');
};

describe('loadStartingPoint from a file', () => {
  it('fills placeholders before integer fields are read, so validation accepts them', async () => {
    const start = await loadStartingPoint(
      { kind: 'file', path: file },
      { IMAGE: 'repo/web:1', MEM: '256', PORT: '8080' },
      noEcs,
    );
    expect(start.problems).toEqual([]);
    const web = start.taskDefinition.containerDefinitions![0]!;
    expect(web.memory).toBe(256);
    expect(web.portMappings).toEqual([{ containerPort: 8080 }]);
    expect(taskDefinitionProblems(start.taskDefinition)).toEqual([]);
  });

  it('lists every unfilled name in one problem', async () => {
    const start = await loadStartingPoint({ kind: 'file', path: file }, { MEM: '256' }, noEcs);
    expect(start.problems).toEqual([
      `${file} uses placeholders with no value: \${IMAGE}, \${PORT}; set them under \`env:\` (write $\${NAME} for a literal \${NAME})`,
    ]);
  });
});

describe('liveOfService', () => {
  const TD = 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:3';
  const ecs = mockClient(ECSClient);
  afterAll(() => ecs.restore());
  const ecsAnswering = (service: Partial<Service>) => {
    ecs.reset();
    ecs.on(DescribeServicesCommand).resolves({
      services: [{ serviceName: 'web', status: 'ACTIVE', taskDefinition: TD, ...service }],
    });
    ecs.on(DescribeTaskDefinitionCommand).resolves({
      taskDefinition: { family: 'web', taskDefinitionArn: TD, containerDefinitions: [] },
    });
    return new ECSClient({ region: 'us-east-1' });
  };

  it.each([
    [{ deploymentController: { type: 'CODE_DEPLOY' } }, { engine: 'codedeploy' }],
    [
      { deploymentController: { type: 'ECS' }, deploymentConfiguration: { strategy: 'CANARY' } },
      { engine: 'native', strategy: 'CANARY' },
    ],
    [{}, { engine: 'rolling' }],
    [{ deploymentController: { type: 'EXTERNAL' } }, undefined],
  ] as [Partial<Service>, unknown][])('reads the engine of %j', async (service, engine) => {
    const live = await liveOfService(ecsAnswering(service), 'staging', 'web');
    expect(live.service).toEqual({ name: 'web', engine });
    expect(live.label).toBe(`staging/web (${TD})`);
  });
});
