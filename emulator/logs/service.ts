/**
 * CloudWatch Logs (awsJson1_1, target prefix `Logs_20140328`): the reads a user makes of a task's
 * awslogs output (GetLogEvents, FilterLogEvents, DescribeLogStreams, DescribeLogGroups) and
 * CreateLogGroup. Reached through AWS_ENDPOINT_URL_CLOUDWATCH_LOGS.
 */
import { AwsError, type Handler, type JsonService } from '../protocol/json-service.js';
import type { EmulatorState, LogGroup } from '../state.js';
import { parseFilterPattern } from './filter-pattern.js';
import { eventWindow, indexedEvents, logGroup } from './store.js';

const MAX_EVENTS = 10_000;

function invalidParameter(message: string): AwsError {
  return new AwsError('InvalidParameterException', message);
}

function notFound(message: string): AwsError {
  return new AwsError('ResourceNotFoundException', message);
}

/** `logGroupName`, or `logGroupIdentifier` (a name or an ARN), as the model allows. */
function findGroup(state: EmulatorState, input: any): LogGroup {
  const ref = input?.logGroupName ?? input?.logGroupIdentifier;
  if (input?.logGroupName && input?.logGroupIdentifier)
    throw invalidParameter('LogGroup name and LogGroup ARN are mutually exclusive parameters.');
  if (typeof ref !== 'string' || !ref)
    throw invalidParameter('Either LogGroup name or LogGroup ARN must be provided.');
  const name = ref.startsWith('arn:')
    ? ref.replace(/^arn:[^:]+:logs:[^:]*:\d*:log-group:/, '').replace(/:\*$/, '')
    : ref;
  const group = state.logs.get(name);
  if (!group) throw notFound('The specified log group does not exist.');
  return group;
}

function limitOf(input: any, max: number): number {
  const limit = input?.limit ?? max;
  if (!Number.isInteger(limit) || limit < 1 || limit > max)
    throw invalidParameter(
      `1 validation error detected: Value '${limit}' at 'limit' failed to satisfy constraint: Member must have value between 1 and ${max}`,
    );
  return limit;
}

function groupArn(state: EmulatorState, name: string): string {
  return `arn:aws:logs:${state.region}:${state.account}:log-group:${name}`;
}

function parseToken(token: unknown): { direction: 'f' | 'b'; index: number } | undefined {
  if (token === undefined) return undefined;
  const m = typeof token === 'string' ? /^([fb])\/(\d+)$/.exec(token) : null;
  if (!m) throw invalidParameter('The specified nextToken is invalid.');
  return { direction: m[1] as 'f' | 'b', index: Number(m[2]) };
}

export function createLogsService(state: EmulatorState, now: () => number): JsonService {
  const handlers: Record<string, Handler> = {
    CreateLogGroup: (input) => createLogGroup(state, input, now()),
    DescribeLogGroups: (input) => describeLogGroups(state, input),
    DescribeLogStreams: (input) => describeLogStreams(state, input),
    GetLogEvents: (input) => getLogEvents(state, input),
    FilterLogEvents: (input) => filterLogEvents(state, input),
  };
  return { name: 'logs', targetPrefix: 'Logs_20140328', handlers };
}

function createLogGroup(state: EmulatorState, input: any, now: number): unknown {
  const name = input?.logGroupName;
  if (typeof name !== 'string' || !/^[.\-_/#A-Za-z0-9]{1,512}$/.test(name))
    throw invalidParameter(`Invalid log group name: ${String(name)}`);
  if (state.logs.has(name))
    throw new AwsError('ResourceAlreadyExistsException', 'The specified log group already exists');
  logGroup(state, name, now);
  return {};
}

function describeLogGroups(state: EmulatorState, input: any): unknown {
  const prefix = input?.logGroupNamePrefix ?? '';
  const limit = limitOf(input, 50);
  const from = Number(input?.nextToken ?? 0);
  const all = [...state.logs.values()]
    .filter((g) => g.name.startsWith(prefix))
    .sort((a, b) => a.name.localeCompare(b.name));
  const page = all.slice(from, from + limit);
  return {
    logGroups: page.map((g) => ({
      logGroupName: g.name,
      creationTime: g.createdAt,
      arn: `${groupArn(state, g.name)}:*`,
      logGroupArn: groupArn(state, g.name),
      storedBytes: 0,
    })),
    ...(from + limit < all.length ? { nextToken: String(from + limit) } : {}),
  };
}

function describeLogStreams(state: EmulatorState, input: any): unknown {
  const group = findGroup(state, input);
  const limit = limitOf(input, 50);
  if (input?.logStreamNamePrefix && input?.orderBy === 'LastEventTime')
    throw invalidParameter('Cannot order by LastEventTime with a logStreamNamePrefix.');
  const from = Number(input?.nextToken ?? 0);
  const streams = [...group.streams.values()].filter((s) =>
    s.name.startsWith(input?.logStreamNamePrefix ?? ''),
  );
  const last = (s: (typeof streams)[number]) => s.events.at(-1)?.timestamp ?? s.createdAt;
  streams.sort((a, b) =>
    input?.orderBy === 'LastEventTime' ? last(a) - last(b) : a.name.localeCompare(b.name),
  );
  if (input?.descending) streams.reverse();
  const page = streams.slice(from, from + limit);
  return {
    logStreams: page.map((s) => ({
      logStreamName: s.name,
      creationTime: s.createdAt,
      ...(s.events.length
        ? {
            firstEventTimestamp: s.events[0]!.timestamp,
            lastEventTimestamp: s.events.at(-1)!.timestamp,
            lastIngestionTime: s.events.at(-1)!.ingestionTime,
          }
        : {}),
      arn: `${groupArn(state, group.name)}:log-stream:${s.name}`,
      storedBytes: 0,
    })),
    ...(from + limit < streams.length ? { nextToken: String(from + limit) } : {}),
  };
}

function getLogEvents(state: EmulatorState, input: any): unknown {
  const group = findGroup(state, input);
  const stream = group.streams.get(input?.logStreamName);
  if (!stream) throw notFound('The specified log stream does not exist.');
  const token = parseToken(input?.nextToken);
  const window = eventWindow(stream, {
    startTime: input?.startTime,
    endTime: input?.endTime,
    limit: limitOf(input, MAX_EVENTS),
    startFromHead: input?.startFromHead === true,
    ...(token ? { token } : {}),
  });
  return {
    events: window.events.map((e) => ({
      timestamp: e.timestamp,
      message: e.message,
      ingestionTime: e.ingestionTime,
    })),
    nextForwardToken: `f/${window.forwardFrom}`,
    nextBackwardToken: `b/${window.backwardBefore}`,
  };
}

function filterLogEvents(state: EmulatorState, input: any): unknown {
  const group = findGroup(state, input);
  if (input?.logStreamNames && input?.logStreamNamePrefix)
    throw invalidParameter(
      'logStreamNames and logStreamNamePrefix are mutually exclusive parameters.',
    );
  const match = parseFilterPattern(input?.filterPattern);
  if (typeof match !== 'function') throw invalidParameter(match.error);
  const limit = limitOf(input, MAX_EVENTS);
  const names: string[] | undefined = input?.logStreamNames;
  const streams = [...group.streams.values()].filter(
    (s) =>
      (!names || names.includes(s.name)) && s.name.startsWith(input?.logStreamNamePrefix ?? ''),
  );
  const events = streams
    .flatMap((s) => indexedEvents(s).map((e) => ({ ...e, logStreamName: s.name })))
    .filter(
      (e) =>
        (input?.startTime === undefined || e.timestamp >= input.startTime) &&
        (input?.endTime === undefined || e.timestamp <= input.endTime) &&
        match(e.message),
    )
    .sort(
      (a, b) =>
        a.timestamp - b.timestamp ||
        a.logStreamName.localeCompare(b.logStreamName) ||
        a.index - b.index,
    );
  const from = input?.nextToken === undefined ? 0 : Number(input.nextToken);
  if (!Number.isInteger(from) || from < 0)
    throw invalidParameter('The specified nextToken is invalid.');
  const page = events.slice(from, from + limit);
  return {
    events: page.map((e) => ({
      logStreamName: e.logStreamName,
      timestamp: e.timestamp,
      message: e.message,
      ingestionTime: e.ingestionTime,
      eventId: `${e.logStreamName}/${e.index}`,
    })),
    searchedLogStreams: streams.map((s) => ({
      logStreamName: s.name,
      searchedCompletely: true,
    })),
    ...(from + limit < events.length ? { nextToken: String(from + limit) } : {}),
  };
}
