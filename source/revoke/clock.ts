// The time the revocation engine paces itself by. The system clock in use; a test gives a virtual
// one, so that a run paced over Qlik's real 5-minute window takes milliseconds of real time.
import {setTimeout as delay} from 'node:timers/promises';

export type Clock = {
  /** Epoch milliseconds. */
  now(): number;
  /**
   * Resolves after `ms` (never, for Infinity, until `signal` fires); rejects with the signal's
   * reason when it fires first.
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
};

// setTimeout's ceiling: a longer delay fires at once.
const MAX_TIMER_MS = 2 ** 31 - 1;

export const systemClock: Clock = {
  now: () => Date.now(),
  async sleep(ms, signal) {
    signal?.throwIfAborted();
    let left = ms;
    // An unbounded wait is made of bounded timers, so that only the signal ends it.
    while (left > 0) {
      const step = Math.min(MAX_TIMER_MS, left);
      try {
        await delay(Math.ceil(step), undefined, signal ? {signal} : undefined);
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        throw error;
      }
      if (Number.isFinite(left)) left -= step;
    }
  },
};
