// One table per screen names every action and its keys. The same table drives useInput matching,
// the footer hints and the `?` help, so the keys that work, the keys shown and the keys read-only
// forbids cannot drift apart (k9s registers actions with a Dangerous flag the same way).
import type {Key} from 'ink';
import {F1_INPUT} from './input/key-stream.js';

export type KeyBinding<A extends string = string> = {
  action: A;
  /** 'j', 'G', 'space', 'up', 'pageup', 'enter', 'esc', 'tab', 'shift+tab', 'backspace', 'ctrl+f' … */
  keys: readonly string[];
  /** Footer label; without one the binding is listed in the help only. */
  hint?: string;
  /** What the help overlay says. */
  help: string;
  /** Revokes something: read-only mode removes it from input, hints and help alike. */
  dangerous?: boolean;
  /** Only useful for revoking (marks): read-only mode removes it too, without the danger colour. */
  forRevoking?: boolean;
  /** The screen has a text field while this binding is live: the help lists the editing keys. */
  text?: boolean;
};

export type Keymap<A extends string = string> = readonly KeyBinding<A>[];

/**
 * What each action of a keymap does. A Record, so that an action added to a keymap without a
 * handler fails the type check instead of showing in the footer and doing nothing.
 */
export type KeyHandlers<A extends string> = Record<A, (input: string, key: Key) => void>;

export type KeymapMode = {readonly: boolean};

export function activeBindings<A extends string>(map: Keymap<A>, mode: KeymapMode): Keymap<A> {
  return mode.readonly ? map.filter((binding) => !binding.dangerous && !binding.forRevoking) : map;
}

/** The binding read-only mode removed that this key would have triggered (to say why nothing happens). */
export function removedInReadonly<A extends string>(
  map: Keymap<A>,
  input: string,
  key: Key,
): KeyBinding<A> | undefined {
  return map.find(
    (binding) =>
      (binding.dangerous || binding.forRevoking) && binding.keys.some((spec) => matchesKey(spec, input, key)),
  );
}

const NAMED: Record<string, (key: Key) => boolean> = {
  up: (key) => key.upArrow,
  down: (key) => key.downArrow,
  left: (key) => key.leftArrow,
  right: (key) => key.rightArrow,
  pageup: (key) => key.pageUp,
  pagedown: (key) => key.pageDown,
  home: (key) => key.home,
  end: (key) => key.end,
  enter: (key) => key.return,
  // Ink 6 also sets key.meta on a bare Escape; the named matcher is the only reliable test.
  esc: (key) => key.escape,
  tab: (key) => key.tab && !key.shift,
  'shift+tab': (key) => key.tab && key.shift,
  // Ink 6 reports the Backspace key (DEL, 0x7f) as key.delete, and ctrl-h as key.backspace.
  backspace: (key) => key.backspace || key.delete,
};

export function matchesKey(spec: string, input: string, key: Key): boolean {
  if (spec === 'f1') return input === F1_INPUT;
  const named = NAMED[spec];
  if (named) return named(key);
  if (spec.startsWith('ctrl+')) return key.ctrl && input === spec.slice(5);
  if (spec === 'space') return input === ' ' && !key.ctrl && !key.meta;
  return input === spec && !key.ctrl && !key.meta;
}

export function actionFor<A extends string>(map: Keymap<A>, input: string, key: Key, mode: KeymapMode): A | undefined {
  for (const binding of activeBindings(map, mode)) {
    if (binding.keys.some((spec) => matchesKey(spec, input, key))) return binding.action;
  }
  return undefined;
}

const LABELS: Record<string, string> = {
  up: '↑',
  down: '↓',
  left: '←',
  right: '→',
  pageup: 'pgup',
  pagedown: 'pgdn',
  enter: 'enter',
  esc: 'esc',
  space: 'space',
  tab: 'tab',
  'shift+tab': 'S-tab',
  backspace: 'bksp',
  f1: 'F1',
};

export function keyLabel(spec: string): string {
  if (LABELS[spec]) return LABELS[spec];
  if (spec.startsWith('ctrl+')) return `^${spec.slice(5)}`;
  return spec;
}

/** "↑↓" for up+down pairs, otherwise the first two keys joined with "/". */
export function keysLabel(keys: readonly string[], max = 2): string {
  return keys.slice(0, max).map(keyLabel).join('/');
}

export type Hint = {keys: string; label: string; dangerous: boolean};

export function footerHints(map: Keymap, mode: KeymapMode): Hint[] {
  return activeBindings(map, mode)
    .filter((binding) => binding.hint !== undefined)
    .map((binding) => ({
      keys: keysLabel(binding.keys, 1),
      label: binding.hint!,
      dangerous: binding.dangerous ?? false,
    }));
}

export const GLOBAL = {
  help: {action: 'help', keys: ['?'], hint: 'help', help: 'Show or hide this help'},
  profiles: {
    action: 'profiles',
    keys: ['p'],
    hint: 'profiles',
    help: 'Profiles: switch tenant, add, edit, remove, test',
  },
  quit: {action: 'quit', keys: ['q', 'ctrl+c'], hint: 'quit', help: 'Quit'},
  messages: {
    action: 'messages',
    keys: ['m'],
    hint: 'log',
    help: 'Message log: every flash, error and summary of the session',
  },
} as const satisfies Record<string, KeyBinding>;
