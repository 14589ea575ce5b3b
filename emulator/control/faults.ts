/**
 * Fault injection and the call log. A fault matches calls by service and/or operation and fires
 * for `count` calls, or for a `fraction` of calls, or (neither given) for every call until cleared.
 */
export type FaultKind = 'throttle' | 'error5xx' | 'reset' | 'latency' | 'error';

export interface FaultSpec {
  service?: string;
  operation?: string;
  kind: FaultKind;
  count?: number;
  fraction?: number;
  latencyMs?: number;
  /** kind error: the AWS error code and message answered (400), e.g. AccessDeniedException. */
  code?: string;
  message?: string;
}

export interface Fault extends FaultSpec {
  id: number;
  fired: number;
}

const KINDS: FaultKind[] = ['throttle', 'error5xx', 'reset', 'latency', 'error'];

/** Checks a fault from the control API; returns the problem as one line. */
export function faultProblem(spec: any): string | undefined {
  if (!spec || typeof spec !== 'object') return 'body must be a JSON object';
  if (!KINDS.includes(spec.kind)) return `kind must be one of ${KINDS.join(', ')}`;
  if (spec.count !== undefined && !(Number.isInteger(spec.count) && spec.count > 0))
    return 'count must be a positive integer';
  if (
    spec.fraction !== undefined &&
    !(typeof spec.fraction === 'number' && spec.fraction > 0 && spec.fraction <= 1)
  ) {
    return 'fraction must be a number in (0, 1]';
  }
  if (spec.kind === 'latency' && !(typeof spec.latencyMs === 'number' && spec.latencyMs >= 0)) {
    return 'latency faults need latencyMs >= 0';
  }
  if (spec.kind === 'error' && !(typeof spec.code === 'string' && spec.code)) {
    return 'error faults need a code, e.g. AccessDeniedException';
  }
  for (const key of ['service', 'operation', 'message'] as const) {
    if (spec[key] !== undefined && typeof spec[key] !== 'string') return `${key} must be a string`;
  }
  return undefined;
}

export class FaultInjector {
  private faults: Fault[] = [];
  private nextId = 1;

  constructor(private readonly random: () => number = Math.random) {}

  add(spec: FaultSpec): Fault {
    const fault: Fault = { ...spec, id: this.nextId++, fired: 0 };
    this.faults.push(fault);
    return fault;
  }

  list(): Fault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  clear(): void {
    this.faults = [];
  }

  /** Faults that fire for this call (a latency fault can combine with one failure). */
  match(service: string, operation: string): Fault[] {
    const fired: Fault[] = [];
    for (const fault of this.faults) {
      if (fault.service && fault.service.toLowerCase() !== service.toLowerCase()) continue;
      if (fault.operation && fault.operation !== operation) continue;
      if (fault.fraction !== undefined && this.random() >= fault.fraction) continue;
      fault.fired += 1;
      fired.push(fault);
    }
    this.faults = this.faults.filter((f) => f.count === undefined || f.fired < f.count);
    return fired;
  }
}

/** One call as the log keeps it: the operation and real milliseconds since the log was reset. */
export interface LoggedCall {
  operation: string;
  atMs: number;
}

/** How many calls the log keeps in order (the counts cover every call). */
const TIMELINE_LIMIT = 1000;

/** The calls the emulator answered since the last reset: counts, and the first ones in order (for benches). */
export class CallLog {
  private counts = new Map<string, number>();
  private totalCalls = 0;
  private calls: LoggedCall[] = [];
  private since = performance.now();

  record(service: string, operation: string): void {
    const key = `${service}.${operation}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    this.totalCalls += 1;
    if (this.calls.length < TIMELINE_LIMIT)
      this.calls.push({ operation: key, atMs: Math.round(performance.now() - this.since) });
  }

  snapshot(): {
    total: number;
    byOperation: Record<string, number>;
    timeline: LoggedCall[];
  } {
    return {
      total: this.totalCalls,
      byOperation: Object.fromEntries([...this.counts].sort()),
      timeline: [...this.calls],
    };
  }

  reset(): void {
    this.counts.clear();
    this.totalCalls = 0;
    this.calls = [];
    this.since = performance.now();
  }
}
