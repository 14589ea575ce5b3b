import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readAppSpecTemplate } from './appspec-template.js';

const dir = mkdtempSync(join(tmpdir(), 'appspec-template-'));
const write = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe('readAppSpecTemplate', () => {
  it('reads a valid template', async () => {
    const result = await readAppSpecTemplate('test/fixtures/taskdefs/appspec-template.yaml');
    expect(result.problems).toEqual([]);
    expect(Object.keys(result.spec!.Resources[0]!)).toEqual(['WebService']);
  });

  it.each<[string, string | undefined, (path: string) => string[]]>([
    [
      'missing.yaml',
      undefined,
      (path) => [
        `Input "appspec": file "${path}" does not exist. Check the path; it is relative to the workspace.`,
      ],
    ],
    [
      'broken.yaml',
      'version: 0.0\nResources: [',
      (path) => [expect.stringMatching(new RegExp(`^${path} is not valid YAML or JSON \\(`))],
    ],
    [
      'several.yaml',
      [
        'version: 1',
        'Resources:',
        '  - Web:',
        '      Type: AWS::ECS::Service',
        '      Properties: {TaskDefinition: web:3, LoadBalancerInfo: {ContainerName: web, ContainerPort: "80"}}',
      ].join('\n'),
      (path) => [
        `${path}: AppSpec version is 1; write version: 0.0 (the only version CodeDeploy accepts)`,
        `${path}: AppSpec Resources[0].Web.Properties.TaskDefinition is "web:3", which is not a task definition ARN with a numeric revision; write "<TASK_DEFINITION>" and let bluegreen-deploy fill in the exact registered ARN`,
        `${path}: AppSpec Resources[0].Web.Properties.LoadBalancerInfo.ContainerPort is "80" (a string); write it as a number: ContainerPort: 80`,
      ],
    ],
  ])('returns every problem of %s instead of throwing', async (name, text, expected) => {
    const path = text === undefined ? join(dir, name) : write(name, text);
    expect(await readAppSpecTemplate(path)).toEqual({ problems: expected(path) });
  });
});
