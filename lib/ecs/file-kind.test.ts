import { describe, expect, it } from 'vitest';
import { otherFileKind } from './file-kind.js';

describe('otherFileKind', () => {
  it('names an AppSpec given as a task definition and the input it belongs in', () => {
    const appSpec = {
      version: 0.0,
      Resources: [{ TargetService: { Type: 'AWS::ECS::Service', Properties: {} } }],
    };
    expect(otherFileKind(appSpec, 'out/appspec.yaml')).toMatch(
      /^Input "task-definition" is "out\/appspec\.yaml", a CodeDeploy AppSpec .*give it as the `appspec` input/,
    );
  });

  it('leaves task definitions (and anything else) to the task definition checks', () => {
    expect(otherFileKind({ family: 'web', containerDefinitions: [] }, 'td.json')).toBeUndefined();
    expect(otherFileKind({ family: 'web' }, 'td.json')).toBeUndefined();
  });
});
