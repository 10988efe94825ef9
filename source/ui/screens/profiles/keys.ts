import {GLOBAL, type Keymap} from '../../keymap.js';

export type ProfilesAction =
  'up' | 'down' | 'use' | 'makeDefault' | 'new' | 'edit' | 'remove' | 'test' | 'back' | 'messages' | 'help' | 'quit';

export const profilesKeymap: Keymap<ProfilesAction> = [
  {action: 'up', keys: ['up', 'k'], help: 'Previous profile'},
  {action: 'down', keys: ['down', 'j'], help: 'Next profile'},
  {action: 'use', keys: ['enter'], hint: 'use', help: 'Use this profile for this session (the default stays)'},
  {action: 'makeDefault', keys: ['D'], hint: 'default', help: 'Make this profile the saved default (profiles use)'},
  {action: 'new', keys: ['n'], hint: 'new', help: 'New profile'},
  {action: 'edit', keys: ['e'], hint: 'edit', help: 'Edit profile'},
  {action: 'remove', keys: ['x'], hint: 'remove', help: 'Remove profile (asks first)'},
  {action: 'test', keys: ['t'], hint: 'test', help: 'Test the connection'},
  GLOBAL.messages,
  {action: 'back', keys: ['esc'], hint: 'back', help: 'Back'},
  GLOBAL.help,
  GLOBAL.quit,
];
