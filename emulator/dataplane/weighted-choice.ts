/**
 * Smooth weighted round-robin (as nginx does it): over any run of sum(weights) picks, each entry is
 * chosen exactly in proportion to its weight, interleaved rather than in bursts. A listener's
 * 90/10 forward therefore sends 9 of every 10 requests to blue, deterministically.
 */
export interface Weighted<T> {
  key: string;
  item: T;
  weight: number;
}

export class SmoothWeightedChoice {
  private current = new Map<string, number>();
  private signature = '';

  pick<T>(entries: Weighted<T>[]): T | undefined {
    const usable = entries.filter((e) => e.weight > 0);
    if (usable.length === 0) return undefined;
    const signature = usable.map((e) => `${e.key}=${e.weight}`).join(',');
    if (signature !== this.signature) {
      // New weights (a traffic shift): start a fresh cycle.
      this.signature = signature;
      this.current = new Map();
    }
    const total = usable.reduce((n, e) => n + e.weight, 0);
    let best: Weighted<T> | undefined;
    let bestValue = -Infinity;
    for (const e of usable) {
      const value = (this.current.get(e.key) ?? 0) + e.weight;
      this.current.set(e.key, value);
      if (value > bestValue) {
        best = e;
        bestValue = value;
      }
    }
    this.current.set(best!.key, bestValue - total);
    return best!.item;
  }
}
