// The token list as a pure reducer: every key press is a small state transition testable without a
// terminal. Filtering and sorting happen only when the items, the filter or the sort change; moving
// the cursor is O(1), so a list of 100,000 tokens scrolls like a list of 10.
import type {QlikToken} from '../../qlik/types.js';

export type SortKey = 'lastUsed' | 'user' | 'description' | 'device' | 'id';

export const SORT_ORDER: readonly SortKey[] = ['lastUsed', 'user', 'description', 'device', 'id'];

export const SORT_LABELS: Record<SortKey, string> = {
  lastUsed: 'last used',
  user: 'user (grouped)',
  description: 'description',
  device: 'device',
  id: 'id',
};

export type TokenListState = {
  items: readonly QlikToken[];
  /** False until the first complete listing arrived (no "new" markers for the first one). */
  loaded: boolean;
  filter: string;
  sort: SortKey;
  /** Filtered and sorted: what the table shows. */
  view: readonly QlikToken[];
  cursor: number;
  cursorId: string | undefined;
  /** First visible row of the window. */
  top: number;
  /** Rows the table can show. */
  height: number;
  marks: ReadonlySet<string>;
  /** Token id → when it first appeared in a refresh (epoch ms). */
  fresh: ReadonlyMap<string, number>;
  /** User id → display name, for the tenant-wide view. */
  names: ReadonlyMap<string, string>;
};

export type TokenListEvent =
  | {type: 'loaded'; items: readonly QlikToken[]; now: number}
  | {type: 'partial'; items: readonly QlikToken[]}
  | {type: 'names'; names: ReadonlyMap<string, string>}
  | {type: 'move'; by: number}
  | {type: 'page'; direction: 1 | -1}
  | {type: 'top'}
  | {type: 'bottom'}
  | {type: 'set-filter'; filter: string}
  | {type: 'cycle-sort'}
  | {type: 'toggle-mark'}
  | {type: 'mark-all-shown'}
  | {type: 'clear-marks'}
  /** Marks exactly these (those still listed): what a revocation left behind, ready for another d. */
  | {type: 'mark-ids'; ids: readonly string[]}
  | {type: 'removed'; ids: readonly string[]}
  | {type: 'resize'; height: number}
  | {type: 'expire-fresh'; before: number};

export function initialTokenListState(height = 10): TokenListState {
  return {
    items: [],
    loaded: false,
    filter: '',
    sort: 'lastUsed',
    view: [],
    cursor: 0,
    cursorId: undefined,
    top: 0,
    height: Math.max(1, height),
    marks: new Set(),
    fresh: new Map(),
    names: new Map(),
  };
}

function lastUsedOf(token: QlikToken): number {
  const at = token.lastUsed ? Date.parse(token.lastUsed) : Number.NaN;
  return Number.isNaN(at) ? -Infinity : at;
}

function textKey(value: string | null | undefined): string {
  return (value ?? '').toLowerCase();
}

function compareText(a: string, b: string): number {
  // Empty values last, whatever the order.
  if (a === '' && b !== '') return 1;
  if (b === '' && a !== '') return -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

export function deriveView(
  items: readonly QlikToken[],
  filter: string,
  sort: SortKey,
  names: ReadonlyMap<string, string>,
): QlikToken[] {
  const needle = filter.trim().toLowerCase();
  const shown = needle === ''
    ? items.slice()
    : items.filter((token) =>
        [token.id, token.description, token.deviceType, token.userId, names.get(token.userId)].some((field) =>
          typeof field === 'string' && field.toLowerCase().includes(needle),
        ),
      );
  const byId = (a: QlikToken, b: QlikToken): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  let compare: (a: QlikToken, b: QlikToken) => number;
  switch (sort) {
    case 'lastUsed':
      compare = (a, b) => lastUsedOf(b) - lastUsedOf(a) || byId(a, b);
      break;
    case 'user':
      // Grouped by user id, not by name: names arrive only for the rows on screen, and a sort that
      // changed as they arrived would make the rows jump under the cursor while scrolling.
      compare = (a, b) => compareText(a.userId, b.userId) || lastUsedOf(b) - lastUsedOf(a) || byId(a, b);
      break;
    case 'description':
      compare = (a, b) => compareText(textKey(a.description), textKey(b.description)) || byId(a, b);
      break;
    case 'device':
      compare = (a, b) => compareText(textKey(a.deviceType), textKey(b.deviceType)) || byId(a, b);
      break;
    case 'id':
      compare = byId;
      break;
  }
  // Pre-computing the sort keys matters at 100k rows: Date.parse in the comparator is the hot spot.
  if (sort === 'lastUsed') {
    const keyed = shown.map((token) => ({token, at: lastUsedOf(token)}));
    keyed.sort((a, b) => b.at - a.at || byId(a.token, b.token));
    return keyed.map((entry) => entry.token);
  }
  return shown.sort(compare);
}

/** Keeps the cursor inside the window, and the window inside the list. */
function placeWindow(state: TokenListState, cursor: number): TokenListState {
  const length = state.view.length;
  const clamped = length === 0 ? 0 : Math.min(Math.max(0, cursor), length - 1);
  let top = state.top;
  if (clamped < top) top = clamped;
  if (clamped >= top + state.height) top = clamped - state.height + 1;
  top = Math.max(0, Math.min(top, Math.max(0, length - state.height)));
  return {...state, cursor: clamped, top, cursorId: state.view[clamped]?.id};
}

/** Re-derives the view and puts the cursor back on the same token (or the same place if it went). */
function withView(state: TokenListState, view: readonly QlikToken[]): TokenListState {
  let cursor = state.cursor;
  if (state.cursorId !== undefined) {
    const index = view.findIndex((token) => token.id === state.cursorId);
    if (index >= 0) cursor = index;
  }
  return placeWindow({...state, view}, cursor);
}

export function tokenListReducer(state: TokenListState, event: TokenListEvent): TokenListState {
  switch (event.type) {
    case 'loaded': {
      const ids = new Set(event.items.map((token) => token.id));
      const fresh = new Map<string, number>();
      for (const [id, at] of state.fresh) if (ids.has(id)) fresh.set(id, at);
      if (state.loaded) {
        const before = new Set(state.items.map((token) => token.id));
        for (const id of ids) if (!before.has(id)) fresh.set(id, event.now);
      }
      const marks = new Set([...state.marks].filter((id) => ids.has(id)));
      const next = {...state, items: event.items, loaded: true, fresh, marks};
      return withView(next, deriveView(event.items, state.filter, state.sort, state.names));
    }
    case 'partial': {
      // Pages of a first listing, shown as they arrive; a refresh only replaces on completion.
      if (state.loaded) return state;
      return withView({...state, items: event.items}, deriveView(event.items, state.filter, state.sort, state.names));
    }
    case 'names': {
      const next = {...state, names: event.names};
      const matters = state.filter.trim() !== '';
      return matters ? withView(next, deriveView(state.items, state.filter, state.sort, event.names)) : next;
    }
    case 'move':
      return placeWindow(state, state.cursor + event.by);
    case 'page':
      return placeWindow({...state, top: state.top + event.direction * state.height}, state.cursor + event.direction * state.height);
    case 'top':
      return placeWindow(state, 0);
    case 'bottom':
      return placeWindow(state, state.view.length - 1);
    case 'set-filter': {
      if (event.filter === state.filter) return state;
      const next = {...state, filter: event.filter};
      return withView(next, deriveView(state.items, event.filter, state.sort, state.names));
    }
    case 'cycle-sort': {
      const sort = SORT_ORDER[(SORT_ORDER.indexOf(state.sort) + 1) % SORT_ORDER.length]!;
      return withView({...state, sort}, deriveView(state.items, state.filter, sort, state.names));
    }
    case 'toggle-mark': {
      const id = state.view[state.cursor]?.id;
      if (id === undefined) return state;
      const marks = new Set(state.marks);
      if (marks.has(id)) marks.delete(id);
      else marks.add(id);
      // Marking moves on, as in mutt and k9s: space space space marks three tokens.
      return placeWindow({...state, marks}, state.cursor + 1);
    }
    case 'mark-all-shown': {
      const allMarked = state.view.length > 0 && state.view.every((token) => state.marks.has(token.id));
      const marks = new Set(state.marks);
      for (const token of state.view) {
        if (allMarked) marks.delete(token.id);
        else marks.add(token.id);
      }
      return {...state, marks};
    }
    case 'clear-marks':
      return state.marks.size === 0 ? state : {...state, marks: new Set()};
    case 'mark-ids': {
      const present = new Set(state.items.map((token) => token.id));
      return {...state, marks: new Set(event.ids.filter((id) => present.has(id)))};
    }
    case 'removed': {
      const gone = new Set(event.ids);
      const items = state.items.filter((token) => !gone.has(token.id));
      const marks = new Set([...state.marks].filter((id) => !gone.has(id)));
      const view = state.view.filter((token) => !gone.has(token.id));
      return withView({...state, items, marks}, view);
    }
    case 'resize':
      return placeWindow({...state, height: Math.max(1, event.height)}, state.cursor);
    case 'expire-fresh': {
      if (![...state.fresh.values()].some((at) => at < event.before)) return state;
      const fresh = new Map([...state.fresh].filter(([, at]) => at >= event.before));
      return {...state, fresh};
    }
  }
}

/** The rows the table draws: only the window, never the whole list. */
export function visibleRows(state: TokenListState): readonly QlikToken[] {
  return state.view.slice(state.top, state.top + state.height);
}

export function highlighted(state: TokenListState): QlikToken | undefined {
  return state.view[state.cursor];
}

/** What `d` acts on: the marked tokens if any, else the highlighted one. */
export function revocationTargets(state: TokenListState): QlikToken[] {
  if (state.marks.size > 0) return state.items.filter((token) => state.marks.has(token.id));
  const token = highlighted(state);
  return token ? [token] : [];
}
