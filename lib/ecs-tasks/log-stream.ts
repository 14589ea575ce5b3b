/**
 * Where a container's output is (the awslogs driver's CloudWatch Logs stream) and its last lines.
 */
import { GetLogEventsCommand, type CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { ContainerDefinition } from '@aws-sdk/client-ecs';
import { errorName } from '../errors/aws-errors.js';
import { maskLogLine } from './mask.js';

export interface LogStreamRef {
  group: string;
  stream: string;
}

/** `<awslogs-stream-prefix>/<container>/<task id>` in `awslogs-group`; nothing for other drivers. */
export function awslogsStreamOf(
  container: ContainerDefinition,
  taskArn: string,
): LogStreamRef | undefined {
  const config = container.logConfiguration;
  if (config?.logDriver !== 'awslogs') return undefined;
  const group = config.options?.['awslogs-group'];
  const prefix = config.options?.['awslogs-stream-prefix'];
  if (!group || !prefix) return undefined;
  const taskId = taskArn.slice(taskArn.lastIndexOf('/') + 1);
  return { group, stream: `${prefix}/${container.name}/${taskId}` };
}

/**
 * The stream's last `lines` lines, masked. A stream that does not exist (yet) is no lines; other
 * errors (no logs:GetLogEvents permission) become one line saying so: the log tail explains a
 * result, it never decides one.
 */
export async function readLogTail(
  logs: CloudWatchLogsClient,
  ref: LogStreamRef,
  lines: number,
): Promise<string[]> {
  try {
    const out = await logs.send(
      new GetLogEventsCommand({
        logGroupName: ref.group,
        logStreamName: ref.stream,
        limit: lines,
        startFromHead: false,
      }),
    );
    return (out.events ?? []).map((e) => maskLogLine(e.message ?? '').trimEnd());
  } catch (error) {
    if (errorName(error) === 'ResourceNotFoundException') return [];
    return [`(could not read ${ref.group} ${ref.stream}: ${errorName(error) || String(error)})`];
  }
}
