import {GLOBAL, type Keymap} from '../../keymap.js';

export type TokenListAction =
  | 'up'
  | 'down'
  | 'pageUp'
  | 'pageDown'
  | 'halfUp'
  | 'halfDown'
  | 'top'
  | 'bottom'
  | 'open'
  | 'filter'
  | 'sort'
  | 'reverse'
  | 'mark'
  | 'markAll'
  | 'revoke'
  | 'revokeAll'
  | 'refresh'
  | 'changeUser'
  | 'copy'
  | 'audit'
  | 'overview'
  | 'messages'
  | 'back'
  | 'help'
  | 'profiles'
  | 'quit';

export const tokenListKeymap: Keymap<TokenListAction> = [
  {action: 'up', keys: ['up', 'k'], help: 'Move up'},
  {action: 'down', keys: ['down', 'j'], help: 'Move down'},
  {action: 'pageUp', keys: ['pageup', 'ctrl+b'], help: 'Page up'},
  {action: 'pageDown', keys: ['pagedown', 'ctrl+f'], help: 'Page down'},
  {action: 'halfUp', keys: ['ctrl+u'], help: 'Half a page up'},
  {action: 'halfDown', keys: ['ctrl+d'], help: 'Half a page down'},
  {action: 'top', keys: ['g', 'home'], help: 'First token (the cursor then follows the first row again)'},
  {action: 'bottom', keys: ['G', 'end'], help: 'Last token'},
  {action: 'open', keys: ['enter'], help: "Open the highlighted token's user (tenant-wide view)"},
  {action: 'filter', keys: ['/'], hint: 'filter', help: 'Filter by id, description, device or user'},
  {action: 'sort', keys: ['s'], hint: 'sort', help: 'Sort by the next column (▲ in its title)'},
  {action: 'reverse', keys: ['S'], help: 'Reverse the sort order (▼)'},
  {action: 'mark', keys: ['space'], hint: 'mark', help: 'Mark or unmark the highlighted token', forRevoking: true},
  {action: 'markAll', keys: ['a'], hint: 'mark all', help: 'Mark (or unmark) every token shown', forRevoking: true},
  {
    action: 'revoke',
    keys: ['d'],
    hint: 'revoke',
    help: 'Revoke the marked tokens, or the highlighted one',
    dangerous: true,
  },
  {action: 'revokeAll', keys: ['R'], hint: 'revoke all', help: "Revoke ALL of this user's tokens", dangerous: true},
  {action: 'refresh', keys: ['r'], hint: 'refresh', help: 'Refresh now'},
  {action: 'changeUser', keys: ['u'], hint: 'user', help: 'Change user (a new, empty search)'},
  {action: 'copy', keys: ['c'], hint: 'copy id', help: 'Copy the token ID to the clipboard (OSC 52)'},
  {action: 'audit', keys: ['L'], hint: 'audit', help: 'Audit log: the recent revocations of this profile'},
  {
    action: 'overview',
    keys: ['o'],
    hint: 'overview',
    help: 'Overview of the tenant (tenant-wide view): tokens by last use, top users, device types',
  },
  GLOBAL.messages,
  {
    action: 'back',
    keys: ['esc'],
    help: 'Stop the watch (after R, w), if one runs; else clear the filter and the marks, then back to the user picker',
  },
  GLOBAL.help,
  GLOBAL.profiles,
  GLOBAL.quit,
];

export type FilterAction = 'accept' | 'clear' | 'quit';

/** While typing a `/` filter every printable key is filter text. */
export const filterKeymap: Keymap<FilterAction> = [
  {
    action: 'accept',
    keys: ['enter', 'down', 'up'],
    hint: 'keep filter',
    help: 'Keep the filter and go back to the list',
    text: true,
  },
  {action: 'clear', keys: ['esc'], hint: 'clear', help: 'Clear the filter'},
  {action: 'quit', keys: ['ctrl+c'], hint: 'quit', help: 'Quit'},
];

/** While a watch runs, esc stops it: the footer says so. */
export const tokenListWatchingKeymap: Keymap<TokenListAction> = [
  // First, so that the hint is never the one an 80-column footer cuts.
  {...tokenListKeymap.find((binding) => binding.action === 'back')!, hint: 'stop watch'},
  ...tokenListKeymap.filter((binding) => binding.action !== 'back'),
];
