/**
 * Steady production traffic: GET /version on the production listener at a fixed rate, each
 * answer recorded with the version that served it (or the error), the phase it fell in and
 * when. Bounded: at most `maxInFlight` requests outstanding, so a hung target cannot pile up.
 */
import { Agent, get } from 'node:http';

export interface Answer {
  at: number;
  phase: string;
  /** The version that answered 200, else undefined. */
  version?: string;
  status: number | 'network-error';
}

export class TrafficGenerator {
  readonly answers: Answer[] = [];
  phase = 'setup';
  private timer: NodeJS.Timeout | undefined;
  private inFlight = 0;
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 16 });

  constructor(
    private readonly url: string,
    private readonly ratePerSecond = 25,
    private readonly maxInFlight = 32,
  ) {}

  start(): void {
    this.timer ??= setInterval(() => this.send(), 1000 / this.ratePerSecond);
  }

  /** Stops sending and waits for the answers still outstanding. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    for (let i = 0; i < 100 && this.inFlight > 0; i++) await new Promise((r) => setTimeout(r, 50));
    this.agent.destroy();
  }

  /** Answers since `since` (ms epoch). */
  since(since: number): Answer[] {
    const out: Answer[] = [];
    for (let i = this.answers.length - 1; i >= 0 && this.answers[i]!.at >= since; i--)
      out.push(this.answers[i]!);
    return out.reverse();
  }

  private send(): void {
    if (this.inFlight >= this.maxInFlight) {
      this.record({ status: 'network-error' });
      return;
    }
    this.inFlight += 1;
    const phase = this.phase;
    const req = get(`${this.url}/version`, { agent: this.agent, timeout: 5000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => {
        this.inFlight -= 1;
        let version: string | undefined;
        if (res.statusCode === 200) {
          try {
            version = (JSON.parse(body) as { version?: string }).version;
          } catch {
            version = undefined;
          }
        }
        this.record({ status: res.statusCode ?? 0, ...(version ? { version } : {}) }, phase);
      });
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => {
      this.inFlight -= 1;
      this.record({ status: 'network-error' }, phase);
    });
  }

  private record(answer: Omit<Answer, 'at' | 'phase'>, phase = this.phase): void {
    this.answers.push({ at: Date.now(), phase, ...answer });
  }
}

export function failed(answer: Answer): boolean {
  return answer.status !== 200;
}

/** Share of each version among answers: {v1: 90, v2: 10} (percent, rounded). */
export function versionShares(answers: Answer[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const a of answers) {
    const key = a.version ?? (a.status === 'network-error' ? 'error' : `HTTP ${a.status}`);
    counts[key] = (counts[key] ?? 0) + 1;
  }
  const total = answers.length || 1;
  return Object.fromEntries(
    Object.entries(counts).map(([k, n]) => [k, Math.round((n * 100) / total)]),
  );
}
