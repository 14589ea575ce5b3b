import {
  DescribeServicesCommand,
  DescribeTasksCommand,
  ListTasksCommand,
  type ECSClient,
} from '@aws-sdk/client-ecs';
import {
  freshServiceEvents,
  stoppedSince,
  stoppedTaskLine,
  type StoppedTaskView,
} from './service-events.js';

/**
 * What ECS says about a deployment while it runs: new service events and why tasks stopped.
 * Evidence only: a failing call here is logged at debug level, never decides anything.
 */
export class ServiceEvidence {
  private readonly seenEvents = new Set<string>();
  private readonly seenTasks = new Set<string>();
  calls = 0;

  constructor(
    private readonly ecs: ECSClient,
    private readonly cluster: string,
    private readonly service: string,
    private readonly since: Date,
  ) {}

  /** Service events since the deployment started that were not returned before, oldest first. */
  async newEvents(): Promise<string[]> {
    this.calls++;
    const out = await this.ecs.send(
      new DescribeServicesCommand({ cluster: this.cluster, services: [this.service] }),
    );
    const events = (out.services?.[0]?.events ?? []).map((e) => ({
      id: e.id ?? `${e.createdAt?.getTime()}:${e.message}`,
      createdAt: e.createdAt ?? new Date(0),
      message: e.message ?? '',
    }));
    const fresh = freshServiceEvents(events, this.since, this.seenEvents);
    for (const e of fresh) this.seenEvents.add(e.id);
    return fresh.map((e) => e.message);
  }

  /** Tasks of the service that stopped since the deployment started, with their reasons. */
  async newStoppedTasks(): Promise<string[]> {
    this.calls++;
    const list = await this.ecs.send(
      new ListTasksCommand({
        cluster: this.cluster,
        serviceName: this.service,
        desiredStatus: 'STOPPED',
      }),
    );
    const arns = (list.taskArns ?? []).filter((arn) => !this.seenTasks.has(arn)).slice(0, 100);
    if (arns.length === 0) return [];
    this.calls++;
    const out = await this.ecs.send(
      new DescribeTasksCommand({ cluster: this.cluster, tasks: arns }),
    );
    const tasks: StoppedTaskView[] = (out.tasks ?? []).map((t) => ({
      taskArn: t.taskArn ?? '?',
      stoppedAt: t.stoppedAt,
      stoppedReason: t.stoppedReason,
      taskDefinitionArn: t.taskDefinitionArn,
      containers: (t.containers ?? []).map((c) => ({
        name: c.name ?? '?',
        exitCode: c.exitCode,
        reason: c.reason,
      })),
    }));
    for (const t of tasks) this.seenTasks.add(t.taskArn);
    return stoppedSince(tasks, this.since).map(stoppedTaskLine);
  }
}
