import { describe, expect, it } from 'vitest';
import type { TaskSetView } from '../../../lib/codedeploy/snapshot.js';
import type { WatchOutcome } from '../../../lib/codedeploy/watch.js';
import { codeDeployOutcome, outputsOf, trafficOnNewVersion } from './report.js';

const taskSet = (label: string, trafficWeight: number): TaskSetView => ({
  id: `ecs-svc/${label}`,
  label,
  status: 'PRIMARY',
  trafficWeight,
  desiredCount: 1,
  runningCount: 1,
});

const outcome = (over: Partial<WatchOutcome>, taskSets: TaskSetView[] = []): WatchOutcome => ({
  ok: true,
  reason: 'done',
  deploymentId: 'd-ABCDEFGHI',
  status: 'Succeeded',
  rolledBack: false,
  last: { deploymentId: 'd-ABCDEFGHI', status: 'Succeeded', lifecycleEvents: [], taskSets },
  timeline: [],
  evidence: [],
  apiCalls: 3,
  elapsedMs: 251_600,
  ...over,
});

describe('trafficOnNewVersion', () => {
  it.each([
    ['no deployment followed', undefined, ''],
    [
      'the green weight mid-canary',
      outcome({ ok: false, status: 'Stopped' }, [taskSet('Blue', 90), taskSet('Green', 10)]),
      '10',
    ],
    [
      'all traffic shifted',
      outcome({ status: 'InProgress' }, [taskSet('Blue', 0), taskSet('Green', 100)]),
      '100',
    ],
    [
      'waiting in Ready: green on the test listener only',
      outcome({ status: 'Ready' }, [taskSet('Blue', 100), taskSet('Green', 0)]),
      '0',
    ],
    [
      'rolled back, whatever the last weights were',
      outcome({ ok: false, rolledBack: true }, [taskSet('Green', 10)]),
      '0',
    ],
    ['succeeded with no target read', outcome({}), '100'],
    ['failed with no target read', outcome({ ok: false, status: 'Failed' }), '0'],
  ])('%s', (_, given, expected) => {
    expect(trafficOnNewVersion(given)).toBe(expected);
  });
});

it('duration is whole seconds of the watch', () => {
  const outputs = outputsOf(
    {
      command: 'deploy',
      deploymentId: 'd-ABCDEFGHI',
      status: 'Succeeded',
      ok: true,
      outcome: outcome({}),
    },
    'us-east-1',
  );
  expect(outputs.duration).toBe('252');
  expect(
    outputsOf({ command: 'status', status: 'Succeeded', ok: true }, 'us-east-1').duration,
  ).toBe('');
});

describe('codeDeployOutcome', () => {
  it.each([
    [{}, 'succeeded'],
    [{ status: 'Ready' }, 'ready'],
    [{ status: 'InProgress' }, 'in-progress'],
    [{ ok: false, status: 'Failed' }, 'failed'],
    [{ ok: false, status: 'Stopped', rolledBack: true }, 'rolled-back'],
  ] as const)('%o → %s', (over, word) => {
    expect(codeDeployOutcome(outcome(over))).toBe(word);
  });

  it('is empty when no deployment was followed', () => {
    expect(codeDeployOutcome(undefined)).toBe('');
  });
});
