import { describe, expect, it } from 'vitest';
import {
  advanceDeployment,
  CREATED_MS,
  HOOK_TIMEOUT_MS,
  lifecycleEventNames,
  type DeploymentWorld,
  type GreenHealth,
} from './engine.js';
import type { DeploymentRecord } from './model.js';
import { trafficSchedule } from './traffic.js';

const MINUTE = 60_000;
const APPSPEC = (hooks = '') =>
  `version: 0.0\nResources:\n  - TargetService:\n      Type: AWS::ECS::Service\n      Properties:\n        TaskDefinition: arn:aws:ecs:us-east-1:1:task-definition/web:2\n        LoadBalancerInfo: {ContainerName: web, ContainerPort: 8080}\n${hooks}`;

function record(overrides: Partial<DeploymentRecord> = {}): DeploymentRecord {
  const hasTestRoute = overrides.hasTestRoute ?? true;
  return {
    deploymentId: 'd-AAAAAAAAA',
    applicationName: 'app',
    deploymentGroupName: 'dg',
    deploymentConfigName: 'CodeDeployDefault.ECSAllAtOnce',
    trafficRouting: { type: 'AllAtOnce' },
    creator: 'user',
    status: 'Created',
    targetStatus: 'Pending',
    revision: { revisionType: 'AppSpecContent', appSpecContent: { sha256: 'x' } },
    content: APPSPEC(),
    createTime: 0,
    lastUpdatedAt: 0,
    autoRollbackConfiguration: {
      enabled: true,
      events: ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_REQUEST'],
    },
    readyOption: { actionOnTimeout: 'CONTINUE_DEPLOYMENT', waitTimeInMinutes: 0 },
    terminationWaitTimeInMinutes: 5,
    groupSnapshot: { blueGreenDeploymentConfiguration: {}, loadBalancerInfo: {} },
    target: { clusterName: 'c', serviceName: 's', targetArn: 'arn' },
    hasTestRoute,
    lifecycleEvents: lifecycleEventNames(hasTestRoute, false).map((n) => ({
      lifecycleEventName: n,
      status: 'Pending',
    })),
    phase: { name: 'created' },
    greenWeight: 0,
    ...overrides,
  };
}

/** A world that records what the engine asked for. */
function fakeWorld(health: GreenHealth = 'healthy') {
  const calls: string[] = [];
  const hooks = new Map<string, 'Pending' | 'Succeeded' | 'Failed' | 'TimedOut'>();
  const world: DeploymentWorld = {
    createGreenTaskSet: () => (
      calls.push('createGreen'),
      { ok: true, blueTaskSetId: 'blue', greenTaskSetId: 'green' }
    ),
    greenHealth: () => health,
    routeTestTraffic: (_d, to) => void calls.push(`test->${to}`),
    shiftProductionTraffic: (_d, pct) => void calls.push(`prod ${pct}`),
    promoteGreen: () => void calls.push('promote'),
    terminateBlue: () => void calls.push('terminateBlue'),
    startHook: (_d, event) => {
      hooks.set(event, 'Pending');
      calls.push(`hook ${event}`);
      return event;
    },
    hookState: (id) => hooks.get(id) ?? 'Failed',
    activeAlarm: () => undefined,
    startRollback: () => (calls.push('rollback'), 'd-ROLLBACK1'),
    undo: () => void calls.push('undo'),
    finished: (d) => void calls.push(`finished ${d.status}`),
  };
  return { world, calls, hooks };
}

describe('trafficSchedule', () => {
  it('canary: p % at once, 100 % after the interval', () => {
    expect(
      trafficSchedule({
        type: 'TimeBasedCanary',
        timeBasedCanary: { canaryPercentage: 10, canaryInterval: 5 },
      }),
    ).toEqual([
      { offsetMs: 0, greenPercent: 10 },
      { offsetMs: 5 * MINUTE, greenPercent: 100 },
    ]);
  });
  it('linear 10 %/1 min: ten steps, the last at t0 + 9 min; 30 % steps end with a smaller one', () => {
    const steps = trafficSchedule({
      type: 'TimeBasedLinear',
      timeBasedLinear: { linearPercentage: 10, linearInterval: 1 },
    });
    expect(steps).toHaveLength(10);
    expect(steps.at(-1)).toEqual({ offsetMs: 9 * MINUTE, greenPercent: 100 });
    const uneven = trafficSchedule({
      type: 'TimeBasedLinear',
      timeBasedLinear: { linearPercentage: 30, linearInterval: 2 },
    });
    expect(uneven.map((s) => s.greenPercent)).toEqual([30, 60, 90, 100]);
  });
});

describe('advanceDeployment', () => {
  it('stays Created briefly, then runs every event in order and waits for blue termination', () => {
    const d = record();
    const { world, calls } = fakeWorld();
    advanceDeployment(d, CREATED_MS - 1, world);
    expect(d.status).toBe('Created');
    advanceDeployment(d, CREATED_MS, world);
    expect(d.status).toBe('InProgress');
    expect(d.targetStatus).toBe('Succeeded');
    expect(d.lifecycleEvents.every((e) => e.status === 'Succeeded')).toBe(true);
    expect(calls).toEqual(['createGreen', 'test->green', 'prod 100', 'promote']);
    advanceDeployment(d, CREATED_MS + 5 * MINUTE, world);
    expect(d.status).toBe('Succeeded');
    expect(calls.slice(-2)).toEqual(['terminateBlue', 'finished Succeeded']);
  });

  it('with jitter, acts on the end of the termination wait as late as the world says', () => {
    const d = record();
    const { world } = fakeWorld();
    world.timerLagMs = () => 2500;
    advanceDeployment(d, CREATED_MS, world);
    advanceDeployment(d, CREATED_MS + 5 * MINUTE + 2499, world);
    expect(d.status).toBe('InProgress');
    advanceDeployment(d, CREATED_MS + 5 * MINUTE + 2500, world);
    expect(d.status).toBe('Succeeded');
  });

  it('without a test route there are no test-traffic events', () => {
    expect(lifecycleEventNames(false, false)).not.toContain('AllowTestTraffic');
    expect(lifecycleEventNames(true, false)).toContain('AfterAllowTestTraffic');
  });

  it('waits in Install until green is healthy', () => {
    const d = record();
    const { world } = fakeWorld('pending');
    advanceDeployment(d, CREATED_MS + 30 * MINUTE, world);
    expect(d.lifecycleEvents[1]).toMatchObject({
      lifecycleEventName: 'Install',
      status: 'InProgress',
    });
  });

  it('Ready wait with STOP_DEPLOYMENT: expiry stops and rolls back per DEPLOYMENT_STOP_ON_REQUEST', () => {
    const d = record({
      readyOption: { actionOnTimeout: 'STOP_DEPLOYMENT', waitTimeInMinutes: 10 },
    });
    const { world, calls } = fakeWorld();
    advanceDeployment(d, CREATED_MS, world);
    expect(d.status).toBe('Ready');
    expect(d.targetStatus).toBe('Ready');
    advanceDeployment(d, CREATED_MS + 10 * MINUTE, world);
    expect(d.status).toBe('Stopped');
    expect(d.errorInformation?.code).toBe('TIMEOUT');
    expect(d.rollbackInfo?.rollbackDeploymentId).toBe('d-ROLLBACK1');
    expect(calls).toContain('rollback');
  });

  it('canary: 10 % until the interval has passed, then promote', () => {
    const d = record({
      trafficRouting: {
        type: 'TimeBasedCanary',
        timeBasedCanary: { canaryPercentage: 10, canaryInterval: 5 },
      },
    });
    const { world, calls } = fakeWorld();
    advanceDeployment(d, CREATED_MS, world);
    expect(d.greenWeight).toBe(10);
    advanceDeployment(d, CREATED_MS + 5 * MINUTE - 1, world);
    expect(calls).not.toContain('promote');
    advanceDeployment(d, CREATED_MS + 5 * MINUTE, world);
    expect(calls.filter((c) => c.startsWith('prod'))).toEqual(['prod 10', 'prod 100']);
    expect(calls).toContain('promote');
  });

  it('a hook holds its event; no answer within an hour fails the deployment', () => {
    const d = record({ content: APPSPEC('Hooks:\n  - BeforeAllowTraffic: checkFn\n') });
    const { world } = fakeWorld();
    advanceDeployment(d, CREATED_MS, world);
    const event = d.lifecycleEvents.find((e) => e.lifecycleEventName === 'BeforeAllowTraffic');
    expect(event?.status).toBe('InProgress');
    advanceDeployment(d, CREATED_MS + HOOK_TIMEOUT_MS, world);
    expect(d.status).toBe('Failed');
    expect(event?.status).toBe('Failed');
    expect(d.lifecycleEvents.at(-1)?.status).toBe('Skipped');
  });

  it('StopDeployment(autoRollbackEnabled: false) stops without rollback', () => {
    const d = record({
      readyOption: { actionOnTimeout: 'STOP_DEPLOYMENT', waitTimeInMinutes: 60 },
    });
    const { world, calls } = fakeWorld();
    advanceDeployment(d, CREATED_MS, world);
    d.stopRequest = { at: CREATED_MS + 1000, rollback: false };
    advanceDeployment(d, CREATED_MS + 1000, world);
    expect(d.status).toBe('Stopped');
    expect(d.errorInformation?.code).toBe('MANUAL_STOP');
    expect(calls).not.toContain('rollback');
  });

  it('an unparsable AppSpec fails with INVALID_REVISION when the deployment starts', () => {
    const d = record({ content: '{ nope: [' });
    const { world } = fakeWorld();
    advanceDeployment(d, CREATED_MS, world);
    expect(d.status).toBe('Failed');
    expect(d.errorInformation?.code).toBe('INVALID_REVISION');
  });
});
