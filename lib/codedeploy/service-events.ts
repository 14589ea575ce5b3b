/** ECS service events and stopped tasks, reduced to the lines that explain a deployment. */

export interface ServiceEventView {
  id: string;
  createdAt: Date;
  message: string;
}

export interface StoppedTaskView {
  taskArn: string;
  stoppedAt?: Date;
  stoppedReason?: string;
  taskDefinitionArn?: string;
  containers: { name: string; exitCode?: number; reason?: string }[];
}

/** Events newer than `since` not shown before, oldest first (ECS lists newest first, at most 100). */
export function freshServiceEvents(
  events: readonly ServiceEventView[],
  since: Date,
  seen: ReadonlySet<string>,
): ServiceEventView[] {
  return events
    .filter((e) => e.createdAt.getTime() >= since.getTime() && !seen.has(e.id))
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
}

/** "task 1a2b (family:7) stopped: Essential container in task exited; web: exit 1 (OOM)". */
export function stoppedTaskLine(task: StoppedTaskView): string {
  const id = task.taskArn.split('/').pop() ?? task.taskArn;
  const family = task.taskDefinitionArn?.split('/').pop();
  const containers = task.containers
    .filter((c) => (c.exitCode !== undefined && c.exitCode !== 0) || c.reason)
    .map(
      (c) =>
        `${c.name}: ${[c.exitCode !== undefined ? `exit ${c.exitCode}` : '', c.reason ?? ''].filter(Boolean).join(' ')}`,
    );
  return [
    `task ${id}${family ? ` (${family})` : ''} stopped: ${task.stoppedReason ?? 'no reason given'}`,
    ...containers,
  ].join('; ');
}

/** Stopped tasks that ended since the deployment started, newest first, at most `limit`. */
export function stoppedSince(
  tasks: readonly StoppedTaskView[],
  since: Date,
  limit = 5,
): StoppedTaskView[] {
  return tasks
    .filter((t) => (t.stoppedAt?.getTime() ?? 0) >= since.getTime())
    .sort((a, b) => (b.stoppedAt?.getTime() ?? 0) - (a.stoppedAt?.getTime() ?? 0))
    .slice(0, limit);
}
