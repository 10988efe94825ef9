import type {Keymap} from '../../keymap.js';

export type HelpAction = 'close' | 'up' | 'down' | 'pageUp' | 'pageDown' | 'quit';

export const helpKeymap: Keymap<HelpAction> = [
  {action: 'close', keys: ['esc', '?', 'q', 'enter', 'f1'], hint: 'close', help: 'Close the help'},
  {action: 'down', keys: ['down', 'j'], hint: 'scroll', help: 'Scroll down'},
  {action: 'up', keys: ['up', 'k'], help: 'Scroll up'},
  {action: 'pageDown', keys: ['pagedown', 'space'], help: 'Page down'},
  {action: 'pageUp', keys: ['pageup'], help: 'Page up'},
  {action: 'quit', keys: ['ctrl+c'], hint: 'quit', help: 'Quit'},
];

/** The same keys when the whole help fits: the footer then offers no scrolling that does nothing. */
export const helpKeymapNoScroll: Keymap<HelpAction> = helpKeymap.map(({hint, ...binding}) =>
  binding.action === 'down' ? binding : {...binding, ...(hint === undefined ? {} : {hint})},
);
