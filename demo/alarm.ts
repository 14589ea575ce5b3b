/**
 * The CloudWatch alarm of the baseline: the 5xx rate of production traffic per period (what
 * HTTPCode_Target_5XX_Count / RequestCount would show, one datapoint per period), set through the
 * emulator's control API so CodeDeploy stops the deployment with ALARM_ACTIVE and rolls back.
 */
import { failed, type TrafficGenerator } from './traffic.js';
import { controlClient } from '../emulator/control/client.js';

export interface AlarmRule {
  name: string;
  /** The metric period (real ms); the alarm is evaluated at the end of each period. */
  periodMs: number;
  /** Fraction of failed requests in the window that trips the alarm. */
  threshold: number;
  /** At least this many failures (a single 5xx is not a trend). */
  minFailures: number;
}

/** Pure: whether the window breaches the rule. */
export function breaches(total: number, failures: number, rule: AlarmRule): boolean {
  return failures >= rule.minFailures && failures / Math.max(1, total) >= rule.threshold;
}

export class FiveXxAlarm {
  state: 'OK' | 'ALARM' = 'OK';
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly controlUrl: string,
    private readonly traffic: TrafficGenerator,
    private readonly rule: AlarmRule,
    private readonly onChange: (state: 'OK' | 'ALARM', detail: string) => void,
  ) {}

  start(): void {
    this.timer ??= setInterval(() => void this.evaluate(), this.rule.periodMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  async set(state: 'OK' | 'ALARM', detail: string): Promise<void> {
    if (state === this.state) return;
    this.state = state;
    await controlClient(this.controlUrl)('POST', 'alarms', { name: this.rule.name, state });
    this.onChange(state, detail);
  }

  private async evaluate(): Promise<void> {
    if (this.state === 'ALARM') return; // stays in ALARM until the release is over
    const window = this.traffic.since(Date.now() - this.rule.periodMs);
    const failures = window.filter(failed).length;
    if (breaches(window.length, failures, this.rule)) {
      await this.set(
        'ALARM',
        `${failures}/${window.length} production requests failed in the last period (${(this.rule.periodMs / 1000).toFixed(1)}s)`,
      );
    }
  }
}
