// Qlik Cloud rate limits are per tier, and once a tier is exhausted EVERY endpoint of that tier
// answers 429 until Retry-After. So a 429 on one call blocks the whole tier: no request of that
// tier leaves before the block ends, and everyone waiting wakes together when it does.
import {QlikError} from './errors.js';
import type {Tier} from './types.js';

/** Tier 1: GET users, users/me, oauth-tokens. Tier 2: POST /oauth/token and DELETE oauth-tokens. */
export function tierOf(method: string, path: string): Tier {
  const m = method.toUpperCase();
  if (m === 'DELETE') return 2;
  if (m === 'POST' && path.split('?', 1)[0] === '/oauth/token') return 2;
  return 1;
}

function abortError(signal: AbortSignal): QlikError {
  return new QlikError({kind: 'cancelled', message: 'cancelled', cause: signal.reason});
}

type Wake = {at: number; timer: ReturnType<typeof setTimeout>; waiters: Set<() => void>};

export class RateGate {
  readonly #until: Record<Tier, number> = {1: 0, 2: 0};
  readonly #wake: Partial<Record<Tier, Wake>> = {};
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** Epoch ms until which `tier` is blocked, or 0. */
  blockedUntil(tier: Tier): number {
    const until = this.#until[tier];
    return until > this.#now() ? until : 0;
  }

  /** Blocks `tier` for `seconds` from now (never shortens an existing block). Returns the end. */
  block(tier: Tier, seconds: number): number {
    const until = this.#now() + Math.max(0, seconds) * 1000;
    if (until > this.#until[tier]) this.#until[tier] = until;
    return this.#until[tier];
  }

  /**
   * Resolves when `tier` is open. Fails fast (kind `rate-limited`, with retryAfter) when the block
   * lasts longer than `maxWaitMs`; kind `cancelled` when `signal` fires.
   */
  async wait(tier: Tier, maxWaitMs: number, signal?: AbortSignal): Promise<void> {
    for (;;) {
      if (signal?.aborted) throw abortError(signal);
      const until = this.#until[tier];
      const remaining = until - this.#now();
      if (remaining <= 0) return;
      if (remaining > maxWaitMs) {
        const retryAfter = Math.ceil(remaining / 1000);
        throw new QlikError({
          kind: 'rate-limited',
          status: 429,
          retryAfter,
          message: `rate limit of tier ${tier} reached: the tenant asks to wait ${retryAfter} s`,
        });
      }
      await this.#sleepUntil(tier, until, signal);
    }
  }

  // One timer per tier and block end, shared by every waiter: they all wake together. The timer
  // goes away with its last waiter, so an abandoned wait does not keep the process alive.
  #sleepUntil(tier: Tier, at: number, signal?: AbortSignal): Promise<void> {
    let wake = this.#wake[tier];
    if (!wake || wake.at !== at) {
      const waiters = new Set<() => void>();
      const timer = setTimeout(
        () => {
          if (this.#wake[tier] === created) delete this.#wake[tier];
          for (const resolve of waiters) resolve();
        },
        Math.max(0, at - this.#now()),
      );
      const created: Wake = {at, timer, waiters};
      // A superseded timer (the block was extended) still wakes its own waiters, who loop and wait again.
      wake = created;
      this.#wake[tier] = wake;
    }
    const current = wake;
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        current.waiters.delete(done);
        if (current.waiters.size === 0) {
          clearTimeout(current.timer);
          if (this.#wake[tier] === current) delete this.#wake[tier];
        }
        reject(abortError(signal!));
      };
      const done = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      current.waiters.add(done);
      signal?.addEventListener('abort', onAbort, {once: true});
    });
  }
}
