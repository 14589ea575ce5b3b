import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diffTaskDefinitions } from './diff.js';
import { parseTaskDefinition, type TaskDefinitionInput } from './task-definition.js';

const live = parseTaskDefinition(
  readFileSync('test/fixtures/taskdefs/described-web.json', 'utf8'),
  'described-web.json',
);
const labels = { live: 'web:41', rendered: 'rendered' };

describe('diffTaskDefinitions', () => {
  it('sees no change when only ECS defaults and spelling differ', () => {
    const rendered: TaskDefinitionInput = structuredClone(live);
    rendered.cpu = '0.25 vCPU';
    delete rendered.containerDefinitions![0]!.essential;
    delete rendered.containerDefinitions![0]!.portMappings![0]!.hostPort;
    delete rendered.containerDefinitions![0]!.portMappings![0]!.protocol;
    expect(diffTaskDefinitions(live, rendered, labels)).toEqual({
      changed: false,
      patch: '',
      added: 0,
      removed: 0,
    });
  });

  it('shows a changed image and an added variable as a unified diff', () => {
    const rendered = structuredClone(live);
    rendered.containerDefinitions![0]!.image = 'web@sha256:' + 'b'.repeat(64);
    rendered.containerDefinitions![0]!.environment = [{ name: 'A', value: '1' }];
    const diff = diffTaskDefinitions(live, rendered, labels);
    expect(diff.changed).toBe(true);
    expect(diff.patch).toMatch(/^--- web:41\n\+\+\+ rendered\n@@ /);
    expect(diff.patch).toContain(
      `-      "image": "111122223333.dkr.ecr.us-east-1.amazonaws.com/web@sha256:${'1'.repeat(64)}",`,
    );
    expect(diff.patch).toContain(`+      "image": "web@sha256:${'b'.repeat(64)}",`);
    expect(diff.patch).toContain('+          "name": "A",');
    expect(diff).toMatchObject({ added: 7, removed: 1 });
  });
});
