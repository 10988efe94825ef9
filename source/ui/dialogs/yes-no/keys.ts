import type {Keymap} from '../../keymap.js';

export type YesNoAction = 'yes' | 'no';

/** A plain question (remove a profile): only `y` says yes. */
export const yesNoKeymap: Keymap<YesNoAction> = [
  {action: 'yes', keys: ['y'], hint: 'yes', help: 'Yes'},
  {action: 'no', keys: ['n', 'esc', 'enter'], hint: 'no', help: 'No (any other key too)'},
];
