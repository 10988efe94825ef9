import type {Keymap} from '../../keymap.js';

export type ProfileFormAction = 'next' | 'previous' | 'save' | 'cancel' | 'help' | 'quit';

export const profileFormKeymap: Keymap<ProfileFormAction> = [
  {action: 'next', keys: ['tab', 'down'], hint: 'next field', help: 'Next field', text: true},
  {action: 'previous', keys: ['shift+tab', 'up'], hint: 'previous', help: 'Previous field'},
  {action: 'save', keys: ['enter'], hint: 'test & save', help: 'Test the connection, then save'},
  {action: 'cancel', keys: ['esc'], hint: 'cancel', help: 'Cancel (in the first-run setup: exit, status 2)'},
  {action: 'help', keys: ['f1'], hint: 'help', help: 'Show this help'},
  {action: 'quit', keys: ['ctrl+c'], hint: 'quit', help: 'Quit'},
];
