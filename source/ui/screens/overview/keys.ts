import {GLOBAL, type Keymap} from '../../keymap.js';

export type OverviewAction =
  'up' | 'down' | 'top' | 'bottom' | 'open' | 'back' | 'messages' | 'help' | 'profiles' | 'quit';

export const overviewKeymap: Keymap<OverviewAction> = [
  {action: 'up', keys: ['up', 'k'], help: 'Previous user'},
  {action: 'down', keys: ['down', 'j'], hint: 'user', help: 'Next user'},
  {action: 'top', keys: ['g', 'home'], help: 'First user'},
  {action: 'bottom', keys: ['G', 'end'], help: 'Last user'},
  {action: 'open', keys: ['enter'], hint: "user's tokens", help: "Open the highlighted user's tokens"},
  {action: 'back', keys: ['esc', 'o'], hint: 'back', help: 'Back to the token list'},
  GLOBAL.messages,
  GLOBAL.help,
  GLOBAL.profiles,
  GLOBAL.quit,
];
