import type { DeploymentSnapshot, TaskSetView } from './snapshot.js';
import { failureText } from './snapshot.js';

/** "Blue 90% / Green 10%": production traffic per task set, blue first. */
export function trafficLine(taskSets: readonly TaskSetView[]): string | undefined {
  if (taskSets.length === 0) return undefined;
  const order = (t: TaskSetView) => (t.label === 'Blue' ? 0 : t.label === 'Green' ? 1 : 2);
  return [...taskSets]
    .sort((a, b) => order(a) - order(b))
    .map((t) => `${t.label} ${percent(t.trafficWeight)}`)
    .join(' / ');
}

/** One line for where a deployment is: status, the running lifecycle event, traffic. */
export function stateLine(s: DeploymentSnapshot): string {
  const parts = [s.status];
  const current =
    s.lifecycleEvents.find((e) => e.status === 'InProgress') ??
    s.lifecycleEvents.find((e) => e.status === 'Failed');
  if (current) parts.push(`${current.name} ${current.status}`);
  else if (s.targetStatus === 'Succeeded' && s.status === 'InProgress')
    parts.push('waiting to terminate the original task set');
  const traffic = trafficLine(s.taskSets);
  if (traffic) parts.push(traffic);
  const error = failureText(s);
  if (error) parts.push(error);
  return parts.join(' · ');
}

/**
 * What changed between two polls, as lines a person reads in the log: status, lifecycle
 * events, traffic weights, task set counts, errors and the rollback link. Nothing when
 * nothing changed, so an idle deployment does not flood the log.
 */
export function progressLines(
  prev: DeploymentSnapshot | undefined,
  next: DeploymentSnapshot,
): string[] {
  const lines: string[] = [];
  if (prev?.status !== next.status) {
    lines.push(
      prev
        ? `Deployment ${next.deploymentId}: ${prev.status} → ${next.status}`
        : `Deployment ${next.deploymentId}: ${next.status}`,
    );
  }
  const before = new Map(prev?.lifecycleEvents.map((e) => [e.name, e.status]));
  for (const event of next.lifecycleEvents) {
    const was = before.get(event.name);
    if (was === event.status) continue;
    if (was === undefined && event.status === 'Pending') continue;
    lines.push(`  ${event.name}: ${event.status}`);
  }
  const traffic = trafficLine(next.taskSets);
  const trafficBefore = prev && trafficLine(prev.taskSets);
  if (traffic && traffic !== trafficBefore) lines.push(`  Traffic: ${traffic}`);
  const setsBefore = new Map(prev?.taskSets.map((t) => [t.id, t]));
  for (const set of next.taskSets) {
    const was = setsBefore.get(set.id);
    if (
      was &&
      was.runningCount === set.runningCount &&
      was.desiredCount === set.desiredCount &&
      was.status === set.status
    )
      continue;
    lines.push(
      `  ${set.label} task set ${set.id}: ${set.status}, ${set.runningCount}/${set.desiredCount} running`,
    );
  }
  const error = failureText(next);
  if (error && error !== (prev && failureText(prev))) lines.push(`  Error: ${error}`);
  if (next.rollbackDeploymentId && next.rollbackDeploymentId !== prev?.rollbackDeploymentId) {
    lines.push(
      `  Rolled back by deployment ${next.rollbackDeploymentId}${next.rollbackMessage ? `: ${next.rollbackMessage}` : ''}`,
    );
  }
  return lines;
}

/** Whether two polls differ in anything progressLines reports: resets the poll back-off. */
export function changed(prev: DeploymentSnapshot | undefined, next: DeploymentSnapshot): boolean {
  return progressLines(prev, next).length > 0 || prev?.targetStatus !== next.targetStatus;
}

function percent(weight: number): string {
  return `${Math.round(weight * 10) / 10}%`;
}
