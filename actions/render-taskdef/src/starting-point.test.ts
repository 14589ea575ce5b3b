import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { taskDefinitionProblems } from '../../../lib/ecs/task-definition.js';
import { loadStartingPoint } from './starting-point.js';

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
