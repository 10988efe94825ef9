import {useInput, type Key} from 'ink';
import {useCallback, useContext, useLayoutEffect, useRef} from 'react';
import {actionFor, type KeyHandlers, type Keymap, type KeymapMode} from '../keymap.js';
import {KeyRouterContext} from './key-router.js';

type Options = KeymapMode & {isActive: boolean; onOther?: (input: string, key: Key) => void};

/**
 * Binds a screen's keymap table to the keyboard. Keys arrive one at a time (input/key-stream.ts
 * cuts every read into keys); those the table does not know (or that read-only mode removed) go to
 * `onOther`.
 */
export function useKeymap<A extends string>(map: Keymap<A>, handlers: KeyHandlers<A>, options: Options): void {
  // The latest handlers and activity, without re-subscribing on every render.
  const latest = useRef({map, handlers, options});
  latest.current = {map, handlers, options};
  const handler = useCallback((input: string, key: Key) => {
    const {map: m, handlers: h, options: o} = latest.current;
    const action = actionFor(m, input, key, o);
    if (action !== undefined) return h[action](input, key);
    o.onOther?.(input, key);
  }, []);

  const router = useContext(KeyRouterContext);
  useLayoutEffect(() => {
    if (!router) return;
    const entry = {handle: handler, active: () => latest.current.options.isActive};
    router.add(entry);
    return () => {
      router.delete(entry);
    };
  }, [router, handler]);
  // Without a router (a component rendered on its own in a test) Ink's own useInput does the job.
  useInput(handler, {isActive: router === undefined && options.isActive});
}
