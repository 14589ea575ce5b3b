// Each action's README lists the IAM permissions it needs, and the list is exactly what its code
// calls: every `new XCommand(` reachable from the action's sources (the same derivation as
// infra/test/deploy-role-actions.test.ts), plus the few authorizations no SDK call names.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { iamActionsOfAction } from '../../infra/test/sdk-calls.js';
import { loadActions } from '../workflows/workflow-model.js';

/** Authorized by AWS although no SDK call of the action names them, by action, with the reason. */
const WITHOUT_SDK_CALL: Record<string, Record<string, string>> = {
  'build-push': {
    'ecr:BatchCheckLayerAvailability': 'docker push checks layers',
    'ecr:InitiateLayerUpload': 'docker push uploads layers',
    'ecr:UploadLayerPart': 'docker push uploads layers',
    'ecr:CompleteLayerUpload': 'docker push uploads layers',
    'ecr:PutImage': 'docker push writes the manifest (the other tags are a PutImage call too)',
  },
  'bluegreen-deploy': {
    'iam:PassRole': 'RegisterTaskDefinition passes the task and execution roles',
    'ecs:TagResource': 'RegisterTaskDefinition with tags',
    'codedeploy:RegisterApplicationRevision': 'CreateDeployment registers its AppSpec revision',
  },
};

/** The IAM actions in the first column of the README's `## Permissions` table. */
export function documentedPermissions(readme: string): string[] | undefined {
  const section = readme.split('\n## Permissions\n')[1]?.split('\n## ')[0];
  if (section === undefined) return undefined;
  return section
    .split('\n')
    .map((line) => /^\| `([a-z0-9-]+:[A-Za-z]+)` \|/.exec(line)?.[1])
    .filter((action) => action !== undefined);
}

describe.each([...loadActions().keys()])('actions/%s/README.md permissions', (name) => {
  const readme = readFileSync(`actions/${name}/README.md`, 'utf8');

  it('has a Permissions section listing exactly the IAM actions its code needs', () => {
    const documented = documentedPermissions(readme);
    expect(documented, 'a "## Permissions" section').toBeDefined();
    const needed = [...iamActionsOfAction(name), ...Object.keys(WITHOUT_SDK_CALL[name] ?? {})];
    expect([...documented!].sort()).toEqual([...new Set(needed)].sort());
    expect(new Set(documented).size).toBe(documented!.length);
  });
});

describe('documentedPermissions', () => {
  it('reads the first column of the table, and nothing without the section', () => {
    const readme = [
      '# x',
      '## Permissions',
      '| IAM action | resource |',
      '|---|---|',
      '| `ecr:GetAuthorizationToken` | `*` |',
      '| `ecs:DescribeServices` | the service |',
      '## Inputs',
      '| `ecs:NotAPermission` | |',
    ].join('\n');
    expect(documentedPermissions(readme)).toEqual([
      'ecr:GetAuthorizationToken',
      'ecs:DescribeServices',
    ]);
    expect(documentedPermissions('# x\n## Inputs\n')).toBeUndefined();
  });
});
