// Qlik Cloud's per-user, per-tier sliding-window limits. A refused request takes no slot: a client
// that honours Retry-After gets through exactly when the oldest counted request leaves the window.

export type TierLimit = {limit: number; windowMs: number};
export type RateLimits = {tier1: TierLimit; tier2: TierLimit};
export type Decision = {allowed: true} | {allowed: false; retryAfterSeconds: number};

export const DEFAULT_RATE_LIMITS: RateLimits = {
  tier1: {limit: 5000, windowMs: 300_000},
  tier2: {limit: 500, windowMs: 300_000},
};

/** Timestamps of the accepted requests still inside the window, oldest first. */
class Window {
  private times: number[] = [];
  private head = 0;

  prune(cutoff: number): void {
    while (this.head < this.times.length && this.times[this.head]! <= cutoff) this.head++;
    // Compact now and then so a long run does not keep every timestamp ever seen.
    if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times = this.times.slice(this.head);
      this.head = 0;
    }
  }

  get size(): number {
    return this.times.length - this.head;
  }

  oldest(): number | undefined {
    return this.times[this.head];
  }

  add(time: number): void {
    this.times.push(time);
  }
}

export class SlidingWindowLimiter {
  private limits: RateLimits | false;
  private readonly windows = new Map<string, Window>();

  constructor(limits: RateLimits | false = DEFAULT_RATE_LIMITS) {
    this.limits = limits;
  }

  setLimits(limits: RateLimits | false): void {
    this.limits = limits;
  }

  /** Counts the request if there is room; otherwise says how long until a slot frees. */
  take(key: string, tier: 1 | 2, now: number): Decision {
    if (this.limits === false) return {allowed: true};
    const {limit, windowMs} = tier === 1 ? this.limits.tier1 : this.limits.tier2;
    const id = `${tier}:${key}`;
    let window = this.windows.get(id);
    if (!window) {
      window = new Window();
      this.windows.set(id, window);
    }
    window.prune(now - windowMs);
    if (window.size < limit) {
      window.add(now);
      return {allowed: true};
    }
    const oldest = window.oldest() ?? now;
    const waitMs = oldest + windowMs - now;
    return {allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000))};
  }

  reset(): void {
    this.windows.clear();
  }
}

/** Fills in the tiers a caller left out with Qlik's defaults. */
export function resolveRateLimits(
  limits: false | {tier1?: TierLimit; tier2?: TierLimit} | undefined,
): RateLimits | false {
  if (limits === false) return false;
  return {tier1: limits?.tier1 ?? DEFAULT_RATE_LIMITS.tier1, tier2: limits?.tier2 ?? DEFAULT_RATE_LIMITS.tier2};
}
