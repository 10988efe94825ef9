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
  useInput(handler, {isActive: options.isActive});
}
