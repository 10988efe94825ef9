import {GLOBAL, type Keymap} from '../../keymap.js';

export type AuditAction =
  'up' | 'down' | 'pageUp' | 'pageDown' | 'reload' | 'settle' | 'back' | 'messages' | 'help' | 'quit';

export const auditKeymap: Keymap<AuditAction> = [
  {action: 'up', keys: ['up', 'k'], help: 'Scroll up (newer)'},
  {action: 'down', keys: ['down', 'j'], hint: 'scroll', help: 'Scroll down (older)'},
  {action: 'pageUp', keys: ['pageup', 'ctrl+b'], help: 'Page up'},
  {action: 'pageDown', keys: ['pagedown', 'ctrl+f'], help: 'Page down'},
  {action: 'reload', keys: ['r'], hint: 'reload', help: 'Read the audit log again'},
  {
    action: 'settle',
    keys: ['s'],
    hint: 'settle unknowns',
    help: 'Settle the unknown outcomes (sent, no answer recorded) by listing the tenant',
  },
  GLOBAL.messages,
  {action: 'back', keys: ['esc'], hint: 'back', help: 'Back'},
  GLOBAL.help,
  GLOBAL.quit,
];
