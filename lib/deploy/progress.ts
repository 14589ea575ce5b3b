import {
  failureText,
  type EngineSnapshot,
  type HookView,
  type MonitorView,
  type RevisionTraffic,
  type Timer,
} from './snapshot.js';

/** Progress a person can follow: pure renderers of the common snapshot, one line per change. */

/** "…/service-revision/c/s/123" → "123"; "arn:…:task-definition/web:7" → "web:7". */
export function shortId(id: string): string {
  return id.split('/').pop() ?? id;
}

/**
 * "production: new 20% / old 80% · test: new 100% / old 0%", revisions by role, target first.
 * Undefined when the engine reports no weights (rolling).
 */
export function trafficLine(revisions: readonly RevisionTraffic[]): string | undefined {
  const sorted = [...revisions].sort((a, b) => roleOrder(a) - roleOrder(b));
  const part = (label: string, pick: (r: RevisionTraffic) => number | undefined) => {
    const shown = sorted.filter((r) => pick(r) !== undefined);
    if (shown.length === 0) return undefined;
    return `${label}: ${shown.map((r) => `${roleName(r)} ${percent(pick(r)!)}`).join(' / ')}`;
  };
  const parts = [
    part('production', (r) => r.productionPercent),
    part('test', (r) => r.testPercent),
  ].filter((p): p is string => !!p);
  return parts.length ? parts.join(' · ') : undefined;
}

/** "new 123: 2/2 running · old 122: 2/2 running" (pending shown when there is any). */
export function tasksLine(revisions: readonly RevisionTraffic[]): string | undefined {
  if (revisions.length === 0) return undefined;
  return [...revisions]
    .sort((a, b) => roleOrder(a) - roleOrder(b))
    .map(
      (r) =>
        `${roleName(r)} ${shortId(r.id)}: ${r.running}/${r.requested} running${r.pending ? `, ${r.pending} pending` : ''}`,
    )
    .join(' · ');
}

/** "hook ecs-pause-abc at POST_TEST_TRAFFIC_SHIFT (PAUSE): AWAITING_ACTION, expires 12:30:00Z then ROLLBACK". */
export function hookLine(hook: HookView, nowMs?: number): string {
  const where = hook.stage ? ` at ${hook.stage}` : '';
  let line = `hook ${hook.id}${where} (${hook.kind}): ${hook.status}`;
  if (hook.expiresAt && hook.status === 'AWAITING_ACTION') {
    const left = nowMs === undefined ? '' : ` (${duration(hook.expiresAt.getTime() - nowMs)} left)`;
    line += `, expires ${hook.expiresAt.toISOString().slice(11, 19)}Z${left}`;
    if (hook.timeoutAction) line += ` then ${hook.timeoutAction}`;
  }
  return line;
}

/** "circuit breaker TRIGGERED: 3 failed tasks, threshold 3" / "alarms TRIGGERED: api-5xx". */
export function monitorLine(name: 'circuit breaker' | 'alarms', m: MonitorView): string {
  if (name === 'alarms') {
    const triggered = m.triggeredAlarmNames?.length ? `: ${m.triggeredAlarmNames.join(', ')}` : '';
    const watched = !triggered && m.alarmNames?.length ? ` (${m.alarmNames.join(', ')})` : '';
    return `alarms ${m.status}${triggered}${watched}`;
  }
  const counts =
    m.failureCount !== undefined
      ? `: ${m.failureCount} failed task${m.failureCount === 1 ? '' : 's'}${m.threshold !== undefined ? `, threshold ${m.threshold}` : ''}`
      : '';
  return `circuit breaker ${m.status}${counts}`;
}

/** The bake (or step bake) still running and the time it has left, or undefined. */
export function bakeLeft(s: EngineSnapshot, nowMs: number): string | undefined {
  const bake = s.timers.find((t) => t.what !== 'hook-expiry' && t.endsAt.getTime() > nowMs);
  if (!bake) return undefined;
  const name = {
    bake: 'bake time',
    'step-bake': 'step bake',
    'canary-bake': 'canary bake',
    'termination-wait': 'blue termination wait',
  }[bake.what as Exclude<Timer['what'], 'hook-expiry'>];
  return `${name ?? bake.what} ${duration(bake.endsAt.getTime() - nowMs)} left`;
}

/** One line for where a deployment is: status, stage, traffic, the hold, the failure. */
export function stateLine(s: EngineSnapshot): string {
  const parts = [s.stage && s.stage !== s.status ? `${s.status} ${s.stage}` : s.status];
  const traffic = trafficLine(s.revisions);
  if (traffic) parts.push(traffic);
  if (s.hold) parts.push(`held by ${s.hold.id}`);
  const failure = failureText(s);
  if (failure) parts.push(failure);
  return parts.join(' · ');
}

/**
 * What changed between two polls, as log lines: status and stage, traffic per revision, task
 * counts, hooks, bake time, circuit breaker and alarms, reasons and stopped-task reasons (service
 * events go through tallyEvents, which counts repeats across polls). Nothing when nothing changed.
 */
export function progressLines(
  prev: EngineSnapshot | undefined,
  next: EngineSnapshot,
  nowMs: number,
): string[] {
  const lines: string[] = [];
  const where = (s: EngineSnapshot) => (s.stage ? `${s.status} ${s.stage}` : s.status);
  if (!prev || where(prev) !== where(next)) {
    lines.push(
      prev
        ? `Deployment ${shortId(next.deploymentId)}: ${where(prev)} → ${where(next)}`
        : `Deployment ${shortId(next.deploymentId)}: ${where(next)}`,
    );
    const bake = bakeLeft(next, nowMs);
    if (bake) lines.push(`  ${bake}`);
  }
  const changedLine = (text: string | undefined, before: string | undefined, label: string) => {
    if (text && text !== before) lines.push(`  ${label}${text}`);
  };
  changedLine(trafficLine(next.revisions), prev && trafficLine(prev.revisions), 'Traffic ');
  changedLine(tasksLine(next.revisions), prev && tasksLine(prev.revisions), 'Tasks ');
  const hooksBefore = new Map(prev?.hooks.map((h) => [h.id, h.status]));
  for (const hook of next.hooks) {
    if (hooksBefore.get(hook.id) !== hook.status) lines.push(`  ${hookLine(hook, nowMs)}`);
  }
  const monitor = (
    name: 'circuit breaker' | 'alarms',
    pick: (s: EngineSnapshot) => MonitorView | undefined,
  ) => {
    const m = pick(next);
    const before = prev && pick(prev);
    if (!m || m.status === 'DISABLED') return;
    const text = monitorLine(name, m);
    if (!before || monitorLine(name, before) !== text) lines.push(`  ${text}`);
  };
  monitor('circuit breaker', (s) => s.evidence.circuitBreaker);
  monitor('alarms', (s) => s.evidence.alarms);
  changedLine(next.evidence.statusReason, prev?.evidence.statusReason, 'Reason: ');
  const rollback = next.evidence.rollback;
  if (rollback && JSON.stringify(rollback) !== JSON.stringify(prev?.evidence.rollback)) {
    const to = rollback.revision ? ` to ${shortId(rollback.revision)}` : '';
    const by = rollback.deploymentId ? ` by ${rollback.deploymentId}` : '';
    lines.push(`  Rollback${to}${by}${rollback.reason ? `: ${rollback.reason}` : ''}`);
  }
  for (const line of next.evidence.stoppedTasks) lines.push(`  ECS: ${line}`);
  return lines;
}

/** How often each service event message was seen during the watch. */
export type EventTally = ReadonlyMap<string, number>;

/**
 * New service events against what was seen before: a message seen for the first time is
 * printed, a repeat is only counted, and printed with its count when the count reaches 10, 100,
 * 1000 … so a task failing to start for an hour is a handful of lines, not hundreds.
 */
export function tallyEvents(
  tally: EventTally,
  fresh: readonly string[],
): { tally: EventTally; lines: string[] } {
  const next = new Map(tally);
  const lines: string[] = [];
  for (const [message, n] of collapseRepeats(fresh, (line, count) => [line, count] as const)) {
    const before = next.get(message) ?? 0;
    const after = before + n;
    next.set(message, after);
    if (before === 0) lines.push(after > 1 ? `ECS: ${message} (x${after})` : `ECS: ${message}`);
    else if (Math.floor(Math.log10(after)) > Math.floor(Math.log10(before)))
      lines.push(`ECS: ${message} (x${after})`);
  }
  return { tally: next, lines };
}

/** Every event message of the watch with its count, for the summary's evidence. */
export function tallyLines(tally: EventTally): string[] {
  return [...tally].map(([message, n]) => (n > 1 ? `ECS: ${message} (x${n})` : `ECS: ${message}`));
}

/**
 * Identical lines collapsed into the first with a count: "… deployment failed: tasks failed to
 * start. (x117)". Order of first appearance is kept.
 */
export function collapseRepeats(lines: readonly string[]): string[];
export function collapseRepeats<T>(
  lines: readonly string[],
  render: (line: string, count: number) => T,
): T[];
export function collapseRepeats<T>(
  lines: readonly string[],
  render?: (line: string, count: number) => T,
): (T | string)[] {
  const counts = new Map<string, number>();
  for (const line of lines) counts.set(line, (counts.get(line) ?? 0) + 1);
  return [...counts].map(([line, n]) =>
    render ? render(line, n) : n > 1 ? `${line} (x${n})` : line,
  );
}

/** "4m30s", "45s", "2h5m". */
export function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? `${m}m${s % 60}s` : `${m}m`;
  return m % 60 ? `${Math.floor(m / 60)}h${m % 60}m` : `${m / 60}h`;
}

function roleOrder(r: RevisionTraffic): number {
  return r.role === 'target' ? 0 : 1;
}

function roleName(r: RevisionTraffic): string {
  return r.role === 'target' ? 'new' : 'old';
}

function percent(p: number): string {
  return `${Math.round(p * 10) / 10}%`;
}
