// Paces requests of one rate-limit tier so that the tenant never has a reason to refuse them.
//
// Qlik announces tier 2 as 100 requests a minute, "measured over a 5-minute window (bursts
// allowed)" (qlik-cloud-api.md §6). We read it as the simulator models it: any 5-minute window
// holds at most 500 requests. So a burst of up to 500 goes out at once — an incident with a few
// hundred tokens is over in seconds rather than minutes — and a longer run settles at 100 a
// minute. Should a tenant enforce less than it announces, its 429 pauses everyone until
// Retry-After (the client's tier gate), and the engine lowers the limit to what was accepted.

// The tenant timestamps a request somewhere between the moment we send it and the moment its
// answer arrives; we cannot know where, nor how our clock relates to the tenant's. So a request
// occupies our window from when it is sent until `windowMs + marginMs` after its answer arrived:
// whatever the skew and the latency, the tenant has seen it leave its window by then. The cost is
// one round trip per window (about 1% at Qlik's 60 s window), the gain is zero refusals.

import {systemClock, type Clock} from './clock.js';

export type RateLimit = {limit: number; windowMs: number};

/** Qlik Cloud's announced tier-2 limit (POST /oauth/token, DELETE /oauth-tokens): 100/min over 5 min. */
export const TIER2_LIMIT: RateLimit = {limit: 500, windowMs: 300_000};

/** Margin for timer granularity and rounding on the tenant's side: 1% of the window, at least 10 ms. */
export function defaultMarginMs(windowMs: number): number {
  return Math.max(10, Math.round(windowMs * 0.01));
}

/** One admitted request; call done() when its answer arrived (or it failed to leave). */
export type Slot = {
  /** How many requests were in the window when this one was admitted, itself included. */
  readonly countAtAdmit: number;
  done(): void;
};

type Entry = {doneAt: number};

export type SlidingWindowLimiterOptions = RateLimit & {
  marginMs?: number;
  /** Epoch ms until which something else (the client's tier gate after a 429) holds all requests. */
  gate?: () => number;
  /** Time and waiting (default the system clock). */
  clock?: Clock;
  /** Overrides the clock's now() (for tests that step the time by hand). */
  now?: () => number;
};

export class SlidingWindowLimiter {
  readonly windowMs: number;
  readonly marginMs: number;
  private currentLimit: number;
  private readonly entries: Entry[] = [];
  private pausedUntil = 0;
  private readonly gate: () => number;
  private readonly now: () => number;
  private readonly clock: Clock;
  // Admission is first come, first served: a waiter that woke late must not be overtaken.
  private queue: Promise<void> = Promise.resolve();
  private wake: (() => void) | undefined;

  constructor(options: SlidingWindowLimiterOptions) {
    if (!(options.limit >= 1) || !(options.windowMs > 0))
      throw new RangeError('a rate limit needs limit >= 1 and windowMs > 0');
    this.currentLimit = Math.floor(options.limit);
    this.windowMs = options.windowMs;
    this.marginMs = options.marginMs ?? defaultMarginMs(options.windowMs);
    this.gate = options.gate ?? (() => 0);
    this.clock = options.clock ?? systemClock;
    this.now = options.now ?? (() => this.clock.now());
  }

  get limit(): number {
    return this.currentLimit;
  }

  /** Requests that still count in the window at `now` (in flight, or answered less than a window ago). */
  inWindow(now: number = this.now()): number {
    this.prune(now);
    return this.entries.length;
  }

  /**
   * Milliseconds until one more request may be sent; 0 means now; Infinity means "when one of the
   * requests in flight is answered" (only possible when more than `limit` may be in flight).
   */
  delay(now: number = this.now()): number {
    this.prune(now);
    const held = Math.max(this.pausedUntil, this.gate()) - now;
    const excess = this.entries.length - this.currentLimit;
    let windowWait = 0;
    if (excess >= 0) {
      // The (excess+1)-th oldest answer has to leave the window before there is room.
      const doneTimes = this.entries.map((e) => e.doneAt).sort((a, b) => a - b);
      windowWait = doneTimes[excess]! + this.windowMs + this.marginMs - now;
    }
    return Math.max(0, held, windowWait);
  }

  /** Records a request as sent at `now`. Use acquire() unless you drive the clock yourself. */
  admit(now: number = this.now()): Slot {
    this.prune(now);
    const entry: Entry = {doneAt: Number.POSITIVE_INFINITY};
    this.entries.push(entry);
    const countAtAdmit = this.entries.length;
    let finished = false;
    return {
      countAtAdmit,
      done: () => {
        if (finished) return;
        finished = true;
        entry.doneAt = this.now();
        this.notify();
      },
    };
  }

  /**
   * Waits for room (in arrival order), then admits. Rejects with the signal's reason if aborted.
   * `onWait` is told each wait before it starts (how long it will be, at most), so a caller can say
   * why nothing moves.
   */
  acquire(signal?: AbortSignal, onWait?: (ms: number) => void): Promise<Slot> {
    const turn = this.queue.then(() => this.waitForRoom(signal, onWait)).then(() => this.admit());
    // The next caller waits for this one's admission, whether it succeeded or was aborted.
    this.queue = turn.then(
      () => undefined,
      () => undefined,
    );
    return turn;
  }

  /** Holds every admission until `until` (epoch ms), e.g. a Retry-After. */
  pauseUntil(until: number): void {
    if (until > this.pausedUntil) this.pausedUntil = until;
  }

  /** The tenant refused at a lower rate than announced: admit at most `limit` per window from now on. */
  lowerLimit(limit: number): void {
    const next = Math.max(1, Math.floor(limit));
    if (next < this.currentLimit) this.currentLimit = next;
  }

  private prune(now: number): void {
    const horizon = now - this.windowMs - this.marginMs;
    for (let i = this.entries.length - 1; i >= 0; i--) {
      if (this.entries[i]!.doneAt <= horizon) this.entries.splice(i, 1);
    }
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  private async waitForRoom(signal?: AbortSignal, onWait?: (ms: number) => void): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      const wait = this.delay();
      if (wait <= 0) return;
      onWait?.(wait);
      // Wake on the clock, on an answer (it may shorten the wait), or on abort.
      const woken = new AbortController();
      const wake = () => woken.abort();
      this.wake = wake;
      try {
        await this.clock.sleep(wait, signal ? AbortSignal.any([signal, woken.signal]) : woken.signal);
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        if (!woken.signal.aborted) throw error;
      } finally {
        if (this.wake === wake) this.wake = undefined;
      }
    }
  }
}
