import { describe, expect, it } from 'vitest';
import {
  deploymentEngineOf,
  deploymentStage,
  shortDeploymentId,
  trafficPerRevision,
} from './deployment-stage.js';

const ARN =
  'arn:aws:ecs:us-east-1:123456789012:service-deployment/production/web/OLM8zqSkPUsjz_-lRIUeE';

describe('deploymentEngineOf / shortDeploymentId', () => {
  it.each([
    [ARN, 'ecs', 'web/OLM8zqSkPUsjz_-lRIUeE'],
    ['d-ABCDEF123', 'codedeploy', 'd-ABCDEF123'],
    ['ecs-svc/1234', undefined, 'ecs-svc/1234'],
  ])('%s is %s, shown as %s', (id, engine, short) => {
    expect(deploymentEngineOf(id)).toBe(engine);
    expect(shortDeploymentId(id)).toBe(short);
  });
});

describe('deploymentStage', () => {
  it.each([
    [
      'ready',
      0,
      'Test traffic: the new revision has all test traffic and no production traffic; held by the PAUSE hook at POST_TEST_TRAFFIC_SHIFT until promoted.',
    ],
    ['in-progress', 0, 'In progress: no production traffic moved yet.'],
    [
      'in-progress',
      10,
      'Production traffic shift: 10% on the new revision, 90% on the previous revision.',
    ],
    [
      'in-progress',
      100,
      'Bake time: all production traffic on the new revision; the previous revision stays up for an instant rollback.',
    ],
    [
      'succeeded',
      100,
      'Complete: all production traffic on the new revision; the previous revision is scaled down.',
    ],
    ['rolled-back', 0, 'Rolled back: all production traffic on the previous revision.'],
    ['failed', 0, 'Failed: check the new revision in the console.'],
  ] as const)('ECS-native %s at %i%%', (outcome, traffic, stage) => {
    expect(deploymentStage(outcome, traffic, ARN)).toBe(stage);
  });

  it('uses CodeDeploy words for a CodeDeploy deployment', () => {
    expect(deploymentStage('ready', 0, 'd-ABCDEF123')).toBe(
      'Test traffic: the replacement task set has all test traffic and no production traffic; waiting in Ready until promoted.',
    );
    expect(deploymentStage('in-progress', 100, 'd-ABCDEF123')).toBe(
      'Termination wait: all production traffic on the replacement task set; the original task set stays up for an instant rollback.',
    );
  });

  it('says nothing without an outcome', () => {
    expect(deploymentStage(undefined, 10, ARN)).toBeUndefined();
  });

  it('names the traffic on each revision', () => {
    expect(trafficPerRevision(10)).toBe('new 10% · previous 90%');
    expect(trafficPerRevision(33.3)).toBe('new 33.3% · previous 66.7%');
  });
});
