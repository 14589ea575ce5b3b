/**
 * CloudWatch Logs records: what the awslogs driver writes for a task's container, and the pure
 * reads GetLogEvents and FilterLogEvents answer from. Times are virtual epoch milliseconds.
 */
import type { EmulatorState, LogEvent, LogGroup, LogStream } from '../state.js';

/** Events kept per stream; older ones are dropped (a task's recent output is what is read). */
export const LOG_STREAM_EVENTS = 10_000;

/** Where the awslogs driver writes a container's output, or nothing for another driver. */
export interface AwslogsTarget {
  group: string;
  stream: string;
}

/**
 * The awslogs driver's destination: `<awslogs-stream-prefix>/<container name>/<task id>` in
 * `awslogs-group`. [infer] Without a prefix the stream is the task id (on EC2 AWS names it after
 * the Docker container id, which a process task does not have).
 */
export function awslogsTarget(
  container: Record<string, any>,
  taskArn: string,
): AwslogsTarget | undefined {
  const config = container.logConfiguration;
  if (config?.logDriver !== 'awslogs') return undefined;
  const group = config.options?.['awslogs-group'];
  if (typeof group !== 'string' || !group) return undefined;
  const taskId = taskArn.slice(taskArn.lastIndexOf('/') + 1);
  const prefix = config.options?.['awslogs-stream-prefix'];
  const stream =
    typeof prefix === 'string' && prefix ? `${prefix}/${container.name}/${taskId}` : taskId;
  return { group, stream };
}

export function logGroup(state: EmulatorState, name: string, now: number): LogGroup {
  let group = state.logs.get(name);
  if (!group) {
    group = { name, createdAt: now, streams: new Map() };
    state.logs.set(name, group);
  }
  return group;
}

/**
 * Appends one line. [infer] The group and stream are created on first write, as with
 * `awslogs-create-group: true`: seeds and task definitions of the suite name groups that the
 * infrastructure, not the emulator, creates.
 */
export function appendLogEvent(
  state: EmulatorState,
  target: AwslogsTarget,
  message: string,
  now: number,
): void {
  const group = logGroup(state, target.group, now);
  let stream = group.streams.get(target.stream);
  if (!stream) {
    stream = { name: target.stream, createdAt: now, events: [], written: 0 };
    group.streams.set(target.stream, stream);
  }
  stream.events.push({ timestamp: now, ingestionTime: now, message });
  stream.written += 1;
  if (stream.events.length > LOG_STREAM_EVENTS) stream.events.shift();
}

/** An event with its position among every event ever written to its stream. */
export interface IndexedEvent extends LogEvent {
  index: number;
}

export function indexedEvents(stream: LogStream): IndexedEvent[] {
  const first = stream.written - stream.events.length;
  return stream.events.map((e, i) => ({ ...e, index: first + i }));
}

export interface EventWindow {
  events: IndexedEvent[];
  /** Index the next forward read starts at; index the next backward read ends before. */
  forwardFrom: number;
  backwardBefore: number;
}

/**
 * GetLogEvents' window: from a forward token onwards, before a backward token, from the head, or
 * (the default) the newest `limit` events; only events in [startTime, endTime).
 */
export function eventWindow(
  stream: LogStream,
  request: {
    startTime?: number;
    endTime?: number;
    limit: number;
    startFromHead: boolean;
    token?: { direction: 'f' | 'b'; index: number };
  },
): EventWindow {
  const inTime = indexedEvents(stream).filter(
    (e) =>
      (request.startTime === undefined || e.timestamp >= request.startTime) &&
      (request.endTime === undefined || e.timestamp < request.endTime),
  );
  const token = request.token;
  const forward = token ? token.direction === 'f' : request.startFromHead;
  let events: IndexedEvent[];
  if (forward) {
    const from = token?.index ?? 0;
    events = inTime.filter((e) => e.index >= from).slice(0, request.limit);
  } else {
    const before = token?.index ?? Number.POSITIVE_INFINITY;
    events = inTime.filter((e) => e.index < before).slice(-request.limit);
  }
  const end = stream.written;
  return {
    events,
    forwardFrom: events.length ? events[events.length - 1]!.index + 1 : (token?.index ?? end),
    backwardBefore: events.length ? events[0]!.index : (token?.index ?? end),
  };
}
