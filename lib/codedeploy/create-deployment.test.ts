import { describe, expect, it } from 'vitest';
import { deploymentRequest } from './create-deployment.js';

const base = {
  group: { applicationName: 'app', deploymentGroupName: 'web' },
  revision: { revisionType: 'AppSpecContent' as const, appSpecContent: { content: '{}' } },
  description: 'release',
};

describe('deploymentRequest', () => {
  it('auto-rollback on: every way short of success rolls back; the group config unless given', () => {
    expect(deploymentRequest({ ...base, autoRollback: true })).toEqual({
      applicationName: 'app',
      deploymentGroupName: 'web',
      revision: base.revision,
      description: 'release',
      autoRollbackConfiguration: {
        enabled: true,
        events: ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM', 'DEPLOYMENT_STOP_ON_REQUEST'],
      },
    });
  });

  it('auto-rollback off, with a deployment config', () => {
    expect(
      deploymentRequest({
        ...base,
        autoRollback: false,
        deploymentConfig: 'CodeDeployDefault.ECSAllAtOnce',
      }),
    ).toMatchObject({
      deploymentConfigName: 'CodeDeployDefault.ECSAllAtOnce',
      autoRollbackConfiguration: { enabled: false },
    });
  });
});
