import type { DeploymentInfo, DeploymentTarget } from '@aws-sdk/client-codedeploy';
import { describe, expect, it } from 'vitest';
import type { EngineSnapshot } from '../deploy/snapshot.js';
import { progressLines, stateLine, trafficLine } from './progress.js';
import { codeDeploySnapshot } from './snapshot.js';

type SetRow = [label: 'Blue' | 'Green', weight: number, running?: number, status?: string];

interface Seen {
  status?: string;
  events?: [string, string][];
  sets?: SetRow[];
  targetStatus?: string;
  error?: [code: string, message?: string];
  rollbackId?: string;
}

/** What one poll saw, through the adapter's mapping: the renderers read only the common snapshot. */
function seen(over: Seen = {}): EngineSnapshot {
  const info: DeploymentInfo = {
    deploymentId: 'd-A',
    status: (over.status ?? 'InProgress') as never,
    ...(over.error
      ? { errorInformation: { code: over.error[0] as never, message: over.error[1] } }
      : {}),
    ...(over.rollbackId ? { rollbackInfo: { rollbackDeploymentId: over.rollbackId } } : {}),
  };
  const target: DeploymentTarget = {
    ecsTarget: {
      status: (over.targetStatus ?? 'InProgress') as never,
      lifecycleEvents: (
        over.events ?? [
          ['BeforeInstall', 'Succeeded'],
          ['Install', 'InProgress'],
          ['AfterInstall', 'Pending'],
        ]
      ).map(([lifecycleEventName, status]) => ({ lifecycleEventName, status: status as never })),
      taskSetsInfo: (
        over.sets ?? [
          ['Blue', 100],
          ['Green', 0, 0],
        ]
      ).map(([label, weight, running = 2, status]) => ({
        identifer: `ecs-svc/${label}`,
        taskSetLabel: label,
        status: status ?? (label === 'Blue' ? 'PRIMARY' : 'ACTIVE'),
        trafficWeight: weight,
        desiredCount: 2,
        runningCount: running,
      })),
    },
  };
  return codeDeploySnapshot(info, target);
}

const base = seen();

describe('progressLines (CodeDeploy words)', () => {
  it.each<[string, EngineSnapshot | undefined, EngineSnapshot, string[]]>([
    [
      'first poll',
      undefined,
      seen({ sets: [] }),
      ['Deployment d-A: InProgress', '  BeforeInstall: Succeeded', '  Install: InProgress'],
    ],
    ['nothing changed', base, base, []],
    [
      'lifecycle event finished',
      base,
      seen({
        events: [
          ['BeforeInstall', 'Succeeded'],
          ['Install', 'Succeeded'],
          ['AfterInstall', 'InProgress'],
        ],
      }),
      ['  Install: Succeeded', '  AfterInstall: InProgress'],
    ],
    [
      'canary step',
      base,
      seen({
        sets: [
          ['Green', 10],
          ['Blue', 90],
        ],
      }),
      ['  Traffic: Blue 90% / Green 10%', '  Green task set ecs-svc/Green: ACTIVE, 2/2 running'],
    ],
    [
      'green tasks start',
      base,
      seen({
        sets: [
          ['Blue', 100],
          ['Green', 0, 1],
        ],
      }),
      ['  Green task set ecs-svc/Green: ACTIVE, 1/2 running'],
    ],
    [
      'status and error',
      base,
      seen({ status: 'Failed', error: ['ECS_UPDATE_ERROR', 'no port 443'] }),
      ['Deployment d-A: InProgress → Failed', '  Error: ECS_UPDATE_ERROR: no port 443'],
    ],
    [
      'rollback link',
      seen({ status: 'Stopped' }),
      seen({ status: 'Stopped', rollbackId: 'd-R' }),
      ['  Rolled back by deployment d-R'],
    ],
    [
      'stopped tasks read with this poll',
      base,
      { ...base, evidence: { ...base.evidence, stoppedTasks: ['task 1a2b stopped: exit 1'] } },
      ['  ECS: task 1a2b stopped: exit 1'],
    ],
  ])('%s', (_name, prev, next, lines) => {
    expect(progressLines(prev, next)).toEqual(lines);
  });
});

describe('stateLine and trafficLine', () => {
  it.each<[EngineSnapshot, string]>([
    [base, 'InProgress · Install InProgress · Blue 100% / Green 0%'],
    [
      seen({
        events: [],
        targetStatus: 'Succeeded',
        sets: [
          ['Blue', 0],
          ['Green', 100],
        ],
      }),
      'InProgress · waiting to terminate the original task set · Blue 0% / Green 100%',
    ],
    [
      seen({ status: 'Failed', events: [['Install', 'Failed']], sets: [], error: ['TIMEOUT'] }),
      'Failed · Install Failed · TIMEOUT',
    ],
  ])('%#', (snapshot, line) => expect(stateLine(snapshot)).toBe(line));

  it('rounds weights and has nothing to say without task sets', () => {
    expect(
      trafficLine(
        seen({
          sets: [
            ['Blue', 66.6666],
            ['Green', 33.3333],
          ],
        }).revisions,
      ),
    ).toBe('Blue 66.7% / Green 33.3%');
    expect(trafficLine([])).toBeUndefined();
  });
});
