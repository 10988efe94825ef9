import {useInput, type Key} from 'ink';
import {useCallback, useContext, useLayoutEffect, useRef} from 'react';
import {actionFor, type Keymap, type KeymapMode} from '../keymap.js';
import {KeyRouterContext} from './key-router.js';

type Options = KeymapMode & {isActive: boolean; onOther?: (input: string, key: Key) => void};

/**
 * Binds a screen's keymap table to the keyboard. Keys the table does not know (or that read-only
 * mode removed) go to `onOther`, e.g. text typed into a search field.
 */
export function useKeymap<A extends string>(map: Keymap<A>, onAction: (action: A, input: string, key: Key) => void, options: Options): void {
  // The latest handlers and activity, without re-subscribing on every render.
  const latest = useRef({map, onAction, options});
  latest.current = {map, onAction, options};
  const handler = useCallback((input: string, key: Key) => {
    const {map: m, onAction: act, options: o} = latest.current;
    const action = actionFor(m, input, key, o);
    if (action !== undefined) return act(action, input, key);
    const chars = [...input];
    if (chars.length <= 1 || key.ctrl || key.meta) return o.onOther?.(input, key);
    // Ink 6 hands over everything that arrived in one read as one input: keys typed fast over SSH
    // ("jj", "  ") come together like a paste. Split them into keys; runs of keys that are not
    // actions stay together, so a paste into a text field is still one piece of text.
    let text = '';
    for (const char of chars) {
      const single = actionFor(m, char, key, o);
      if (single === undefined) {
        text += char;
        continue;
      }
      if (text) o.onOther?.(text, key);
      text = '';
      act(single, char, key);
    }
    if (text) o.onOther?.(text, key);
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
