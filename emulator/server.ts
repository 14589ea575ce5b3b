/**
 * One HTTP server, one port: awsJson1_1 calls (X-Amz-Target) go to JsonServices, form-encoded
 * query calls (Action=...) to QueryServices (ELBv2), `/v2/` to the ECR registry front, and
 * `/_emulator/` to the control API. Every AWS call is counted and may be faulted.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { CallLog, FaultInjector } from './control/faults.js';
import { AwsError, type JsonService, type ServiceContext } from './protocol/json-service.js';
import { queryError, queryResponse, type QueryService } from './protocol/query.js';
import { readBody } from './protocol/read-body.js';
import { signedRegion } from './protocol/signature.js';

export interface ServerDeps {
  jsonServices: JsonService[];
  queryServices: QueryService[];
  context: ServiceContext;
  faults: FaultInjector;
  calls: CallLog;
  /** Brings the world up to "now" before a call is answered. */
  beforeCall(): void;
  control(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void>;
  registry?(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
}

const JSON_TYPE = 'application/x-amz-json-1.1';

export function createEmulatorServer(deps: ServerDeps): Server {
  const byPrefix = new Map(deps.jsonServices.map((s) => [s.targetPrefix, s]));
  return createServer((req, res) => {
    route(req, res, deps, byPrefix).catch((error: unknown) => {
      process.stderr.write(
        `emulator: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('internal error');
    });
  });
}

async function route(
  req: IncomingMessage,
  res: ServerResponse,
  deps: ServerDeps,
  byPrefix: Map<string, JsonService>,
): Promise<void> {
  const url = req.url ?? '/';
  if (url.startsWith('/v2/') || url === '/v2') {
    if (deps.registry && (await deps.registry(req, res))) return;
    res.writeHead(404).end();
    return;
  }
  const body = await readBody(req);
  if (url.startsWith('/_emulator')) return deps.control(req, res, body);
  const target = req.headers['x-amz-target'];
  if (typeof target === 'string') return json(req, res, deps, byPrefix, target, body);
  const type = String(req.headers['content-type'] ?? '');
  const text = body.toString('utf8');
  if (type.includes('x-www-form-urlencoded') || /(^|&)Action=/.test(text))
    return query(req, res, deps, text);
  res.writeHead(404, { 'content-type': 'application/json' });
  res.end(
    JSON.stringify({
      message: 'Not an AWS API call: send X-Amz-Target (JSON) or Action= (query).',
    }),
  );
}

/** Applies injected faults. Returns true when the call was answered (or dropped) by a fault. */
async function applyFaults(
  deps: ServerDeps,
  req: IncomingMessage,
  service: string,
  operation: string,
  fail: (error: AwsError) => void,
): Promise<boolean> {
  const fired = deps.faults.match(service, operation);
  for (const fault of fired.filter((f) => f.kind === 'latency')) {
    await new Promise((r) => setTimeout(r, fault.latencyMs ?? 0));
  }
  const failure = fired.find((f) => f.kind !== 'latency');
  if (!failure) return false;
  if (failure.kind === 'reset') {
    req.socket.destroy();
    return true;
  }
  if (failure.kind === 'error') {
    // A refusal the SDK does not retry (AccessDenied, validation): what a missing IAM permission looks like.
    fail(
      new AwsError(
        failure.code!,
        failure.message ?? `${operation} refused (injected fault: ${failure.code})`,
      ),
    );
    return true;
  }
  if (failure.kind === 'throttle') {
    fail(new AwsError(service === 'elbv2' ? 'Throttling' : 'ThrottlingException', 'Rate exceeded'));
    return true;
  }
  fail(
    new AwsError(
      service === 'ecs' || service === 'ecr' ? 'ServerException' : 'InternalFailure',
      'The service encountered an internal error (injected fault). Try again.',
      500,
    ),
  );
  return true;
}

function asAwsError(error: unknown, service: string): AwsError {
  if (error instanceof AwsError) return error;
  process.stderr.write(
    `emulator: ${service}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  return new AwsError(
    service === 'ecs' || service === 'ecr' ? 'ServerException' : 'InternalFailure',
    `Internal error: ${error instanceof Error ? error.message : String(error)}`,
    500,
  );
}

/** JSON.stringify with Dates as epoch seconds, the awsJson1_1 timestamp format. */
export function encodeJson(value: unknown): string {
  return JSON.stringify(value, function (this: any, key: string, v: unknown) {
    const raw = this[key];
    return raw instanceof Date ? raw.getTime() / 1000 : v;
  });
}

async function json(
  req: IncomingMessage,
  res: ServerResponse,
  deps: ServerDeps,
  byPrefix: Map<string, JsonService>,
  target: string,
  body: Buffer,
): Promise<void> {
  const requestId = randomUUID();
  const send = (status: number, payload: unknown, errorType?: string) => {
    res.writeHead(status, {
      'content-type': JSON_TYPE,
      'x-amzn-requestid': requestId,
      ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
    });
    res.end(encodeJson(payload));
  };
  const fail = (error: AwsError) =>
    send(error.status, { __type: error.code, message: error.message, ...error.fields }, error.code);
  const dot = target.lastIndexOf('.');
  const service = byPrefix.get(target.slice(0, dot));
  const operation = target.slice(dot + 1);
  const handler = service?.handlers[operation];
  deps.calls.record(service?.name ?? 'unknown', operation);
  if (!service || !handler || dot < 0) {
    return fail(
      new AwsError(
        'UnknownOperationException',
        `The operation ${target} is not supported by the emulator.`,
      ),
    );
  }
  if (await applyFaults(deps, req, service.name, operation, fail)) return;
  let input: unknown;
  try {
    input = body.length ? JSON.parse(body.toString('utf8')) : {};
  } catch {
    return fail(new AwsError('SerializationException', 'The request body is not valid JSON.'));
  }
  try {
    deps.beforeCall();
    const context = { ...deps.context, signedRegion: signedRegion(req.headers.authorization) };
    const output = await handler(input ?? {}, context);
    send(200, output ?? {});
  } catch (error) {
    fail(asAwsError(error, service.name));
  }
}

async function query(
  req: IncomingMessage,
  res: ServerResponse,
  deps: ServerDeps,
  text: string,
): Promise<void> {
  const requestId = randomUUID();
  const params = Object.fromEntries(new URLSearchParams(text));
  const action = params.Action ?? '';
  const fail = (error: AwsError) => {
    res.writeHead(error.status, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId });
    res.end(queryError(error, requestId));
  };
  const service =
    deps.queryServices.find((s) => s.version === params.Version) ?? deps.queryServices[0];
  const handler = service?.handlers[action];
  deps.calls.record(service?.name ?? 'unknown', action);
  if (!service || !handler) {
    return fail(
      new AwsError('InvalidAction', `The action ${action} is not valid for this web service.`),
    );
  }
  if (await applyFaults(deps, req, service.name, action, fail)) return;
  try {
    deps.beforeCall();
    const result = handler(params, deps.context);
    res.writeHead(200, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId });
    res.end(queryResponse(service, action, result, requestId));
  } catch (error) {
    fail(asAwsError(error, service.name));
  }
}
