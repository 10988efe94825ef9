import {useEffect, useRef, useState} from 'react';

/** The current time, ticking every `periodMs`: relative times and countdowns move on their own. */
export function useClock(periodMs: number, enabled = true): number {
  const [now, setNow] = useState(() => Date.now());
  const mounted = useRef(false);
  useEffect(() => {
    if (!enabled) return;
    // Re-enabled (or a new period): catch up at once. Not on mount: the state was just read, and a
    // needless update would cost a render and hold the next real frame behind Ink's frame throttle.
    if (mounted.current) setNow(Date.now());
    mounted.current = true;
    const timer = setInterval(() => setNow(Date.now()), periodMs);
    return () => clearInterval(timer);
  }, [periodMs, enabled]);
  return now;
}
