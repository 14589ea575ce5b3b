/**
 * A target's health as the load balancer sees it, from consecutive health check results (ALB
 * semantics: `initial` until `healthyThreshold` successes in a row; `unhealthy` after
 * `unhealthyThreshold` failures in a row; back to `healthy` after `healthyThreshold` successes).
 * A target that refuses connections while it starts stays `initial` until the start timeout:
 * the health check grace period, so a slow boot is not a failed deployment.
 */
export type TargetHealthState = 'initial' | 'healthy' | 'unhealthy';

export type ProbeResult = 'ok' | 'failed' | 'refused';

export interface HealthCheckSettings {
  healthyThreshold: number;
  unhealthyThreshold: number;
  /** Real milliseconds a target may refuse connections after its process started. */
  startTimeoutMs: number;
}

export interface TargetHealth {
  state: TargetHealthState;
  successes: number;
  failures: number;
  /** Why the last check failed, as DescribeTargetHealth words it. */
  reason?: string;
}

export const INITIAL_HEALTH: TargetHealth = { state: 'initial', successes: 0, failures: 0 };

export function nextTargetHealth(
  health: TargetHealth,
  probe: ProbeResult,
  elapsedMs: number,
  settings: HealthCheckSettings,
  detail?: string,
): TargetHealth {
  if (probe === 'ok') {
    const successes = health.successes + 1;
    const state =
      health.state !== 'healthy' && successes >= settings.healthyThreshold
        ? 'healthy'
        : health.state;
    return { state, successes, failures: 0 };
  }
  if (probe === 'refused' && health.state === 'initial' && elapsedMs < settings.startTimeoutMs) {
    return { ...health, successes: 0 };
  }
  const failures = health.failures + 1;
  const reason = detail ?? (probe === 'refused' ? 'Target.FailedHealthChecks' : 'Target.Timeout');
  const state = failures >= settings.unhealthyThreshold ? 'unhealthy' : health.state;
  return { state, successes: 0, failures, reason };
}
