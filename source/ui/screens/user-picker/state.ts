// The user picker as a pure reducer. A search answer carries the query it answers: one for a
// query the operator has since changed is dropped, so a slow stale answer never replaces a newer
// one — and never is what Enter opens. The search runs on this profile, or (ctrl-t) on every
// stored profile: an answer of the other scope is dropped the same way.
import type {QlikUser} from '../../../qlik/types.js';
import type {RecentUser} from '../../tenant-session.js';

/** A user found on another stored profile: opening it switches the session to that profile. */
export type ElsewhereMatch = {profile: string; user: QlikUser};

/** A profile whose search failed (unreachable, bad credentials): said, the others still listed. */
export type ProfileFailure = {profile: string; error: string};

export type PickerEntry =
  | {kind: 'user'; user: QlikUser; recent: boolean; profile?: string}
  | {kind: 'recent'; recent: RecentUser}
  | {kind: 'me'}
  | {kind: 'all'};

export type UserPickerState = {
  query: string;
  /** The query the current results answer. */
  answered: string;
  results: readonly QlikUser[];
  /** Searching every stored profile (ctrl-t), not this one only. */
  everywhere: boolean;
  /** Every-profile search: matches on the other profiles, and the profiles that failed. */
  elsewhere: readonly ElsewhereMatch[];
  failed: readonly ProfileFailure[];
  cursor: number;
  /** Moved with ↑↓ since the text last changed: the entry under it was chosen on purpose. */
  chosen: boolean;
  /** Enter was pressed while the search for `query` was in flight: open its top match on arrival. */
  openOnAnswer: boolean;
  error: string | undefined;
};

export type UserPickerEvent =
  | {type: 'typed'; query: string}
  | {
      type: 'results';
      query: string;
      users: readonly QlikUser[];
      /** An answer of the every-profile search; absent for this profile's. */
      everywhere?: {elsewhere: readonly ElsewhereMatch[]; failed: readonly ProfileFailure[]};
    }
  | {type: 'failed'; query: string; error: string; everywhere?: boolean}
  | {type: 'scope'; everywhere: boolean}
  | {type: 'move'; by: number}
  | {type: 'wait-to-open'}
  | {type: 'opened'};

export function initialUserPickerState(): UserPickerState {
  return {
    query: '',
    answered: '',
    results: [],
    everywhere: false,
    elsewhere: [],
    failed: [],
    cursor: 0,
    chosen: false,
    openOnAnswer: false,
    error: undefined,
  };
}

export function pickerEntries(state: UserPickerState, recent: readonly RecentUser[]): PickerEntry[] {
  if (state.query.trim() === '') {
    return [{kind: 'me'}, {kind: 'all'}, ...recent.map((r): PickerEntry => ({kind: 'recent', recent: r}))];
  }
  const recentIds = new Set(recent.map((r) => r.id));
  // Results of the text as it stands only: an older query's answer is not a match of this one.
  const current = state.answered === state.query;
  const results = current ? state.results : [];
  // Results the operator recently opened come first: the likeliest next pick.
  const users = [...results].sort((a, b) => Number(recentIds.has(b.id)) - Number(recentIds.has(a.id)));
  // This profile's matches first (opening them changes nothing else), then the other profiles'.
  const elsewhere = current && state.everywhere ? state.elsewhere : [];
  return [
    ...users.map((user): PickerEntry => ({kind: 'user', user, recent: recentIds.has(user.id)})),
    ...elsewhere.map(({profile, user}): PickerEntry => ({kind: 'user', user, recent: false, profile})),
    {kind: 'me'},
    {kind: 'all'},
  ];
}

/** The search for the text as typed has answered (or there is nothing to search). */
export function answered(state: UserPickerState): boolean {
  return state.query.trim() === '' || state.answered === state.query;
}

export type EnterOutcome = {kind: 'open'; entry: PickerEntry} | {kind: 'wait'} | {kind: 'no-match'};

/**
 * What Enter does, on the text as it stands: the entry chosen with ↑↓, else the top match of this
 * text — waiting for its search if need be — and nobody when nothing matches. "me" and "all users"
 * are opened only when chosen (or when the field is empty and they are all there is).
 */
export function onEnter(state: UserPickerState, recent: readonly RecentUser[]): EnterOutcome {
  const entries = pickerEntries(state, recent);
  const cursor = clampCursor(state.cursor, entries.length);
  if (state.query.trim() === '' || state.chosen) {
    const entry = entries[cursor];
    return entry ? {kind: 'open', entry} : {kind: 'no-match'};
  }
  if (!answered(state)) return {kind: 'wait'};
  const top = entries[0];
  return top?.kind === 'user' ? {kind: 'open', entry: top} : {kind: 'no-match'};
}

export function userPickerReducer(state: UserPickerState, event: UserPickerEvent): UserPickerState {
  switch (event.type) {
    case 'typed':
      if (event.query === state.query) return state;
      return {
        ...state,
        query: event.query,
        cursor: 0,
        chosen: false,
        // Enter meant the text as it was then; a change of text is a change of mind.
        openOnAnswer: false,
        error: undefined,
        ...(event.query.trim() === '' ? {results: [], elsewhere: [], failed: [], answered: ''} : {}),
      };
    case 'results':
      if (event.query !== state.query || (event.everywhere !== undefined) !== state.everywhere) return state;
      return {
        ...state,
        results: event.users,
        elsewhere: event.everywhere?.elsewhere ?? [],
        failed: event.everywhere?.failed ?? [],
        answered: event.query,
        cursor: 0,
        chosen: false,
        error: undefined,
      };
    case 'failed':
      if (event.query !== state.query || (event.everywhere ?? false) !== state.everywhere) return state;
      return {
        ...state,
        error: event.error,
        answered: event.query,
        results: [],
        elsewhere: [],
        failed: [],
        openOnAnswer: false,
      };
    case 'scope':
      if (event.everywhere === state.everywhere) return state;
      // Another scope is another search: nothing of the last answer is a match of the new one.
      return {...initialUserPickerState(), query: state.query, everywhere: event.everywhere};
    case 'move':
      return {...state, cursor: state.cursor + event.by, chosen: true};
    case 'wait-to-open':
      return {...state, openOnAnswer: true};
    case 'opened':
      return {...state, openOnAnswer: false};
  }
}

/** The cursor is clamped when drawn: the number of entries depends on the recent users too. */
export function clampCursor(cursor: number, length: number): number {
  return length === 0 ? 0 : Math.min(Math.max(0, cursor), length - 1);
}
