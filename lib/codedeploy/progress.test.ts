import { describe, expect, it } from 'vitest';
import { changed, progressLines, stateLine, trafficLine } from './progress.js';
import type { DeploymentSnapshot, TaskSetView } from './snapshot.js';

const set = (
  label: string,
  weight: number,
  running = 2,
  status = label === 'Blue' ? 'PRIMARY' : 'ACTIVE',
): TaskSetView => ({
  id: `ecs-svc/${label}`,
  label,
  status,
  trafficWeight: weight,
  desiredCount: 2,
  runningCount: running,
});

const base: DeploymentSnapshot = {
  deploymentId: 'd-A',
  status: 'InProgress',
  lifecycleEvents: [
    { name: 'BeforeInstall', status: 'Succeeded' },
    { name: 'Install', status: 'InProgress' },
    { name: 'AfterInstall', status: 'Pending' },
  ],
  taskSets: [set('Blue', 100), set('Green', 0, 0)],
};

describe('progressLines', () => {
  it.each<[string, DeploymentSnapshot | undefined, DeploymentSnapshot, string[]]>([
    [
      'first poll',
      undefined,
      { ...base, taskSets: [] },
      ['Deployment d-A: InProgress', '  BeforeInstall: Succeeded', '  Install: InProgress'],
    ],
    ['nothing changed', base, base, []],
    [
      'lifecycle event finished',
      base,
      {
        ...base,
        lifecycleEvents: [
          base.lifecycleEvents[0]!,
          { name: 'Install', status: 'Succeeded' },
          { name: 'AfterInstall', status: 'InProgress' },
        ],
      },
      ['  Install: Succeeded', '  AfterInstall: InProgress'],
    ],
    [
      'canary step',
      base,
      { ...base, taskSets: [set('Green', 10), set('Blue', 90)] },
      ['  Traffic: Blue 90% / Green 10%', '  Green task set ecs-svc/Green: ACTIVE, 2/2 running'],
    ],
    [
      'green tasks start',
      base,
      { ...base, taskSets: [set('Blue', 100), set('Green', 0, 1)] },
      ['  Green task set ecs-svc/Green: ACTIVE, 1/2 running'],
    ],
    [
      'status and error',
      base,
      { ...base, status: 'Failed', errorCode: 'ECS_UPDATE_ERROR', errorMessage: 'no port 443' },
      ['Deployment d-A: InProgress → Failed', '  Error: ECS_UPDATE_ERROR: no port 443'],
    ],
    [
      'rollback link',
      { ...base, status: 'Stopped' },
      { ...base, status: 'Stopped', rollbackDeploymentId: 'd-R' },
      ['  Rolled back by deployment d-R'],
    ],
  ])('%s', (_name, prev, next, lines) => {
    expect(progressLines(prev, next)).toEqual(lines);
  });

  it('counts a target status change as a change even when no line shows it', () => {
    expect(changed(base, { ...base, targetStatus: 'Ready' })).toBe(true);
    expect(changed(base, base)).toBe(false);
  });
});

describe('stateLine and trafficLine', () => {
  it.each<[DeploymentSnapshot, string]>([
    [base, 'InProgress · Install InProgress · Blue 100% / Green 0%'],
    [
      {
        ...base,
        lifecycleEvents: [],
        targetStatus: 'Succeeded',
        taskSets: [set('Blue', 0), set('Green', 100)],
      },
      'InProgress · waiting to terminate the original task set · Blue 0% / Green 100%',
    ],
    [
      {
        ...base,
        status: 'Failed',
        lifecycleEvents: [{ name: 'Install', status: 'Failed' }],
        taskSets: [],
        errorCode: 'TIMEOUT',
      },
      'Failed · Install Failed · TIMEOUT',
    ],
  ])('%#', (snapshot, line) => expect(stateLine(snapshot)).toBe(line));

  it('rounds weights and has nothing to say without task sets', () => {
    expect(trafficLine([set('Blue', 66.6666), set('Green', 33.3333)])).toBe(
      'Blue 66.7% / Green 33.3%',
    );
    expect(trafficLine([])).toBeUndefined();
  });
});
