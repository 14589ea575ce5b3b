import { describe, expect, it } from 'vitest';
import type { FollowOutcome } from '../../../lib/deploy/follow.js';
import { emptyEvidence, type Phase, type RevisionTraffic } from '../../../lib/deploy/snapshot.js';
import { outputsOf, summaryOf, trafficOnNewVersion } from './report.js';

const taskSet = (label: 'Blue' | 'Green', weight: number): RevisionTraffic => ({
  id: `ecs-svc/${label}`,
  role: label === 'Green' ? 'target' : 'source',
  label,
  status: 'PRIMARY',
  productionPercent: weight,
  running: 1,
  pending: 0,
  requested: 1,
});

const followed = (
  over: Partial<FollowOutcome>,
  status = 'Succeeded',
  phase: Phase = 'succeeded',
  revisions: RevisionTraffic[] = [],
): FollowOutcome => ({
  ok: true,
  reason: 'done',
  outcome: 'succeeded',
  deploymentId: 'd-ABCDEFGHI',
  status,
  rolledBack: false,
  last: {
    engine: 'codedeploy',
    deploymentId: 'd-ABCDEFGHI',
    status,
    phase,
    revisions,
    hooks: [],
    timers: [],
    evidence: emptyEvidence(),
  },
  timeline: [],
  evidence: [],
  elapsedMs: 251_600,
  ...over,
});

describe('trafficOnNewVersion', () => {
  it.each([
    [
      'the green weight mid-canary',
      followed({ ok: false }, 'Stopped', 'failed', [taskSet('Blue', 90), taskSet('Green', 10)]),
      '10',
    ],
    [
      'all traffic shifted',
      followed({}, 'InProgress', 'baking', [taskSet('Blue', 0), taskSet('Green', 100)]),
      '100',
    ],
    [
      'waiting in Ready: green on the test listener only',
      followed({}, 'Ready', 'held', [taskSet('Blue', 100), taskSet('Green', 0)]),
      '0',
    ],
    [
      'rolled back, whatever the last weights were',
      followed({ ok: false, rolledBack: true }, 'Stopped', 'failed', [taskSet('Green', 10)]),
      '0',
    ],
    ['succeeded with no target read', followed({}), '100'],
    ['failed with no target read', followed({ ok: false }, 'Failed', 'failed'), '0'],
  ])('%s', (_, given, expected) => {
    expect(trafficOnNewVersion(given)).toBe(expected);
  });
});

it('duration is whole seconds of the watch; a command that followed nothing leaves it empty', () => {
  const result = {
    command: 'deploy',
    deploymentId: 'd-ABCDEFGHI',
    status: 'Succeeded',
    ok: true,
    followed: followed({}),
  };
  expect(outputsOf(result, 'us-east-1').duration).toBe('252');
  const status = outputsOf({ command: 'status', status: 'Succeeded', ok: true }, 'us-east-1');
  expect(status).toMatchObject({ duration: '', outcome: '', traffic: '', 'rolled-back': 'false' });
});

it('a command without a console-url of its own links the CodeDeploy console', () => {
  const result = { command: 'status', deploymentId: 'd-ABCDEFGHI', status: 'Ready', ok: true };
  const outputs = outputsOf(result, 'eu-west-1');
  expect(outputs['console-url']).toBe(
    'https://eu-west-1.console.aws.amazon.com/codesuite/codedeploy/deployments/d-ABCDEFGHI?region=eu-west-1',
  );
  expect(summaryOf(result, outputs)).toContain('Open the deployment in the CodeDeploy console');
});
