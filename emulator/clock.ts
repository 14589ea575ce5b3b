/**
 * The emulator's virtual clock. Virtual time runs `speed` times faster than real time (default 60:
 * one emulated minute per real second), so a 10 %/5-minute canary finishes in about 5 real seconds.
 * It can also be jumped forward (`advance`) so a test can reach a 60-minute timeout at once.
 * Timers fire on virtual deadlines; `stop()` clears every real timer the clock holds.
 */
export const DEFAULT_SPEED = 60;

interface VirtualTimer {
  readonly id: number;
  readonly at: number;
  readonly fire: () => void;
}

export class VirtualClock {
  private baseVirtual: number;
  private baseReal: number;
  private speedFactor: number;
  private timers: VirtualTimer[] = [];
  private nextId = 1;
  private realTimer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    speed: number = DEFAULT_SPEED,
    start: number = Date.now(),
    private readonly realNow: () => number = Date.now,
  ) {
    assertSpeed(speed);
    this.speedFactor = speed;
    this.baseVirtual = start;
    this.baseReal = this.realNow();
  }

  /** Virtual epoch milliseconds. */
  now(): number {
    return this.baseVirtual + (this.realNow() - this.baseReal) * this.speedFactor;
  }

  get speed(): number {
    return this.speedFactor;
  }

  /** Changes the speed from now on; virtual time already elapsed is kept. */
  setSpeed(speed: number): void {
    assertSpeed(speed);
    this.rebase();
    this.speedFactor = speed;
    this.schedule();
  }

  /** Jumps virtual time forward by `ms` and fires every timer now due. */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError('advance needs a non-negative number of milliseconds');
    this.rebase();
    this.baseVirtual += ms;
    this.fireDue();
  }

  /** Calls `fire` once virtual time reaches `at`. Returns an id for `cancel`. */
  at(at: number, fire: () => void): number {
    const id = this.nextId++;
    this.timers.push({ id, at, fire });
    this.timers.sort((a, b) => a.at - b.at);
    this.schedule();
    return id;
  }

  after(ms: number, fire: () => void): number {
    return this.at(this.now() + ms, fire);
  }

  cancel(id: number): void {
    this.timers = this.timers.filter((t) => t.id !== id);
  }

  stop(): void {
    this.stopped = true;
    this.timers = [];
    if (this.realTimer) clearTimeout(this.realTimer);
    this.realTimer = undefined;
  }

  private rebase(): void {
    this.baseVirtual = this.now();
    this.baseReal = this.realNow();
  }

  private fireDue(): void {
    const now = this.now();
    while (this.timers.length > 0 && this.timers[0]!.at <= now) {
      const timer = this.timers.shift()!;
      timer.fire();
    }
    this.schedule();
  }

  private schedule(): void {
    if (this.realTimer) clearTimeout(this.realTimer);
    this.realTimer = undefined;
    const next = this.timers[0];
    if (this.stopped || !next || this.speedFactor === 0) return;
    const realDelay = Math.max(0, (next.at - this.now()) / this.speedFactor);
    // Cap the real delay so that speed changes and long waits stay responsive.
    this.realTimer = setTimeout(() => this.fireDue(), Math.min(Math.ceil(realDelay), 1000));
  }
}

function assertSpeed(speed: number): void {
  if (!(typeof speed === 'number' && Number.isFinite(speed) && speed >= 0)) {
    throw new RangeError(`speed must be a number >= 0 (virtual ms per real ms), got ${speed}`);
  }
}
