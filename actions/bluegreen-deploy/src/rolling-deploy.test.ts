import { describe, expect, it } from 'vitest';
import { parseRollingState, rollingState } from './rolling-cancel.js';
import {
  busyUpdateId,
  lastCompleted,
  rolloutInProgress,
  rollingWaitUntil,
  rollsBack,
} from './rolling-deploy.js';

describe('rollingWaitUntil', () => {
  it.each([
    [{}, 'complete'],
    [{ 'wait-until': '' }, 'complete'],
    [{ 'wait-until': 'created' }, 'created'],
    [{ 'wait-until': 'complete' }, 'complete'],
  ] as const)('%o → %s', (given, expected) => {
    expect(rollingWaitUntil({ waitUntil: 'traffic-shifted', given })).toBe(expected);
  });
});

describe('rollsBack', () => {
  it.each([
    [{}, false],
    [{ deploymentCircuitBreaker: { enable: true, rollback: false } }, false],
    [{ deploymentCircuitBreaker: { enable: true, rollback: true } }, true],
    [{ alarms: { enable: false, rollback: true, alarmNames: ['a'] } }, false],
    [{ alarms: { enable: true, rollback: true, alarmNames: ['a'] } }, true],
  ])('%o → %s', (deploymentConfiguration, expected) => {
    expect(rollsBack({ deploymentConfiguration })).toBe(expected);
  });
});

describe('rolloutInProgress', () => {
  it('is the PRIMARY rollout while it replaces tasks, not an ACTIVE one', () => {
    const primary = { id: 'ecs-svc/2', status: 'PRIMARY', rolloutState: 'IN_PROGRESS' as const };
    const old = { id: 'ecs-svc/1', status: 'ACTIVE', rolloutState: 'IN_PROGRESS' as const };
    expect(rolloutInProgress({ deployments: [old, primary] })).toBe(primary);
    expect(
      rolloutInProgress({ deployments: [old, { ...primary, rolloutState: 'COMPLETED' }] }),
    ).toBeUndefined();
  });
});

describe('busyUpdateId', () => {
  const busy = { id: 'ecs-svc/2' };
  it('is the service deployment ECS names, else the rollout id', () => {
    const arn = 'arn:aws:ecs:us-east-1:123456789012:service-deployment/staging/web/abc';
    expect(busyUpdateId({ currentServiceDeployment: arn }, busy)).toBe(arn);
    expect(busyUpdateId({}, busy)).toBe('ecs-svc/2');
  });
});

describe('the post-step state of a rolling update', () => {
  const state = {
    cluster: 'staging',
    service: 'web',
    deploymentId: 'ecs-svc/2',
    taskDefinition: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:2',
    previousTaskDefinition: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:1',
  };

  it('round-trips, and leaves other engines ids alone', () => {
    expect(parseRollingState(rollingState(state))).toEqual(state);
    expect(parseRollingState('d-ABCDEFGHI')).toBeUndefined();
    expect(parseRollingState('arn:aws:ecs:us-east-1:1:service-deployment/c/s/x')).toBeUndefined();
  });

  it('refuses an incomplete state, naming it', () => {
    expect(() => parseRollingState('rolling:{"cluster":"staging"}')).toThrow(
      'The saved rolling update state is incomplete',
    );
  });
});

describe('lastCompleted', () => {
  const rollout = (id: number, status: string, rolloutState: 'COMPLETED' | 'IN_PROGRESS') => ({
    id: `ecs-svc/${id}`,
    status,
    rolloutState,
    taskDefinition: `web:${id}`,
    createdAt: new Date(id * 1000),
  });

  it('is the PRIMARY when it completed, else the newest completed rollout it replaces', () => {
    expect(lastCompleted({ deployments: [rollout(1, 'PRIMARY', 'COMPLETED')] })).toBe('web:1');
    expect(
      lastCompleted({
        deployments: [
          rollout(3, 'PRIMARY', 'IN_PROGRESS'),
          rollout(1, 'ACTIVE', 'COMPLETED'),
          rollout(2, 'ACTIVE', 'COMPLETED'),
        ],
      }),
    ).toBe('web:2');
    expect(lastCompleted({ deployments: [rollout(3, 'PRIMARY', 'IN_PROGRESS')] })).toBeUndefined();
  });
});
