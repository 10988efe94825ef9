// How many DELETEs a bulk run keeps in flight, from the tenant's latency.
//
// Little's law: to send a request every `gapMs` when each takes `rtt` to answer, keep rtt / gapMs
// in flight. A near tenant (20 ms) needs 4; Qlik Cloud across an ocean (150 ms) needs 30 for the
// same pace. The pace is bounded twice over: here by `max` connections, and by the tier-2 limiter,
// which admits no request the budget does not hold (after the burst of 500, concurrency no longer
// matters: the window reopens one slot at a time).
//
// The latency is the lowest round trip seen (the tenant's own, without queueing); should answers
// slow down under our load — a smoothed round trip above twice the lowest — the tenant is queueing
// our requests, more in flight would only lengthen the queue, and the limit shrinks in proportion.

export type ConcurrencyOptions = {
  /** Before any round trip was measured. Default 4. */
  initial?: number;
  /** Default 32: no more connections than that to one tenant. */
  max?: number;
  /** The pace aimed at: one request leaving every gapMs. Default 5 (200 a second). */
  gapMs?: number;
};

export const DEFAULT_CONCURRENCY = {initial: 4, max: 32, gapMs: 5} as const;

export type Concurrency = {
  /** Requests that may be in flight now. */
  readonly limit: number;
  /** A round trip of `ms` (a request answered, not failed). */
  observe(ms: number): void;
};

export function fixedConcurrency(limit: number): Concurrency {
  const value = Math.max(1, Math.floor(limit));
  return {limit: value, observe: () => {}};
}

export class AdaptiveConcurrency implements Concurrency {
  private current: number;
  private readonly max: number;
  private readonly gapMs: number;
  private minRtt = Number.POSITIVE_INFINITY;
  private smoothed = 0;

  constructor(options: ConcurrencyOptions = {}) {
    this.max = Math.max(1, Math.floor(options.max ?? DEFAULT_CONCURRENCY.max));
    this.gapMs = Math.max(0.1, options.gapMs ?? DEFAULT_CONCURRENCY.gapMs);
    this.current = Math.min(this.max, Math.max(1, Math.floor(options.initial ?? DEFAULT_CONCURRENCY.initial)));
  }

  get limit(): number {
    return this.current;
  }

  observe(ms: number): void {
    if (!(ms >= 0) || !Number.isFinite(ms)) return;
    const rtt = Math.max(1, ms);
    this.minRtt = Math.min(this.minRtt, rtt);
    this.smoothed = this.smoothed === 0 ? rtt : this.smoothed * 0.75 + rtt * 0.25;
    const target = Math.ceil(this.minRtt / this.gapMs);
    const queueing = Math.min(1, (2 * this.minRtt) / this.smoothed);
    this.current = Math.min(this.max, Math.max(1, Math.ceil(target * queueing)));
  }
}
