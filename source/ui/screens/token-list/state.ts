// The token list as a pure reducer: every key press is a small state transition testable without a
// terminal. Filtering and sorting happen only when the items, the filter or the sort change; moving
// the cursor is O(1), so a list of 100,000 tokens scrolls like a list of 10.
import type {QlikToken} from '../../../qlik/types.js';
import {listed, type Listing, type ListingChanges} from '../../hooks/listing-collector.js';
import {DEFAULT_SORT, sortColumns, TOKEN_COLUMNS} from '../../token-columns.js';

/** A column id of TOKEN_COLUMNS with a sort rule. */
export type SortKey = string;

const SORTABLE = sortColumns(TOKEN_COLUMNS);

/** The sort orders `s` cycles through, the default (last used) first. */
export const SORT_ORDER: readonly SortKey[] = SORTABLE.map((column) => column.id);

export const SORT_LABELS: Readonly<Record<SortKey, string>> = Object.fromEntries(
  SORTABLE.map((column) => [column.id, column.sort!.label]),
);

export type TokenListState = {
  items: readonly QlikToken[];
  /** False until the first complete listing arrived (no "new" markers for the first one). */
  loaded: boolean;
  filter: string;
  sort: SortKey;
  /** The sort order turned around (`S`). */
  reverse: boolean;
  /** All items in sort order; recomputed only when the items or the sort change, so that a filter
   * keystroke filters (order kept) and never sorts. */
  sorted: readonly QlikToken[];
  /** Lower-cased search text of each of `sorted`, built on the first filter keystroke. */
  texts?: readonly string[];
  /** Indices into `sorted` of the view when a filter is on: the next keystroke narrows these. */
  viewIndices?: Uint32Array;
  /** Filtered and sorted: what the table shows. */
  view: readonly QlikToken[];
  cursor: number;
  cursorId: string | undefined;
  /** The operator moved the cursor. Until then it stays on the first row in sort order, whatever
   * arrives (later pages, refreshes): `d` must never act on a row the operator did not choose. */
  moved: boolean;
  /** Rows that refreshes put above a moved cursor since it last moved: "3 new above ↑". */
  newAbove: number;
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
  | {
      type: 'loaded';
      items: readonly QlikToken[];
      now: number;
      /** A live refresh's merge (use-live-tokens): the listing, and what changed since the last. */
      refresh?: {listing: Listing; changes: ListingChanges};
    }
  | {type: 'partial'; items: readonly QlikToken[]}
  | {type: 'names'; names: ReadonlyMap<string, string>}
  | {type: 'move'; by: number}
  | {type: 'page'; direction: 1 | -1; half?: boolean}
  | {type: 'top'}
  | {type: 'bottom'}
  | {type: 'set-filter'; filter: string}
  | {type: 'cycle-sort'}
  | {type: 'reverse-sort'}
  | {type: 'toggle-mark'}
  | {type: 'mark-all-shown'}
  | {type: 'clear-marks'}
  /** Marks exactly these (those still listed): what a revocation left behind, ready for another d. */
  | {type: 'mark-ids'; ids: readonly string[]}
  | {type: 'removed'; ids: readonly string[]}
  | {type: 'resize'; height: number}
  /** Builds the search texts ahead of the first filter keystroke (dispatched when idle), or takes
   * them built (in slices, by the view) for `sorted`: dropped if the list was sorted since. */
  | {type: 'prepare-search'; built?: {sorted: readonly QlikToken[]; texts: readonly string[]}}
  | {type: 'expire-fresh'; before: number};

export function initialTokenListState(height = 10): TokenListState {
  return {
    items: [],
    loaded: false,
    filter: '',
    sort: DEFAULT_SORT,
    reverse: false,
    sorted: [],
    view: [],
    cursor: 0,
    cursorId: undefined,
    moved: false,
    newAbove: 0,
    top: 0,
    height: Math.max(1, height),
    marks: new Set(),
    fresh: new Map(),
    names: new Map(),
  };
}

function compareText(a: string, b: string): number {
  // Empty values last, whatever the order.
  if (a === '' && b !== '') return 1;
  if (b === '' && a !== '') return -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Sorts a copy of the items by a column's sort rule (time: newest first, then by last use within a
 * text group; text: A→Z). Ties go by id, so equal keys never swap places between refreshes.
 * `reverse` turns the order around, ties included.
 */
/** A token's sort key under `sort`: what sortTokens compares. */
type SortKeyOf = {time: number; text: string; id: string};

/** The order sortTokens sorts in, on keys computed one token at a time (for a few comparisons, such
 * as finding where a refresh's new tokens go). */
function keyedOrder(
  sort: SortKey,
  reverse: boolean,
): {keyOf: (token: QlikToken) => SortKeyOf; compare: (a: SortKeyOf, b: SortKeyOf) => number} {
  const rule = (SORTABLE.find((column) => column.id === sort) ?? SORTABLE[0]!).sort!;
  const lastUsed = SORTABLE.find((column) => column.id === DEFAULT_SORT)!.sort!;
  const time = (rule.kind === 'time' ? rule.key : lastUsed.key) as (t: QlikToken) => number;
  const text = rule.kind === 'text' && sort !== 'id' ? rule.key : undefined;
  const keyOf = (t: QlikToken): SortKeyOf => ({time: time(t), text: text ? text(t) : '', id: t.id});
  const byId = (a: SortKeyOf, b: SortKeyOf): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const byTime = (a: SortKeyOf, b: SortKeyOf): number => b.time - a.time || 0;
  let compare: (a: SortKeyOf, b: SortKeyOf) => number;
  if (sort === 'id') compare = byId;
  else if (!text) compare = (a, b) => byTime(a, b) || byId(a, b);
  else if (sort === 'user') compare = (a, b) => compareText(a.text, b.text) || byTime(a, b) || byId(a, b);
  else compare = (a, b) => compareText(a.text, b.text) || byId(a, b);
  return {keyOf, compare: reverse ? (a, b) => compare(b, a) : compare};
}

export function sortTokens(items: readonly QlikToken[], sort: SortKey, reverse = false): QlikToken[] {
  // At 100k rows the comparator is the hot spot: every key (a parsed date, a lower-cased text) is
  // computed once into arrays, and the sort compares those through indices, never objects.
  const rule = (SORTABLE.find((column) => column.id === sort) ?? SORTABLE[0]!).sort!;
  const lastUsed = SORTABLE.find((column) => column.id === DEFAULT_SORT)!.sort!;
  const n = items.length;
  const ids = new Array<string>(n);
  const times = new Float64Array(n);
  const texts = rule.kind === 'text' && sort !== 'id' ? new Array<string>(n) : undefined;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const token = items[i]!;
    ids[i] = token.id;
    times[i] = rule.kind === 'time' ? rule.key(token) : (lastUsed.key as (t: QlikToken) => number)(token);
    order[i] = i;
    if (texts) texts[i] = (rule.key as (t: QlikToken) => string)(token);
  }
  const byId = (a: number, b: number): number => (ids[a]! < ids[b]! ? -1 : ids[a]! > ids[b]! ? 1 : 0);
  const byTime = (a: number, b: number): number => times[b]! - times[a]! || 0;
  let compare: (a: number, b: number) => number;
  if (sort === 'id') compare = byId;
  else if (!texts) compare = (a, b) => byTime(a, b) || byId(a, b);
  else if (sort === 'user') compare = (a, b) => compareText(texts[a]!, texts[b]!) || byTime(a, b) || byId(a, b);
  else compare = (a, b) => compareText(texts[a]!, texts[b]!) || byId(a, b);
  order.sort(reverse ? (a, b) => compare(b, a) : compare);
  const out = new Array<QlikToken>(n);
  for (let i = 0; i < n; i++) out[i] = items[order[i]!]!;
  return out;
}

/** Lower-cased searchable text of each token, aligned with the array it was built from. */
export function searchTexts(tokens: readonly QlikToken[]): string[] {
  const out = new Array<string>(tokens.length);
  fillSearchTexts(tokens, out, 0, tokens.length);
  return out;
}

/** searchTexts for `tokens[from..to)`, into `out` at the same indices: the index built in slices. */
export function fillSearchTexts(tokens: readonly QlikToken[], out: string[], from: number, to: number): void {
  for (let i = from; i < to; i++) {
    const token = tokens[i]!;
    out[i] =
      `${token.id}\u0000${token.description ?? ''}\u0000${token.deviceType ?? ''}\u0000${token.userId}`.toLowerCase();
  }
}

export type Filtered = {view: readonly QlikToken[]; indices: Uint32Array | undefined};

/**
 * Keeps the tokens of `sorted` (order kept) whose id, description, device, user id or user name
 * contains the filter. `within` narrows a previous result (indices into `sorted`). Names are
 * matched per user, not per token: a few hundred checks, not 100,000.
 */
export function filterTokens(
  sorted: readonly QlikToken[],
  texts: readonly string[],
  filter: string,
  names: ReadonlyMap<string, string>,
  within?: Uint32Array,
): Filtered {
  const needle = filter.trim().toLowerCase();
  if (needle === '') return {view: sorted, indices: undefined};
  const byName = usersNamed(names, needle);
  const total = within ? within.length : sorted.length;
  const hits = new Uint32Array(total);
  let count = 0;
  for (let k = 0; k < total; k++) {
    const i = within ? within[k]! : k;
    if (texts[i]!.includes(needle) || (byName.size > 0 && byName.has(sorted[i]!.userId))) hits[count++] = i;
  }
  const indices = hits.slice(0, count);
  const view = new Array<QlikToken>(count);
  for (let k = 0; k < count; k++) view[k] = sorted[indices[k]!]!;
  return {view, indices};
}

/** The users whose names contain `needle` (lower-cased). */
function usersNamed(names: ReadonlyMap<string, string>, needle: string): Set<string> {
  const users = new Set<string>();
  for (const [userId, name] of names) if (name.toLowerCase().includes(needle)) users.add(userId);
  return users;
}

/** Whether `before` and `after` hold the same users whose names contain `filter` (always, with no filter). */
function sameNameMatches(
  before: ReadonlyMap<string, string>,
  after: ReadonlyMap<string, string>,
  filter: string,
): boolean {
  const needle = filter.trim().toLowerCase();
  if (needle === '') return true;
  const was = usersNamed(before, needle);
  const now = usersNamed(after, needle);
  return was.size === now.size && [...was].every((userId) => now.has(userId));
}

/** Applies a filter result: the view, and what a narrower filter can start from. */
function filtered(state: TokenListState, result: Filtered): TokenListState {
  return withView({...state, viewIndices: result.indices}, result.view);
}

/** The search texts of `sorted`: built on the first filter keystroke after a sort or a refresh,
 * then carried from state to state until `sorted` changes. */
function textsOf(state: TokenListState): readonly string[] {
  return state.texts ?? searchTexts(state.sorted);
}

/** `sorted` changed (new items, another sort, removals): filter it again from scratch. `texts`: the
 * search texts of `sorted`, when known. */
function refiltered(state: TokenListState, sorted: readonly QlikToken[], texts?: readonly string[]): TokenListState {
  const next: TokenListState = {...state, sorted, texts};
  if (state.filter.trim() === '') return filtered(next, {view: sorted, indices: undefined});
  const all = texts ?? searchTexts(sorted);
  return filtered({...next, texts: all}, filterTokens(sorted, all, state.filter, state.names));
}

/** Above this many new or changed tokens a refresh sorts afresh (the binary searches cost more). */
const MERGE_AT_MOST = 4096;

/**
 * A refresh merged into the sorted list instead of sorting it again: the tokens it kept keep their
 * order (and search texts), its new and changed ones are put in place by binary search. At 100,000
 * tokens a full sort and a new search index cost the UI thread ~150 ms; this costs one pass over
 * the list. Undefined when the merge would not give exactly what a sort gives (many changes, or a
 * token revoked here that the tenant still lists): then the caller sorts.
 */
function mergedRefresh(
  state: TokenListState,
  listing: Listing,
  changes: ListingChanges,
  now: number,
): TokenListState | undefined {
  const {items, index} = listing;
  const {added, changed, dropped} = changes;
  const fresh = new Map<string, number>();
  for (const [id, at] of state.fresh) if (index.has(id)) fresh.set(id, at);
  for (const token of added) fresh.set(token.id, now);
  const marks = state.marks.size === 0 ? state.marks : new Set([...state.marks].filter((id) => index.has(id)));
  const base: TokenListState = {...state, items, loaded: true, fresh, marks};
  // The list shows exactly the previous listing (no revocation since): `dropped` says what goes.
  const aligned = state.items === changes.previous;
  if (aligned && added.length === 0 && dropped.size === 0) return base;
  const count = added.length + changed.length;
  if (count > MERGE_AT_MOST) return undefined;
  let replaced = 0;
  const keep = aligned
    ? dropped.size === 0
      ? undefined
      : (token: QlikToken) => !dropped.has(token.id)
    : (token: QlikToken) => {
        const now = listed(listing, token.id);
        if (now !== token && now !== undefined) replaced++;
        return now === token;
      };
  const merged = mergedSorted(state, changed.length === 0 ? added : [...added, ...changed], items.length, keep);
  // Not aligned: exact only if every listed token is now in the list once, and every changed one
  // replaced one shown (else it is back after a revocation here, and new to the operator).
  if (!merged || (!aligned && replaced !== changed.length)) return undefined;
  return refiltered(base, merged.sorted, merged.texts);
}

/**
 * `state.sorted` (those of it `keep` keeps) with `incoming` put in place, by binary search: the
 * search texts follow when there are some. Undefined when that is not `length` tokens.
 */
function mergedSorted(
  state: TokenListState,
  unsorted: readonly QlikToken[],
  length: number,
  keep?: (token: QlikToken) => boolean,
): {sorted: QlikToken[]; texts: string[] | undefined} | undefined {
  const incoming = sortTokens(unsorted, state.sort, state.reverse);
  const old = state.sorted;
  const oldTexts = state.texts;
  // Where each incoming token goes in the old list. The tokens that list drops still sit where
  // their old keys sort them, so it is in order and can be searched as it is.
  const {keyOf, compare} = keyedOrder(state.sort, state.reverse);
  const places = new Uint32Array(incoming.length);
  for (let j = 0, from = 0; j < incoming.length; j++) {
    const key = keyOf(incoming[j]!);
    let lo = from;
    let hi = old.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compare(keyOf(old[mid]!), key) < 0) lo = mid + 1;
      else hi = mid;
    }
    places[j] = from = lo;
  }
  const incomingTexts = oldTexts ? searchTexts(incoming) : undefined;
  const sorted = new Array<QlikToken>(length);
  const texts = oldTexts ? new Array<string>(length) : undefined;
  let out = 0;
  let j = 0;
  for (let i = 0; i <= old.length; i++) {
    for (; j < incoming.length && places[j] === i; j++, out++) {
      sorted[out] = incoming[j]!;
      if (texts) texts[out] = incomingTexts![j]!;
    }
    if (i === old.length) break;
    const token = old[i]!;
    if (keep && !keep(token)) continue;
    sorted[out] = token;
    if (texts) texts[out] = oldTexts![i]!;
    out++;
  }
  return out === length ? {sorted, texts} : undefined;
}

/** A listing in place of the items, sorted and filtered afresh. */
function replacedItems(state: TokenListState, items: readonly QlikToken[], now: number): TokenListState {
  const ids = new Set(items.map((token) => token.id));
  const fresh = new Map<string, number>();
  for (const [id, at] of state.fresh) if (ids.has(id)) fresh.set(id, at);
  if (state.loaded) {
    const before = new Set(state.items.map((token) => token.id));
    for (const id of ids) if (!before.has(id)) fresh.set(id, now);
  }
  const marks = new Set([...state.marks].filter((id) => ids.has(id)));
  return resorted({...state, items, loaded: true, fresh, marks});
}

/** Items or sort changed: sort again, then filter. */
function resorted(state: TokenListState): TokenListState {
  return refiltered(state, sortTokens(state.items, state.sort, state.reverse));
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
  if (!state.moved) return placeWindow({...state, view, top: 0}, 0);
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
      const next =
        (state.loaded &&
          event.refresh &&
          mergedRefresh(state, event.refresh.listing, event.refresh.changes, event.now)) ||
        replacedItems(state, event.items, event.now);
      if (!state.loaded || !state.moved || next.fresh.size === 0) return next;
      let above = 0;
      for (let i = 0; i < next.cursor; i++) if (next.fresh.get(next.view[i]!.id) === event.now) above++;
      return above === 0 ? next : {...next, newAbove: next.newAbove + above};
    }
    case 'partial': {
      // Pages of a first listing, shown as they arrive; a refresh only replaces on completion.
      if (state.loaded) return state;
      // A first listing only grows: at a tenant's real latency each partial adds a page or two, put
      // in place instead of sorting the whole list again (~100 ms at 100,000 tokens, every 250 ms).
      const before = state.items;
      const {items} = event;
      const grown =
        before.length > 0 && before.length <= items.length && items[before.length - 1] === before[before.length - 1];
      const added = items.length - before.length;
      if (grown && added <= MERGE_AT_MOST && before.length === state.sorted.length) {
        const merged = mergedSorted(state, items.slice(before.length), items.length);
        if (merged) return refiltered({...state, items}, merged.sorted, merged.texts);
      }
      return resorted({...state, items});
    }
    case 'names': {
      // Names arrive for the rows on screen, a few at a time: they change the filter's result only
      // when they change which users' names contain it (a scan of 100,000 tokens otherwise).
      if (sameNameMatches(state.names, event.names, state.filter)) return {...state, names: event.names};
      const texts = textsOf(state);
      return filtered(
        {...state, names: event.names, texts},
        filterTokens(state.sorted, texts, state.filter, event.names),
      );
    }
    case 'move':
      return placeWindow({...state, moved: true, newAbove: 0}, state.cursor + event.by);
    case 'page': {
      const by = event.direction * (event.half ? Math.max(1, Math.floor(state.height / 2)) : state.height);
      return placeWindow({...state, moved: true, newAbove: 0, top: state.top + by}, state.cursor + by);
    }
    case 'top':
      // Back on the first row: it follows the first row again, as before any move.
      return placeWindow({...state, moved: false, newAbove: 0}, 0);
    case 'bottom':
      return placeWindow({...state, moved: true, newAbove: 0}, state.view.length - 1);
    case 'set-filter': {
      if (event.filter === state.filter) return state;
      const texts = textsOf(state);
      // While the needle only grows, every match is already in the current view: narrow that.
      const before = state.filter.trim().toLowerCase();
      const after = event.filter.trim().toLowerCase();
      const within = before !== '' && after.includes(before) ? state.viewIndices : undefined;
      // The cursor goes to the first match: what is highlighted is what the filter found.
      return filtered(
        {...state, filter: event.filter, texts, moved: false, newAbove: 0},
        filterTokens(state.sorted, texts, event.filter, state.names, within),
      );
    }
    case 'cycle-sort': {
      const sort = SORT_ORDER[(SORT_ORDER.indexOf(state.sort) + 1) % SORT_ORDER.length]!;
      return resorted({...state, sort, newAbove: 0});
    }
    case 'reverse-sort':
      return resorted({...state, reverse: !state.reverse, newAbove: 0});
    case 'toggle-mark': {
      const id = state.view[state.cursor]?.id;
      if (id === undefined) return state;
      const marks = new Set(state.marks);
      if (marks.has(id)) marks.delete(id);
      else marks.add(id);
      // Marking moves on, as in mutt and k9s: space space space marks three tokens.
      return placeWindow({...state, marks, moved: true, newAbove: 0}, state.cursor + 1);
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
      // Removing keeps the order: no sort needed.
      return refiltered(
        {...state, items, marks},
        state.sorted.filter((token) => !gone.has(token.id)),
      );
    }
    case 'prepare-search':
      if (state.texts) return state;
      if (event.built) return event.built.sorted === state.sorted ? {...state, texts: event.built.texts} : state;
      return {...state, texts: searchTexts(state.sorted)};
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
export function visibleRows(state: Pick<TokenListState, 'view' | 'top' | 'height'>): readonly QlikToken[] {
  return state.view.slice(state.top, state.top + state.height);
}

export function highlighted(state: TokenListState): QlikToken | undefined {
  return state.view[state.cursor];
}

/** What `d` acts on: the marked tokens if any (in the order the screen shows them), else the highlighted one. */
export function revocationTargets(state: TokenListState): QlikToken[] {
  if (state.marks.size > 0) return state.sorted.filter((token) => state.marks.has(token.id));
  const token = highlighted(state);
  return token ? [token] : [];
}
