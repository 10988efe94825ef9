// The user picker as a pure reducer. A search answer carries the query it answers: one for a
// query the operator has since changed is dropped, so a slow stale answer never replaces a newer one.
import type {QlikUser} from '../../qlik/types.js';
import type {RecentUser} from '../session.js';

export type PickerEntry =
  {kind: 'user'; user: QlikUser; recent: boolean} | {kind: 'recent'; recent: RecentUser} | {kind: 'me'} | {kind: 'all'};

export type UserPickerState = {
  query: string;
  /** The query the current results answer. */
  answered: string;
  results: readonly QlikUser[];
  cursor: number;
  error: string | undefined;
};

export type UserPickerEvent =
  | {type: 'typed'; query: string}
  | {type: 'results'; query: string; users: readonly QlikUser[]}
  | {type: 'failed'; query: string; error: string}
  | {type: 'move'; by: number};

export function initialUserPickerState(): UserPickerState {
  return {query: '', answered: '', results: [], cursor: 0, error: undefined};
}

export function pickerEntries(state: UserPickerState, recent: readonly RecentUser[]): PickerEntry[] {
  if (state.query.trim() === '') {
    return [{kind: 'me'}, {kind: 'all'}, ...recent.map((r): PickerEntry => ({kind: 'recent', recent: r}))];
  }
  const recentIds = new Set(recent.map((r) => r.id));
  // Results the operator recently opened come first: the likeliest next pick.
  const users = [...state.results].sort((a, b) => Number(recentIds.has(b.id)) - Number(recentIds.has(a.id)));
  return [
    ...users.map((user): PickerEntry => ({kind: 'user', user, recent: recentIds.has(user.id)})),
    {kind: 'me'},
    {kind: 'all'},
  ];
}

export function userPickerReducer(state: UserPickerState, event: UserPickerEvent): UserPickerState {
  switch (event.type) {
    case 'typed':
      if (event.query === state.query) return state;
      return {
        ...state,
        query: event.query,
        cursor: 0,
        error: undefined,
        ...(event.query.trim() === '' ? {results: [], answered: ''} : {}),
      };
    case 'results':
      if (event.query !== state.query) return state;
      return {...state, results: event.users, answered: event.query, cursor: 0, error: undefined};
    case 'failed':
      if (event.query !== state.query) return state;
      return {...state, error: event.error, answered: event.query, results: []};
    case 'move':
      return {...state, cursor: state.cursor + event.by};
  }
}

/** The cursor is clamped when drawn: the number of entries depends on the recent users too. */
export function clampCursor(cursor: number, length: number): number {
  return length === 0 ? 0 : Math.min(Math.max(0, cursor), length - 1);
}
