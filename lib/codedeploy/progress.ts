import { SHARED_WORDING, type EngineWording } from '../deploy/wording.js';
import { failureText, type EngineSnapshot, type RevisionTraffic } from '../deploy/snapshot.js';

/** "Blue 90% / Green 10%": production traffic per task set, blue first. */
export function trafficLine(taskSets: readonly RevisionTraffic[]): string | undefined {
  if (taskSets.length === 0) return undefined;
  const order = (t: RevisionTraffic) => (t.label === 'Blue' ? 0 : t.label === 'Green' ? 1 : 2);
  return [...taskSets]
    .sort((a, b) => order(a) - order(b))
    .map((t) => `${t.label} ${percent(t.productionPercent ?? 0)}`)
    .join(' / ');
}

/** One line for where a deployment is: status, the running lifecycle event, traffic. */
export function stateLine(s: EngineSnapshot): string {
  const parts = [s.status];
  const current =
    s.hooks.find((e) => e.status === 'InProgress') ?? s.hooks.find((e) => e.status === 'Failed');
  if (current) parts.push(`${current.id} ${current.status}`);
  else if (s.phase === 'cleaning-up' && s.status === 'InProgress')
    parts.push('waiting to terminate the original task set');
  const traffic = trafficLine(s.revisions);
  if (traffic) parts.push(traffic);
  const error = failureText(s);
  if (error) parts.push(error);
  return parts.join(' · ');
}

/**
 * What changed between two polls, as lines a person reads in the log: status, lifecycle
 * events, traffic weights, task set counts, errors, the rollback link and stopped tasks.
 * Nothing when nothing changed, so an idle deployment does not flood the log.
 */
export function progressLines(prev: EngineSnapshot | undefined, next: EngineSnapshot): string[] {
  const lines: string[] = [];
  if (prev?.status !== next.status) {
    lines.push(
      prev
        ? `Deployment ${next.deploymentId}: ${prev.status} → ${next.status}`
        : `Deployment ${next.deploymentId}: ${next.status}`,
    );
  }
  const before = new Map(prev?.hooks.map((e) => [e.id, e.status]));
  for (const event of next.hooks) {
    const was = before.get(event.id);
    if (was === event.status) continue;
    if (was === undefined && event.status === 'Pending') continue;
    lines.push(`  ${event.id}: ${event.status}`);
  }
  const traffic = trafficLine(next.revisions);
  const trafficBefore = prev && trafficLine(prev.revisions);
  if (traffic && traffic !== trafficBefore) lines.push(`  Traffic: ${traffic}`);
  const setsBefore = new Map(prev?.revisions.map((t) => [t.id, t]));
  for (const set of next.revisions) {
    const was = setsBefore.get(set.id);
    if (
      was &&
      was.running === set.running &&
      was.requested === set.requested &&
      was.status === set.status
    )
      continue;
    lines.push(
      `  ${set.label} task set ${set.id}: ${set.status}, ${set.running}/${set.requested} running`,
    );
  }
  const error = failureText(next);
  if (error && error !== (prev && failureText(prev))) lines.push(`  Error: ${error}`);
  const rollback = next.evidence.rollback;
  if (rollback?.deploymentId && rollback.deploymentId !== prev?.evidence.rollback?.deploymentId) {
    lines.push(
      `  Rolled back by deployment ${rollback.deploymentId}${rollback.message ? `: ${rollback.message}` : ''}`,
    );
  }
  for (const line of next.evidence.stoppedTasks) lines.push(`  ECS: ${line}`);
  return lines;
}

/** CodeDeploy's own words, as its users have read them: the Ready gate, StopDeployment, Blue/Green. */
export const CODEDEPLOY_WORDING: EngineWording = {
  ...SHARED_WORDING,
  gate: 'the Ready gate',
  gateStarts: 'Ready: running the gate against the test listener',
  continuing: (_holdId, gatePassed) =>
    gatePassed
      ? 'Promoting: ContinueDeployment(READY_WAIT)'
      : 'Ready and no gate configured: ContinueDeployment(READY_WAIT)',
  continueCall: (_holdId, id) => `ContinueDeployment(READY_WAIT) ${id}`,
  stopCall: 'StopDeployment',
  stopFailed: 'StopDeployment failed',
  stopOf: (id) => `StopDeployment ${id}`,
  succeededWord: 'Succeeded',
  afterShift: 'the original task set stays until the termination wait ends',
  stateLine,
  progressLines: (prev, next) => progressLines(prev, next),
};

function percent(weight: number): string {
  return `${Math.round(weight * 10) / 10}%`;
}
