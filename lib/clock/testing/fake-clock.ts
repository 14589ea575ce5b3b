import type { Clock } from '../clock.js';

/** A test double: time that moves only when the code under test sleeps. */
export class FakeClock implements Clock {
  t = 1_700_000_000_000;
  now(): number {
    return this.t;
  }
  async sleep(ms: number): Promise<void> {
    this.t += ms;
  }
}
