import {useEffect, useState} from 'react';
import type {UiSession} from '../tenant-session.js';

/** Until when each rate-limit tier is blocked (epoch ms, 0 = not), from the client's events. */
export function useThrottle(session: UiSession): {tier1: number; tier2: number} {
  const [blocked, setBlocked] = useState(() => ({
    tier1: session.client.blockedUntil(1),
    tier2: session.client.blockedUntil(2),
  }));
  useEffect(
    () =>
      session.subscribe((event) => {
        if (event.type === 'rate-limited')
          setBlocked((current) =>
            event.tier === 1 ? {...current, tier1: event.blockedUntil} : {...current, tier2: event.blockedUntil},
          );
      }),
    [session],
  );
  return blocked;
}
