import { describe, expect, it } from 'vitest';
import type { RevisionTraffic } from '../deploy/snapshot.js';
import { codeDeployTimers, serverClockFaster, type SeenSince } from './timers.js';

const MINUTE = 60_000;
const tasks = { running: 2, pending: 0, requested: 2 };
const revisions = (green: number): RevisionTraffic[] => [
  { ...tasks, id: 'b', role: 'source', label: 'Blue', productionPercent: 100 - green },
  { ...tasks, id: 'g', role: 'target', label: 'Green', productionPercent: green },
];
const info = (config: string, wait?: number) => ({
  deploymentConfigName: config,
  blueGreenDeploymentConfiguration:
    wait === undefined
      ? undefined
      : { terminateBlueInstancesOnDeploymentSuccess: { terminationWaitTimeInMinutes: wait } },
});

describe('codeDeployTimers', () => {
  it('the termination wait ends its length after the read before the one that saw it begin', () => {
    const seen: SeenSince = {};
    const all = info('CodeDeployDefault.ECSAllAtOnce', 5);
    expect(
      codeDeployTimers(all, { phase: 'shifting', revisions: revisions(0) }, seen, 1000),
    ).toEqual([]);
    const waiting = { phase: 'cleaning-up' as const, revisions: revisions(100) };
    // It began between the read at 1 s and this one at 10 s: the timer takes the earliest.
    const first = codeDeployTimers(all, waiting, seen, 10_000);
    expect(first).toEqual([
      {
        what: 'termination-wait',
        endsAt: new Date(1000 + 5 * MINUTE),
        endsBy: new Date(10_000 + 5 * MINUTE),
      },
    ]);
    // Later reads keep the first sighting: the end does not move with each poll.
    expect(codeDeployTimers(all, waiting, seen, 70_000)).toEqual(first);
  });

  it('no termination wait known (none configured, or not waiting yet): no timer', () => {
    const seen: SeenSince = {};
    const none = info('CodeDeployDefault.ECSAllAtOnce');
    expect(
      codeDeployTimers(none, { phase: 'cleaning-up', revisions: revisions(100) }, seen, 0),
    ).toEqual([]);
  });

  it('a predefined canary waits its minutes after the weights it shows were first seen', () => {
    const seen: SeenSince = {};
    const canary = info('CodeDeployDefault.ECSCanary10Percent5Minutes', 0);
    const shifting = { phase: 'shifting' as const, revisions: revisions(10) };
    expect(codeDeployTimers(canary, shifting, seen, 2000)).toEqual([
      {
        what: 'canary-bake',
        endsAt: new Date(2000 + 5 * MINUTE),
        endsBy: new Date(2000 + 5 * MINUTE),
      },
    ]);
  });

  it('each linear step counts from when its weights were first seen', () => {
    const seen: SeenSince = {};
    const linear = info('CodeDeployDefault.ECSLinear10PercentEvery3Minutes', 0);
    codeDeployTimers(linear, { phase: 'shifting', revisions: revisions(10) }, seen, 0);
    codeDeployTimers(linear, { phase: 'shifting', revisions: revisions(10) }, seen, 3 * MINUTE);
    expect(
      codeDeployTimers(
        linear,
        { phase: 'shifting', revisions: revisions(20) },
        seen,
        3 * MINUTE + 900,
      ),
    ).toEqual([
      { what: 'step-bake', endsAt: new Date(6 * MINUTE), endsBy: new Date(6 * MINUTE + 900) },
    ]);
  });

  it('a custom configuration has no known step: movement paces it instead', () => {
    const seen: SeenSince = {};
    const custom = info('Custom.Canary20Percent7Minutes', 0);
    expect(
      codeDeployTimers(custom, { phase: 'shifting', revisions: revisions(20) }, seen, 0),
    ).toEqual([]);
  });
});

describe('serverClockFaster', () => {
  const created = new Date(Date.UTC(2026, 11, 6, 12));
  const target = (serverMs: number) => ({
    ecsTarget: {
      lifecycleEvents: [
        { lifecycleEventName: 'AllowTraffic', endTime: new Date(created.getTime() + serverMs) },
      ],
    },
  });

  it("AWS: CodeDeploy's timestamps move as the runner's clock does, whatever the skew", () => {
    const seen: SeenSince = {};
    expect(serverClockFaster({ createTime: created }, undefined, seen, 500)).toBe(false);
    expect(serverClockFaster({ createTime: created }, target(60_000), seen, 60_500)).toBe(false);
  });

  it('an emulator at 20x: five virtual minutes in 15 s is too fast to time a wait on the runner', () => {
    const seen: SeenSince = {};
    serverClockFaster({ createTime: created }, undefined, seen, 0);
    expect(serverClockFaster({ createTime: created }, target(5 * MINUTE), seen, 15_000)).toBe(true);
  });
});
