import type {Keymap} from '../../keymap.js';

export type UserPickerAction =
  'up' | 'down' | 'open' | 'back' | 'everywhere' | 'profiles' | 'messages' | 'help' | 'quit';

// Every printable key is search text here (the text field takes it): the app's keys are the ones
// no text has — F1 for help, ctrl chords for the rest.
export const userPickerKeymap: Keymap<UserPickerAction> = [
  // Not ctrl-k: the search field takes it (erase to the end, as in every field).
  {action: 'up', keys: ['up'], help: 'Previous entry'},
  {action: 'down', keys: ['down', 'ctrl+j', 'tab'], help: 'Next entry'},
  {
    action: 'open',
    keys: ['enter'],
    hint: 'open',
    help: 'Open the top match of the text as typed (waits for its search), or the entry selected with ↑↓',
    text: true,
  },
  {action: 'back', keys: ['esc'], hint: 'clear/back', help: 'Clear the search, or go back to the list'},
  {
    action: 'everywhere',
    keys: ['ctrl+t'],
    hint: 'all profiles',
    help: 'Search every stored profile, or this one only again; enter on a match of another profile switches to it (for this session)',
  },
  {action: 'profiles', keys: ['ctrl+p'], hint: 'profiles', help: 'Profiles'},
  {action: 'messages', keys: ['ctrl+l'], hint: 'log', help: 'Message log: every flash, error and summary'},
  {action: 'help', keys: ['f1'], hint: 'help', help: 'Show this help (? is search text here)'},
  {action: 'quit', keys: ['ctrl+c'], hint: 'quit', help: 'Quit'},
];
