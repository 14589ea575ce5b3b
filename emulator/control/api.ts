/**
 * The control API under /_emulator/ (JSON in, JSON out): faults, unhealthy task definitions,
 * hook executions, alarms, the call log, the clock and a state dump. README.md lists it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { VirtualClock } from '../clock.js';
import { findTaskDefinition } from '../ecs/task-definitions.js';
import { isTerminal } from '../codedeploy/engine.js';
import { nativeStore } from '../ecs/native/store.js';
import type { EmulatorState } from '../state.js';
import { faultProblem, type CallLog, type FaultInjector } from './faults.js';
import { dumpState } from './dump.js';

export interface ControlDeps {
  state: EmulatorState;
  clock: VirtualClock;
  faults: FaultInjector;
  calls: CallLog;
  /** Brings the world to the clock's "now" (after a clock jump or a hook change). */
  tick(): void;
}

class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

type Route = (body: any, deps: ControlDeps) => unknown;

const ROUTES: Record<string, Route> = {
  'GET /_emulator/health': () => ({ ok: true }),
  'GET /_emulator/state': (_b, d) => dumpState(d.state, d.clock),
  'GET /_emulator/calls': (_b, d) => d.calls.snapshot(),
  'DELETE /_emulator/calls': (_b, d) => {
    d.calls.reset();
    return d.calls.snapshot();
  },
  'GET /_emulator/faults': (_b, d) => ({ faults: d.faults.list() }),
  'POST /_emulator/faults': (body, d) => {
    const problem = faultProblem(body);
    if (problem) throw new ControlError(400, `fault: ${problem}`);
    return d.faults.add(body);
  },
  'DELETE /_emulator/faults': (_b, d) => {
    d.faults.clear();
    return { faults: [] };
  },
  'POST /_emulator/unhealthy': (body, d) => {
    let arn: string;
    try {
      arn = findTaskDefinition(d.state, body?.taskDefinition).arn;
    } catch {
      throw new ControlError(
        404,
        `taskDefinition "${body?.taskDefinition}" is not registered (write family:revision or an ARN)`,
      );
    }
    if (body.unhealthy === false) d.state.unhealthyTaskDefinitions.delete(arn);
    else d.state.unhealthyTaskDefinitions.add(arn);
    d.tick();
    return { unhealthy: [...d.state.unhealthyTaskDefinitions] };
  },
  'GET /_emulator/hooks': (_b, d) => ({
    hooks: [...d.state.codedeploy.hooks.values()]
      .filter((h) => h.status === 'Pending' && !h.timedOut)
      .filter((h) => {
        const dep = d.state.codedeploy.deployments.get(h.deploymentId);
        return dep && !isTerminal(dep);
      })
      .map((h) => ({ ...h, startedAt: new Date(h.startedAt).toISOString() })),
  }),
  'POST /_emulator/hooks/fail': (body, d) => answerHook(body, d, 'fail'),
  'POST /_emulator/hooks/timeout': (body, d) => answerHook(body, d, 'timeout'),
  'GET /_emulator/alarms': (_b, d) => ({ alarms: Object.fromEntries(d.state.codedeploy.alarms) }),
  'POST /_emulator/alarms': (body, d) => {
    if (
      typeof body?.name !== 'string' ||
      !['OK', 'ALARM', 'INSUFFICIENT_DATA'].includes(body.state)
    ) {
      throw new ControlError(
        400,
        'alarm: send {"name": "<alarm>", "state": "ALARM" | "OK" | "INSUFFICIENT_DATA"}',
      );
    }
    d.state.codedeploy.alarms.set(body.name, body.state);
    d.tick();
    return { alarms: Object.fromEntries(d.state.codedeploy.alarms) };
  },
  'GET /_emulator/lambda': (_b, d) => ({ functions: Object.fromEntries(nativeStore(d.state).lambdas) }),
  'POST /_emulator/lambda': (body, d) => bindLambda(body, d),
  'GET /_emulator/clock': (_b, d) => clockView(d.clock),
  'POST /_emulator/clock': (body, d) => {
    if (body?.speed !== undefined) {
      try {
        d.clock.setSpeed(body.speed);
      } catch (error) {
        throw new ControlError(400, (error as Error).message);
      }
    }
    const advance = (body?.advanceMs ?? 0) + (body?.advanceMinutes ?? 0) * 60_000;
    if (!(advance >= 0)) throw new ControlError(400, 'advanceMs/advanceMinutes must be >= 0');
    if (advance > 0) {
      d.clock.advance(advance);
      d.tick();
    }
    return clockView(d.clock);
  },
};

/** Binds an ECS lifecycle-hook Lambda ARN to a local HTTP handler (`url: null` unbinds it). */
function bindLambda(body: any, d: ControlDeps): unknown {
  const arn = body?.functionArn;
  if (typeof arn !== 'string' || !/^arn:aws:lambda:[^:]+:\d{12}:function:[\w-]+/.test(arn)) {
    throw new ControlError(
      400,
      'lambda: send {"functionArn": "arn:aws:lambda:<region>:<account>:function:<name>", "url": "http://127.0.0.1:<port>/"}',
    );
  }
  const lambdas = nativeStore(d.state).lambdas;
  if (body.url === null) lambdas.delete(arn);
  else if (typeof body.url === 'string' && /^https?:\/\//.test(body.url)) lambdas.set(arn, body.url);
  else throw new ControlError(400, `lambda: url must be an http(s) URL of the handler, got ${JSON.stringify(body.url)}`);
  return { functions: Object.fromEntries(lambdas) };
}

function clockView(clock: VirtualClock): Record<string, unknown> {
  const now = clock.now();
  return { now: new Date(now).toISOString(), epochMs: now, speed: clock.speed };
}

function answerHook(body: any, d: ControlDeps, how: 'fail' | 'timeout'): unknown {
  const id = body?.lifecycleEventHookExecutionId;
  const hook = id ? d.state.codedeploy.hooks.get(id) : undefined;
  if (!hook)
    throw new ControlError(
      404,
      `no hook execution "${id}"; GET /_emulator/hooks lists pending ones`,
    );
  if (hook.status !== 'Pending')
    throw new ControlError(409, `hook execution already ${hook.status}`);
  if (how === 'fail') hook.status = 'Failed';
  else hook.timedOut = true;
  d.tick();
  return { ...hook, startedAt: new Date(hook.startedAt).toISOString() };
}

export async function handleControl(
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
  deps: ControlDeps,
): Promise<void> {
  const path = (req.url ?? '').split('?')[0]!.replace(/\/$/, '');
  const route = ROUTES[`${req.method} ${path}`];
  const reply = (status: number, payload: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(payload, null, 2));
  };
  if (!route) {
    return reply(404, {
      message: `unknown control endpoint ${req.method} ${path}`,
      endpoints: Object.keys(ROUTES),
    });
  }
  let input: unknown = {};
  if (body.length) {
    try {
      input = JSON.parse(body.toString('utf8'));
    } catch {
      return reply(400, { message: 'body must be JSON' });
    }
  }
  try {
    deps.tick();
    reply(200, route(input, deps));
  } catch (error) {
    if (error instanceof ControlError) return reply(error.status, { message: error.message });
    throw error;
  }
}
