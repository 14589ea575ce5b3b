import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TaskDefinition } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import {
  loadTaskDefinitionFile,
  taskDefinitionProblems,
  toRegisterInput,
  withoutEmpty,
} from './task-definition.js';

const dir = mkdtempSync(join(tmpdir(), 'taskdef-'));
const write = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe('loadTaskDefinitionFile', () => {
  it('unwraps describe-task-definition output and strips describe-only fields and empties', async () => {
    const td = await loadTaskDefinitionFile('test/fixtures/taskdefs/described-web.json');
    expect(td).toEqual({
      family: 'web',
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      cpu: '256',
      memory: '512',
      executionRoleArn: 'arn:aws:iam::111122223333:role/web-execution',
      containerDefinitions: [
        {
          name: 'web',
          image:
            '111122223333.dkr.ecr.us-east-1.amazonaws.com/web@sha256:1111111111111111111111111111111111111111111111111111111111111111',
          cpu: 0,
          essential: true,
          portMappings: [{ containerPort: 8080, hostPort: 8080, protocol: 'tcp' }],
        },
      ],
    });
    expect(taskDefinitionProblems(td)).toEqual([]);
  });

  it('reads YAML, turns numeric strings into numbers where ECS wants integers', async () => {
    const td = await loadTaskDefinitionFile('test/fixtures/taskdefs/ec2-worker.yaml');
    expect(td.containerDefinitions![0]!.memory).toBe(512);
    expect(td.placementConstraints).toBeUndefined();
    expect(taskDefinitionProblems(td)).toEqual([]);
  });

  it('keeps an empty environment value: "" can be meant', async () => {
    const path = write(
      'empty.json',
      JSON.stringify({
        family: 'x',
        containerDefinitions: [{ name: 'a', image: 'b', environment: [{ name: 'E', value: '' }] }],
      }),
    );
    expect((await loadTaskDefinitionFile(path)).containerDefinitions![0]!.environment).toEqual([
      { name: 'E', value: '' },
    ]);
  });

  it.each([
    [
      'missing.json',
      undefined,
      /^Input "task-definition": file ".*missing\.json" does not exist\. Write a path relative to the workspace, or live:/,
    ],
    [
      'broken.json',
      '{"family": "web",',
      /^Task definition file ".*broken\.json" is not valid JSON or YAML \(/,
    ],
    [
      'list.yaml',
      '- a\n- b',
      /^Task definition file ".*list\.yaml" holds a list, not a task definition\. Write a mapping/,
    ],
  ])('names the path when %s is bad', async (name, text, message) => {
    const path = text === undefined ? join(dir, name) : write(name, text);
    await expect(loadTaskDefinitionFile(path)).rejects.toMatchObject({
      name: 'ActionError',
      line: expect.stringMatching(message),
    });
  });
});

describe('toRegisterInput', () => {
  it('drops every output-only field and null values', () => {
    const described: TaskDefinition = {
      taskDefinitionArn: 'arn:aws:ecs:us-east-1:111122223333:task-definition/web:3',
      revision: 3,
      status: 'ACTIVE',
      compatibilities: ['EC2', 'FARGATE'],
      requiresAttributes: [{ name: 'ecs.capability.execution-role-awslogs' }],
      registeredAt: new Date(0),
      registeredBy: 'arn:aws:sts::111122223333:assumed-role/ci/x',
      deregisteredAt: new Date(0),
      family: 'web',
      taskRoleArn: null as unknown as string,
      containerDefinitions: [{ name: 'web', image: 'img', environment: [], mountPoints: [] }],
      volumes: [],
    };
    expect(toRegisterInput(described)).toEqual({
      family: 'web',
      containerDefinitions: [{ name: 'web', image: 'img' }],
    });
  });

  it('withoutEmpty keeps false and 0', () => {
    expect(withoutEmpty({ a: false, b: 0, c: [], d: {}, e: null, f: [{}] })).toEqual({
      a: false,
      b: 0,
    });
  });
});
