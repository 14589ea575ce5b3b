/** The demo's final report, as plain lines (no TTY needed). */
import type { ContainerReport } from './artifact.js';
import { BASELINE, GATED, GOOD, MIGRATION, type DemoReport } from './scenario.js';

export function formatReport(report: DemoReport): string[] {
  const lines = [
    '══ report',
    `engine: ${report.engine === 'ecs' ? 'ECS-native blue/green (CANARY, PAUSE hook gate)' : 'CodeDeploy blue/green'}`,
    `tasks' database: ${report.database}`,
  ];
  if (report.containers) lines.push(...containerLines(report.containers));
  lines.push('');
  lines.push(
    `${'phase'.padEnd(48)} ${'time'.padStart(7)} ${'requests'.padStart(9)} ${'failed'.padStart(7)}  served by`,
  );
  for (const p of report.phases) {
    const served = Object.entries(p.byVersion)
      .map(([v, n]) => `${v} ${n}`)
      .join(', ');
    lines.push(
      `${p.name.padEnd(48)} ${`${(p.ms / 1000).toFixed(1)}s`.padStart(7)} ${String(p.requests).padStart(9)} ${String(p.failed).padStart(7)}  ${served || '-'}`,
    );
  }
  const failedIn = (name: string) => report.phases.find((p) => p.name === name)?.failed;
  const good = failedIn(GOOD);
  const gated = failedIn(GATED);
  const baseline = failedIn(BASELINE);
  lines.push('', 'failed production requests:');
  lines.push(`  good release (canary + gate):            ${good ?? 'n/a'} (target 0)`);
  lines.push(`  broken release, gate on:                 ${gated ?? 'n/a'} (target 0)`);
  lines.push(
    `  failing migration, nothing deployed:     ${failedIn(MIGRATION) ?? 'n/a'} (target 0)`,
  );
  lines.push(`  broken release, gate off + alarm (base): ${baseline ?? 'n/a'}`);
  if (gated !== undefined && baseline !== undefined)
    lines.push(`  gate vs baseline: ${gatedRatio(gated, baseline)}`);
  lines.push(
    '',
    `slack messages: ${report.slackMessages}   task/step processes: ${report.processesStarted}, left behind: ${report.leftBehind.length}   total ${(report.totalMs / 1000).toFixed(1)}s`,
  );
  if (report.problems.length === 0) lines.push('RESULT: OK');
  else
    lines.push(
      `RESULT: FAILED (${report.problems.length})`,
      ...report.problems.map((p) => `  - ${p}`),
    );
  return lines;
}

function containerLines(c: ContainerReport): string[] {
  return [
    `image: ${c.built ?? 'not built'} (built once by build-push)`,
    `  deployed as ${c.deployed ?? '-'} by every release (v2, v3 and the baseline), verified in ECR by render-taskdef`,
    `tasks ran as Docker containers: ${c.started} started, ${c.images.length === 1 ? `all of ${c.images[0]}` : `images ${c.images.join(', ') || '-'}`}; containers left behind: ${c.leftBehind}`,
  ];
}

/** The baseline's failures relative to the gate's; with 0 gated failures the ratio is unbounded. */
export function gatedRatio(gated: number, baseline: number): string {
  if (gated === 0)
    return `${baseline} failed without the gate vs 0 with it (${baseline > 0 ? 'every one avoided' : 'no difference measured'})`;
  return `${(baseline / gated).toFixed(1)}x fewer failed requests with the gate (${gated} vs ${baseline})`;
}
