// A clock for the revocation engine whose waits take no real time: a sleeper is woken as soon as
// the real event loop has had a moment (so HTTP answers already on their way arrive first), and
// the virtual time jumps to its wake-up time. Sleepers wake in the order of their wake-up times,
// one at a time, so the engine sees waits end in the order they would. Real HTTP goes on in real
// time: a request takes (almost) no virtual time, which only makes the limiter more careful.
import type {Clock} from '../../source/revoke/clock.js';

export type VirtualClock = Clock & {
  /** Virtual milliseconds since the clock was made. */
  elapsed(): number;
  /** The longest single wait any sleeper asked for. */
  longestSleep(): number;
};

type Sleeper = {at: number; seq: number; resolve: () => void};

export function virtualClock(start = Date.now()): VirtualClock {
  let now = start;
  let seq = 0;
  let longest = 0;
  const sleepers: Sleeper[] = [];
  let scheduled = false;

  const wakeNext = () => {
    scheduled = false;
    sleepers.sort((a, b) => a.at - b.at || a.seq - b.seq);
    const next = sleepers.shift();
    if (!next) return;
    if (next.at > now) now = next.at;
    next.resolve();
    schedule();
  };
  // A real (short) timer, not a microtask: sockets get to deliver what they have first.
  const schedule = () => {
    if (scheduled || sleepers.length === 0) return;
    scheduled = true;
    setTimeout(wakeNext, 1);
  };

  return {
    now: () => now,
    elapsed: () => now - start,
    longestSleep: () => longest,
    sleep(ms, signal) {
      signal?.throwIfAborted();
      if (Number.isFinite(ms)) longest = Math.max(longest, ms);
      return new Promise<void>((resolve, reject) => {
        const sleeper: Sleeper = {
          at: now + Math.max(0, ms),
          seq: seq++,
          resolve: () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
        };
        const onAbort = () => {
          const index = sleepers.indexOf(sleeper);
          if (index >= 0) sleepers.splice(index, 1);
          reject(signal!.reason);
        };
        signal?.addEventListener('abort', onAbort, {once: true});
        // Infinity: only the signal ends it (the limiter waits so for an answer in flight).
        if (Number.isFinite(ms)) {
          sleepers.push(sleeper);
          schedule();
        }
      });
    },
  };
}
