import {useEffect, useRef, useState} from 'react';
import type {QlikApi} from '../../qlik/types.js';
import {safeText} from '../../text/terminal-safe.js';

const MAX_IN_FLIGHT = 4;

/**
 * Names for the users whose tokens are on screen (tenant-wide view), asked in the order given
 * (the visible rows first, ahead of any asked before and not answered yet). The callers ask for the
 * rows on or near the screen, so a tenant of thousands of users costs a handful of tier-1 requests
 * per screenful, once each. Answers that come in the same turn of the event loop are one update,
 * so one frame.
 */
export function useUserNames(
  client: QlikApi,
  wanted: readonly string[],
  seed?: ReadonlyMap<string, string>,
): ReadonlyMap<string, string> {
  const [names, setNames] = useState<ReadonlyMap<string, string>>(() => new Map(seed));
  const asked = useRef(new Set<string>(seed?.keys()));
  const inFlight = useRef(0);
  const queue = useRef<string[]>([]);
  const alive = useRef(true);
  const arrived = useRef(new Map<string, string>());
  const flush = useRef<NodeJS.Immediate | undefined>(undefined);
  // The effect runs when the set of wanted IDs changes, not when the array does (a new one each
  // render): it reads them back from this key. Qlik IDs hold no comma.
  const key = wanted.join(',');

  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
      clearImmediate(flush.current);
      flush.current = undefined;
    };
  }, []);

  useEffect(() => {
    // The wanted ones not answered yet go first, in the order given: after a few page moves on a
    // slow tenant, the screen's own names must not wait behind those of screens left behind.
    const queued = new Set(queue.current);
    const first: string[] = [];
    for (const id of key === '' ? [] : key.split(',')) {
      if (!asked.current.has(id)) {
        asked.current.add(id);
        first.push(id);
      } else if (queued.has(id)) first.push(id);
    }
    const ahead = new Set(first);
    queue.current = [...first, ...queue.current.filter((id) => !ahead.has(id))];
    const pump = () => {
      while (inFlight.current < MAX_IN_FLIGHT && queue.current.length > 0) {
        const id = queue.current.shift()!;
        inFlight.current += 1;
        client
          .getUser(id)
          .then(
            (user) => {
              if (!alive.current) return;
              arrived.current.set(id, safeText(user.name || user.email || id));
              flush.current ??= setImmediate(() => {
                flush.current = undefined;
                const batch = arrived.current;
                arrived.current = new Map();
                if (alive.current) setNames((current) => new Map([...current, ...batch]));
              });
            },
            () => {
              // A user we cannot read keeps showing as its id; not worth a flash per row.
            },
          )
          .finally(() => {
            inFlight.current -= 1;
            if (alive.current) pump();
          });
      }
    };
    pump();
  }, [client, key]);

  return names;
}
