import {GLOBAL, type Keymap} from '../../keymap.js';

export type MessagesAction = 'up' | 'down' | 'pageUp' | 'pageDown' | 'back' | 'help' | 'quit';

export const messagesKeymap: Keymap<MessagesAction> = [
  {action: 'up', keys: ['up', 'k'], help: 'Scroll up (older)'},
  {action: 'down', keys: ['down', 'j'], hint: 'scroll', help: 'Scroll down (newer)'},
  {action: 'pageUp', keys: ['pageup', 'ctrl+b'], help: 'Page up'},
  {action: 'pageDown', keys: ['pagedown', 'ctrl+f'], help: 'Page down'},
  {action: 'back', keys: ['esc', 'm'], hint: 'back', help: 'Back'},
  GLOBAL.help,
  GLOBAL.quit,
];
