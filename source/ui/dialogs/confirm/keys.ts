import type {Keymap} from '../../keymap.js';

export type ConfirmAction = 'confirm' | 'submit' | 'cancel';

/** The confirm dialog: `y` only counts for a single token; a bulk revocation needs the count typed. */
export const confirmKeymap: Keymap<ConfirmAction> = [
  {action: 'confirm', keys: ['y'], hint: 'yes (one token)', help: 'Yes (single token)'},
  {action: 'submit', keys: ['enter'], hint: 'submit the count', help: 'Submit the typed count'},
  {action: 'cancel', keys: ['esc', 'ctrl+c'], hint: 'cancel', help: 'Cancel'},
];

/** Footer hints of the confirm dialog: only the keys that mean something for this question. */
export const confirmOneHints: Keymap<ConfirmAction> = [
  {action: 'confirm', keys: ['y'], hint: 'revoke', help: 'Revoke this token', dangerous: true},
  {action: 'cancel', keys: ['esc'], hint: 'cancel (any other key too)', help: 'Cancel'},
];

export const confirmBulkHints: Keymap<ConfirmAction> = [
  {action: 'submit', keys: ['enter'], hint: 'revoke, once the count is typed', help: 'Revoke', dangerous: true},
  {action: 'cancel', keys: ['esc'], hint: 'cancel', help: 'Cancel'},
];

export const confirmRunningHints: Keymap<ConfirmAction> = [
  {action: 'cancel', keys: ['esc'], hint: 'stop (what is in flight finishes)', help: 'Stop'},
];
