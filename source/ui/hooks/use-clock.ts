import {useEffect, useState} from 'react';

/** The current time, ticking every `periodMs`: relative times and countdowns move on their own. */
export function useClock(periodMs: number, enabled = true): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!enabled) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), periodMs);
    return () => clearInterval(timer);
  }, [periodMs, enabled]);
  return now;
}
