import {useInput, type Key} from 'ink';
import {useCallback, useRef} from 'react';
import {actionFor, type Keymap, type KeymapMode} from '../keymap.js';

/**
 * Binds a screen's keymap table to useInput. Keys the table does not know (or that read-only mode
 * removed) go to `onOther`, e.g. text typed into a search field.
 */
export function useKeymap<A extends string>(
  map: Keymap<A>,
  onAction: (action: A, input: string, key: Key) => void,
  options: KeymapMode & {isActive: boolean; onOther?: (input: string, key: Key) => void},
): void {
  // The latest handlers, without re-subscribing useInput on every render.
  const latest = useRef({map, onAction, options});
  latest.current = {map, onAction, options};
  const handler = useCallback((input: string, key: Key) => {
    const {map: m, onAction: act, options: o} = latest.current;
    const action = actionFor(m, input, key, o);
    if (action !== undefined) act(action, input, key);
    else o.onOther?.(input, key);
  }, []);
  useInput(handler, {isActive: options.isActive});
}
