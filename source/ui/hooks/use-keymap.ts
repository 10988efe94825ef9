import {useInput, type Key} from 'ink';
import {useCallback, useContext, useLayoutEffect, useRef} from 'react';
import {actionFor, type Keymap, type KeymapMode} from '../keymap.js';
import {KeyRouterContext} from './key-router.js';

const NO_KEY: Key = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
  super: false,
  hyper: false,
  capsLock: false,
  numLock: false,
};

/** What a character inside a multi-character chunk stands for: a key, or text (`base`). */
function keyOfChar(char: string, base: Key): {input: string; key: Key} {
  if (char === '\t') return {input: '', key: {...NO_KEY, tab: true}};
  if (char === '\r' || char === '\n') return {input: '', key: {...NO_KEY, return: true}};
  // Ink 6 reports the Backspace key (DEL) as key.delete.
  if (char === '\u007F') return {input: '', key: {...NO_KEY, delete: true}};
  if (char === '\b') return {input: '', key: {...NO_KEY, backspace: true}};
  const code = char.charCodeAt(0);
  if (code >= 1 && code <= 26) return {input: String.fromCharCode(code + 96), key: {...NO_KEY, ctrl: true}};
  return {input: char, key: base};
}

type Options = KeymapMode & {isActive: boolean; onOther?: (input: string, key: Key) => void};

/**
 * Binds a screen's keymap table to the keyboard. Keys the table does not know (or that read-only
 * mode removed) go to `onOther`, e.g. text typed into a search field.
 */
export function useKeymap<A extends string>(
  map: Keymap<A>,
  onAction: (action: A, input: string, key: Key) => void,
  options: Options,
): void {
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
    // Tab, Enter and Backspace inside such a chunk are keys too (tmux send-keys, a fast typist):
    // "url<Tab>id<Tab>secret" must move between fields, never land the secret in the URL field.
    let text = '';
    for (const char of chars) {
      const {input: charInput, key: charKey} = keyOfChar(char, key);
      const isText = charKey === key;
      const single = actionFor(m, charInput, charKey, o);
      if (single === undefined && isText) {
        text += char;
        continue;
      }
      if (text) o.onOther?.(text, key);
      text = '';
      if (single !== undefined) act(single, charInput, charKey);
      else o.onOther?.(charInput, charKey);
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
