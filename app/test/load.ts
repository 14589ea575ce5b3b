// A bounded loopback load loop over keep-alive connections (no load-testing package here):
// used by the graceful-shutdown test and by bench/app.bench.ts.
import { Agent, request } from 'node:http';

export interface Call {
  method: 'GET' | 'POST';
  path: string;
  body?: string;
}

export interface Outcome {
  status?: number;
  /** The socket error code (ECONNREFUSED, ECONNRESET...) when no response came back. */
  error?: string;
  /** When the response (or error) arrived, from performance.now(). */
  at: number;
  ms: number;
}

export interface Load {
  port: number;
  concurrency: number;
  call: (n: number) => Call;
  /** Asked after each outcome: false ends that worker. */
  keepGoing: (outcome: Outcome) => boolean;
}

export async function hammer(load: Load): Promise<Outcome[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: load.concurrency });
  const outcomes: Outcome[] = [];
  let n = 0;
  const worker = async () => {
    for (;;) {
      const outcome = await send(agent, load.port, load.call(n++));
      outcomes.push(outcome);
      if (!load.keepGoing(outcome)) return;
    }
  };
  try {
    await Promise.all(Array.from({ length: load.concurrency }, worker));
  } finally {
    agent.destroy();
  }
  return outcomes;
}

function send(agent: Agent, port: number, call: Call): Promise<Outcome> {
  const started = performance.now();
  return new Promise((resolve) => {
    const req = request(
      {
        agent,
        host: '127.0.0.1',
        port,
        method: call.method,
        path: call.path,
        headers: call.body === undefined ? {} : { 'content-type': 'application/json' },
      },
      (res) => {
        res.resume();
        res.once('end', () => {
          const at = performance.now();
          resolve({ status: res.statusCode, at, ms: at - started });
        });
      },
    );
    req.once('error', (error: NodeJS.ErrnoException) => {
      const at = performance.now();
      resolve({ error: error.code ?? error.message, at, ms: at - started });
    });
    req.end(call.body);
  });
}

/** The p-th percentile (0..100) of latencies, nearest-rank. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return (
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ??
    NaN
  );
}
