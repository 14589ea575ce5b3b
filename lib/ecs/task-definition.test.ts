import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TaskDefinition } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import {
  loadTaskDefinitionFile,
  loadTaskDefinitionTemplate,
  parseTaskDefinitionTemplate,
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

describe('parseTaskDefinitionTemplate: placeholders are filled before numbers are read', () => {
  const yaml = [
    'family: ${FAMILY}',
    'networkMode: awsvpc',
    'requiresCompatibilities: [FARGATE]',
    'cpu: ${TASK_CPU}',
    'memory: "${TASK_MEM}"',
    'containerDefinitions:',
    '  - name: web',
    '    image: ${IMAGE}',
    '    memory: "${MEM}"',
    '    memoryReservation: ${RESERVED}',
    '    stopTimeout: ${STOP}',
    '    portMappings:',
    '      - containerPort: ${PORT}',
    '        hostPort: "${PORT}"',
    '    environment: [{name: PORT, value: "${PORT}"}]',
  ].join('\n');
  const env = {
    FAMILY: 'web',
    TASK_CPU: '256',
    TASK_MEM: '512',
    IMAGE: 'repo/web@sha256:' + 'a'.repeat(64),
    MEM: '256',
    RESERVED: '128',
    STOP: '30',
    PORT: '8080',
  };

  it('turns filled integer fields into numbers and validates clean', () => {
    const { value: td, missing } = parseTaskDefinitionTemplate(yaml, 'taskdef.yaml', env);
    expect(missing).toEqual([]);
    expect(td.cpu).toBe('256');
    expect(td.memory).toBe('512');
    const web = td.containerDefinitions![0]!;
    expect(web).toMatchObject({ memory: 256, memoryReservation: 128, stopTimeout: 30 });
    expect(web.portMappings).toEqual([{ containerPort: 8080, hostPort: 8080 }]);
    // An environment value is a string in the API and stays one.
    expect(web.environment).toEqual([{ name: 'PORT', value: '8080' }]);
    expect(taskDefinitionProblems(td)).toEqual([]);
  });

  it.each([
    ['memory', { MEM: '256' }, 'memory', 256],
    ['a port from JSON', { PORT: '9090' }, 'port', 9090],
  ])('fills %s in a JSON file the same way', (_what, values, field, expected) => {
    const json = JSON.stringify({
      family: 'web',
      containerDefinitions: [
        {
          name: 'web',
          image: 'repo/web:1',
          memory: '${MEM}',
          portMappings: [{ containerPort: '${PORT}' }],
        },
      ],
    });
    const { value, missing } = parseTaskDefinitionTemplate(json, 'td.json', {
      MEM: '512',
      PORT: '80',
      ...values,
    });
    expect(missing).toEqual([]);
    const web = value.containerDefinitions![0]!;
    expect(field === 'memory' ? web.memory : web.portMappings![0]!.containerPort).toBe(expected);
  });

  it('lists every unfilled name once, in order, and leaves those values as written', () => {
    const { value, missing } = parseTaskDefinitionTemplate(yaml, 'taskdef.yaml', {
      FAMILY: 'web',
      IMAGE: 'x',
    });
    expect(missing).toEqual(['TASK_CPU', 'TASK_MEM', 'MEM', 'RESERVED', 'STOP', 'PORT']);
    expect(value.containerDefinitions![0]!.memory).toBe('${MEM}');
  });

  it('keeps $${NAME} literal and leaves a file without placeholders as loadTaskDefinitionFile reads it', async () => {
    const path = write(
      'literal.json',
      JSON.stringify({
        family: 'x',
        containerDefinitions: [{ name: 'a', image: 'b', memory: '64', command: ['echo $${HOME}'] }],
      }),
    );
    const filled = await loadTaskDefinitionTemplate(path, {});
    expect(filled.missing).toEqual([]);
    expect(filled.value.containerDefinitions![0]!.command).toEqual(['echo ${HOME}']);
    expect(filled.value.containerDefinitions![0]!.memory).toBe(64);
    expect((await loadTaskDefinitionFile(path)).containerDefinitions![0]!.memory).toBe(64);
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
