// What the test-listener gate saves: failed production requests while a broken release (healthy,
// but /version answers 500) goes out, with the gate on, against the same release with the gate off
// and only a CodeDeploy canary with alarm-based rollback, measured in the same run of the demo
// (real processes, the real bundled actions, steady traffic on the production listener).
import { formatReport } from '../demo/report.js';
import { BASELINE, GATED, GOOD, runDemo } from '../demo/scenario.js';

const report = await runDemo({
  speed: Number(process.env.DEMO_SPEED ?? 20),
  print: process.env.BENCH_VERBOSE ? (line) => console.log(line) : () => undefined,
});
for (const line of formatReport(report)) console.log(line);
const failedIn = (name: string) => report.phases.find((p) => p.name === name)?.failed ?? NaN;
const gated = failedIn(GATED);
const baseline = failedIn(BASELINE);
console.log(
  `\nfailed production requests: good release ${failedIn(GOOD)} (target 0), broken release with the gate ${gated} (target 0), without the gate (canary + alarm rollback) ${baseline}`,
);
console.log(
  gated === 0
    ? `ratio: ${baseline}:0 (the gate avoided all ${baseline} failures of the baseline)`
    : `ratio: ${(baseline / gated).toFixed(1)}x more failures without the gate`,
);
process.exit(report.problems.length === 0 ? 0 : 1);
