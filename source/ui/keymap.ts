// One table per screen names every action and its keys. The same table drives useInput matching,
// the footer hints and the `?` help, so the keys that work, the keys shown and the keys read-only
// forbids cannot drift apart (k9s registers actions with a Dangerous flag the same way).
import type {Key} from 'ink';

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
};

export type Keymap<A extends string = string> = readonly KeyBinding<A>[];

export type KeymapMode = {readonly: boolean};

export function activeBindings<A extends string>(map: Keymap<A>, mode: KeymapMode): Keymap<A> {
  return mode.readonly ? map.filter((binding) => !binding.dangerous) : map;
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

const GLOBAL = {
  help: {action: 'help', keys: ['?'], hint: 'help', help: 'Show or hide this help'},
  profiles: {
    action: 'profiles',
    keys: ['p'],
    hint: 'profiles',
    help: 'Profiles: switch tenant, add, edit, remove, test',
  },
  quit: {action: 'quit', keys: ['q', 'ctrl+c'], hint: 'quit', help: 'Quit'},
} as const satisfies Record<string, KeyBinding>;

export type TokenListAction =
  | 'up'
  | 'down'
  | 'pageUp'
  | 'pageDown'
  | 'top'
  | 'bottom'
  | 'filter'
  | 'sort'
  | 'mark'
  | 'markAll'
  | 'revoke'
  | 'revokeAll'
  | 'refresh'
  | 'changeUser'
  | 'copy'
  | 'back'
  | 'help'
  | 'profiles'
  | 'quit';

export const tokenListKeymap: Keymap<TokenListAction> = [
  {action: 'up', keys: ['up', 'k'], help: 'Move up'},
  {action: 'down', keys: ['down', 'j'], help: 'Move down'},
  {action: 'pageUp', keys: ['pageup', 'ctrl+b'], help: 'Page up'},
  {action: 'pageDown', keys: ['pagedown', 'ctrl+f'], help: 'Page down'},
  {action: 'top', keys: ['g', 'home'], help: 'First token'},
  {action: 'bottom', keys: ['G', 'end'], help: 'Last token'},
  {action: 'filter', keys: ['/'], hint: 'filter', help: 'Filter by id, description, device or user'},
  {action: 'sort', keys: ['s'], hint: 'sort', help: 'Cycle the sort order'},
  {action: 'mark', keys: ['space'], hint: 'mark', help: 'Mark or unmark the highlighted token'},
  {action: 'markAll', keys: ['a'], hint: 'mark all', help: 'Mark (or unmark) every token shown'},
  {
    action: 'revoke',
    keys: ['d'],
    hint: 'revoke',
    help: 'Revoke the marked tokens, or the highlighted one',
    dangerous: true,
  },
  {action: 'revokeAll', keys: ['R'], hint: 'revoke all', help: "Revoke ALL of this user's tokens", dangerous: true},
  {action: 'refresh', keys: ['r'], hint: 'refresh', help: 'Refresh now'},
  {action: 'changeUser', keys: ['u'], hint: 'user', help: 'Change user'},
  {action: 'copy', keys: ['c'], hint: 'copy id', help: 'Copy the token ID to the clipboard (OSC 52)'},
  {action: 'back', keys: ['esc'], help: 'Clear the filter and the marks, then back to the user picker'},
  GLOBAL.help,
  GLOBAL.profiles,
  GLOBAL.quit,
];

export type UserPickerAction = 'up' | 'down' | 'open' | 'back' | 'erase' | 'clear' | 'profiles' | 'quit';

// Every printable key is search text here, so the global letters become ctrl chords.
export const userPickerKeymap: Keymap<UserPickerAction> = [
  {action: 'up', keys: ['up', 'ctrl+k'], help: 'Previous entry'},
  {action: 'down', keys: ['down', 'ctrl+j', 'tab'], help: 'Next entry'},
  {action: 'open', keys: ['enter'], hint: 'open', help: "Open the user's tokens"},
  {action: 'back', keys: ['esc'], hint: 'clear/back', help: 'Clear the search, or go back'},
  {action: 'erase', keys: ['backspace'], help: 'Erase a character'},
  {action: 'clear', keys: ['ctrl+u'], help: 'Clear the search'},
  {action: 'profiles', keys: ['ctrl+p'], hint: 'profiles', help: 'Profiles'},
  {action: 'quit', keys: ['ctrl+c'], hint: 'quit', help: 'Quit'},
];

export type ProfilesAction = 'up' | 'down' | 'use' | 'new' | 'edit' | 'remove' | 'test' | 'back' | 'help' | 'quit';

export const profilesKeymap: Keymap<ProfilesAction> = [
  {action: 'up', keys: ['up', 'k'], help: 'Previous profile'},
  {action: 'down', keys: ['down', 'j'], help: 'Next profile'},
  {action: 'use', keys: ['enter'], hint: 'use', help: 'Switch to this profile'},
  {action: 'new', keys: ['n'], hint: 'new', help: 'New profile'},
  {action: 'edit', keys: ['e'], hint: 'edit', help: 'Edit profile'},
  {action: 'remove', keys: ['x'], hint: 'remove', help: 'Remove profile (asks first)'},
  {action: 'test', keys: ['t'], hint: 'test', help: 'Test the connection'},
  {action: 'back', keys: ['esc'], hint: 'back', help: 'Back'},
  GLOBAL.help,
  GLOBAL.quit,
];

export type ProfileFormAction = 'next' | 'previous' | 'save' | 'cancel' | 'quit';

export const profileFormKeymap: Keymap<ProfileFormAction> = [
  {action: 'next', keys: ['tab', 'down'], hint: 'next field', help: 'Next field'},
  {action: 'previous', keys: ['shift+tab', 'up'], hint: 'previous', help: 'Previous field'},
  {action: 'save', keys: ['enter'], hint: 'test & save', help: 'Test the connection, then save'},
  {action: 'cancel', keys: ['esc'], hint: 'cancel', help: 'Cancel'},
  {action: 'quit', keys: ['ctrl+c'], hint: 'quit', help: 'Quit'},
];

export type HelpAction = 'close' | 'quit';

export const helpKeymap: Keymap<HelpAction> = [
  {action: 'close', keys: ['esc', '?', 'q', 'enter'], hint: 'close', help: 'Close the help'},
  {action: 'quit', keys: ['ctrl+c'], help: 'Quit'},
];

export type ConfirmAction = 'confirm' | 'submit' | 'cancel' | 'erase';

/** The confirm dialog: `y` only counts for a single token; a bulk revocation needs the count typed. */
export const confirmKeymap: Keymap<ConfirmAction> = [
  {action: 'confirm', keys: ['y'], hint: 'yes (one token)', help: 'Yes (single token)'},
  {action: 'submit', keys: ['enter'], hint: 'submit the count', help: 'Submit the typed count'},
  {action: 'erase', keys: ['backspace'], help: 'Erase a digit'},
  {action: 'cancel', keys: ['esc', 'ctrl+c'], hint: 'cancel', help: 'Cancel'},
];

export type FilterAction = 'accept' | 'clear' | 'erase' | 'quit';

/** While typing a `/` filter every printable key is filter text. */
export const filterKeymap: Keymap<FilterAction> = [
  {
    action: 'accept',
    keys: ['enter', 'down', 'up'],
    hint: 'keep filter',
    help: 'Keep the filter and go back to the list',
  },
  {action: 'clear', keys: ['esc'], hint: 'clear', help: 'Clear the filter'},
  {action: 'erase', keys: ['backspace'], help: 'Erase a character'},
  {action: 'quit', keys: ['ctrl+c'], hint: 'quit', help: 'Quit'},
];

/** Footer hints of the confirm dialog: only the keys that mean something for this question. */
export const confirmOneHints: Keymap<ConfirmAction> = [
  {action: 'confirm', keys: ['y'], hint: 'revoke', help: 'Revoke this token', dangerous: true},
  {action: 'cancel', keys: ['esc'], hint: 'cancel (any other key too)', help: 'Cancel'},
];

export const confirmBulkHints: Keymap<ConfirmAction> = [
  {action: 'submit', keys: ['enter'], hint: 'revoke, once the count is typed', help: 'Revoke', dangerous: true},
  {action: 'erase', keys: ['backspace'], hint: 'erase', help: 'Erase a digit'},
  {action: 'cancel', keys: ['esc'], hint: 'cancel', help: 'Cancel'},
];

export const confirmRunningHints: Keymap<ConfirmAction> = [
  {action: 'cancel', keys: ['esc'], hint: 'stop (what is in flight finishes)', help: 'Stop'},
];

export type YesNoAction = 'yes' | 'no';

/** A plain question (remove a profile): only `y` says yes. */
export const yesNoKeymap: Keymap<YesNoAction> = [
  {action: 'yes', keys: ['y'], hint: 'yes', help: 'Yes'},
  {action: 'no', keys: ['n', 'esc', 'enter'], hint: 'no', help: 'No (any other key too)'},
];
