// Which screen is up, and where esc goes back to, as a pure reducer: navigation is tested without
// a terminal. Dialogs over a screen are the app's too, but they carry callbacks, so they stay in
// app.tsx; this is the part that decides where the operator is.
import type {QlikUser} from '../qlik/types.js';
import type {OverviewSnapshot} from './screens/overview/state.js';

export type TokenTarget = {kind: 'user'; user: QlikUser} | {kind: 'all'};

export type Screen =
  | {name: 'picker'}
  | {name: 'tokens'; target: TokenTarget}
  | {name: 'profiles'}
  | {name: 'form'; mode: 'setup' | 'new' | 'edit'; profile?: string}
  | {name: 'audit'}
  | {name: 'messages'}
  /** The tenant at a glance, over the tenant-wide list it was opened from. */
  | {name: 'overview'; snapshot: OverviewSnapshot};

export type AppState = {
  screen: Screen;
  /** The token list last opened: esc from the picker, profiles or audit comes back to it. */
  lastTarget: TokenTarget | undefined;
  /** Where the log and audit screens return to. */
  returnTo: Screen | undefined;
  /** Bumped on every picker opening from a list: `u` starts a new, empty search. */
  pickerGeneration: number;
};

export type AppEvent =
  | {type: 'open-tokens'; target: TokenTarget}
  | {type: 'change-user'}
  | {type: 'profiles'}
  | {type: 'form'; mode: 'new' | 'edit'; profile?: string}
  | {type: 'form-done'}
  /** A profile switch: a new tenant, nothing of the old one's lists applies; `target` opens at once
   * (a user found by the every-profile search). */
  | {type: 'switched'; target?: TokenTarget}
  | {type: 'audit'}
  | {type: 'messages'}
  | {type: 'overview'; snapshot: OverviewSnapshot}
  | {type: 'back'};

export function initialAppState(start: Screen): AppState {
  return {screen: start, lastTarget: undefined, returnTo: undefined, pickerGeneration: 0};
}

function listOrPicker(state: AppState): Screen {
  return state.lastTarget ? {name: 'tokens', target: state.lastTarget} : {name: 'picker'};
}

export function appReducer(state: AppState, event: AppEvent): AppState {
  switch (event.type) {
    case 'open-tokens':
      return {...state, screen: {name: 'tokens', target: event.target}, lastTarget: event.target};
    case 'change-user':
      return {...state, screen: {name: 'picker'}, pickerGeneration: state.pickerGeneration + 1};
    case 'profiles':
      return {...state, screen: {name: 'profiles'}};
    case 'form':
      return {...state, screen: {name: 'form', mode: event.mode, ...(event.profile ? {profile: event.profile} : {})}};
    case 'form-done':
      return {...state, screen: {name: 'profiles'}};
    case 'switched':
      return {
        screen: event.target ? {name: 'tokens', target: event.target} : {name: 'picker'},
        lastTarget: event.target,
        returnTo: undefined,
        pickerGeneration: state.pickerGeneration + 1,
      };
    case 'overview':
      return {...state, screen: {name: 'overview', snapshot: event.snapshot}};
    case 'audit':
    case 'messages':
      if (state.screen.name === event.type) return state;
      return {...state, screen: {name: event.type}, returnTo: state.screen};
    case 'back':
      switch (state.screen.name) {
        case 'audit':
        case 'messages':
          return {...state, screen: state.returnTo ?? listOrPicker(state), returnTo: undefined};
        case 'profiles':
        case 'picker':
        case 'overview':
          return {...state, screen: listOrPicker(state)};
        case 'form':
          return {...state, screen: {name: 'profiles'}};
        case 'tokens':
          return {...state, screen: {name: 'picker'}, pickerGeneration: state.pickerGeneration + 1};
      }
  }
}
