import { describe, expect, it } from 'vitest';
import {
  INITIAL_HEALTH,
  nextTargetHealth,
  type ProbeResult,
  type TargetHealth,
} from './target-health.js';

const settings = { healthyThreshold: 2, unhealthyThreshold: 2, startTimeoutMs: 1000 };

function run(probes: ProbeResult[], elapsedMs = 0, from: TargetHealth = INITIAL_HEALTH) {
  return probes.reduce((h, p) => nextTargetHealth(h, p, elapsedMs, settings), from);
}

describe('nextTargetHealth', () => {
  it('becomes healthy after healthyThreshold successes in a row', () => {
    expect(run(['ok']).state).toBe('initial');
    expect(run(['ok', 'ok']).state).toBe('healthy');
    expect(run(['ok', 'failed', 'ok']).state).toBe('initial');
  });

  it('leaves rotation after unhealthyThreshold failures and comes back after successes', () => {
    const healthy = run(['ok', 'ok']);
    expect(run(['failed'], 0, healthy).state).toBe('healthy');
    const unhealthy = run(['failed', 'failed'], 0, healthy);
    expect(unhealthy).toMatchObject({ state: 'unhealthy', reason: 'Target.Timeout' });
    expect(run(['ok'], 0, unhealthy).state).toBe('unhealthy');
    expect(run(['ok', 'ok'], 0, unhealthy).state).toBe('healthy');
  });

  it('gives a starting target until the start timeout before refused connections count', () => {
    expect(run(['refused', 'refused', 'refused'], 500).state).toBe('initial');
    expect(run(['refused', 'refused'], 1500)).toMatchObject({
      state: 'unhealthy',
      reason: 'Target.FailedHealthChecks',
    });
  });

  it('counts a wrong status at once, with the code in the reason', () => {
    const h = [1, 2].reduce(
      (acc) => nextTargetHealth(acc, 'failed', 0, settings, 'Target.ResponseCodeMismatch (404)'),
      INITIAL_HEALTH,
    );
    expect(h).toMatchObject({ state: 'unhealthy', reason: 'Target.ResponseCodeMismatch (404)' });
  });
});
