/** The production traffic schedule a deployment config implies (spec A.3). */
import type { TrafficRoutingConfig } from './resources.js';

export interface TrafficStep {
  /** Virtual ms after AllowTraffic starts. */
  offsetMs: number;
  /** Percent of production traffic on green after this step. */
  greenPercent: number;
}

const MINUTE = 60_000;

export function trafficSchedule(config: TrafficRoutingConfig): TrafficStep[] {
  if (config.type === 'TimeBasedCanary' && config.timeBasedCanary) {
    const { canaryPercentage, canaryInterval } = config.timeBasedCanary;
    return [
      { offsetMs: 0, greenPercent: canaryPercentage },
      { offsetMs: canaryInterval * MINUTE, greenPercent: 100 },
    ];
  }
  if (config.type === 'TimeBasedLinear' && config.timeBasedLinear) {
    const { linearPercentage, linearInterval } = config.timeBasedLinear;
    const steps: TrafficStep[] = [];
    for (let k = 1; (k - 1) * linearPercentage < 100; k++) {
      steps.push({
        offsetMs: (k - 1) * linearInterval * MINUTE,
        greenPercent: Math.min(100, k * linearPercentage),
      });
    }
    return steps;
  }
  return [{ offsetMs: 0, greenPercent: 100 }];
}
