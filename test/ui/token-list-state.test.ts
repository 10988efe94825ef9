import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import type {QlikToken} from '../../source/qlik/types.js';
import {
  initialTokenListState,
  tokenListReducer as reduce,
  filterTokens,
  searchTexts,
  sortTokens,
  SORT_ORDER,
  visibleRows,
  highlighted,
  revocationTargets,
  type SortKey,
  type TokenListState,
  type TokenListEvent,
} from '../../source/ui/screens/token-list/state.js';

function token(n: number, extra: Partial<QlikToken> = {}): QlikToken {
  return {
    id: `t${String(n).padStart(5, '0')}`,
    userId: `u${n % 3}`,
    tenantId: 'ten',
    description: `token ${n}`,
    deviceType: n % 2 ? 'Phone' : 'Tablet',
    // Newer tokens have higher n, so the default sort (last used, newest first) reverses n.
    lastUsed: new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString(),
    ...extra,
  };
}

function run(state: TokenListState, ...events: TokenListEvent[]): TokenListState {
  return events.reduce(reduce, state);
}

const tokens = (count: number) => Array.from({length: count}, (_, i) => token(i));

describe('token list state', () => {
  it('sorts by last used, newest first, and starts on the first row', () => {
    const state = run(initialTokenListState(5), {type: 'loaded', items: tokens(10), now: 0});
    assert.equal(highlighted(state)?.id, 't00009');
    assert.deepEqual(
      visibleRows(state).map((t) => t.id),
      ['t00009', 't00008', 't00007', 't00006', 't00005'],
    );
  });

  it('moves the window with the cursor and clamps at both ends', () => {
    let state = run(initialTokenListState(5), {type: 'loaded', items: tokens(12), now: 0});
    state = run(state, {type: 'move', by: 6});
    assert.equal(state.cursor, 6);
    assert.equal(state.top, 2);
    state = run(state, {type: 'bottom'});
    assert.equal(state.cursor, 11);
    assert.equal(state.top, 7);
    state = run(state, {type: 'move', by: 5});
    assert.equal(state.cursor, 11);
    state = run(state, {type: 'page', direction: -1}, {type: 'page', direction: -1}, {type: 'page', direction: -1});
    assert.equal(state.cursor, 0);
    assert.equal(state.top, 0);
    state = run(state, {type: 'move', by: -1});
    assert.equal(state.cursor, 0);
  });

  it('pages down by the window height', () => {
    const state = run(
      initialTokenListState(5),
      {type: 'loaded', items: tokens(20), now: 0},
      {type: 'page', direction: 1},
    );
    assert.equal(state.cursor, 5);
    assert.equal(state.top, 5);
  });

  it('keeps the cursor on the same token across a refresh that adds and drops tokens', () => {
    let state = run(initialTokenListState(5), {type: 'loaded', items: tokens(10), now: 0}, {type: 'move', by: 3});
    assert.equal(highlighted(state)?.id, 't00006');
    // Two newer tokens arrive, an older one is revoked elsewhere.
    const next = [...tokens(10).filter((t) => t.id !== 't00001'), token(10), token(11)];
    state = run(state, {type: 'loaded', items: next, now: 1000});
    assert.equal(highlighted(state)?.id, 't00006');
    assert.equal(state.cursor, 5);
    assert.deepEqual([...state.fresh.keys()].sort(), ['t00010', 't00011']);
    assert.ok(!state.view.some((t) => t.id === 't00001'));
  });

  it('keeps the same place when the highlighted token itself goes', () => {
    let state = run(initialTokenListState(5), {type: 'loaded', items: tokens(10), now: 0}, {type: 'move', by: 2});
    const without = tokens(10).filter((t) => t.id !== 't00007');
    state = run(state, {type: 'loaded', items: without, now: 1});
    assert.equal(state.cursor, 2);
    assert.equal(highlighted(state)?.id, 't00006');
  });

  it('does not mark the first listing as new, and expires fresh markers', () => {
    let state = run(initialTokenListState(5), {type: 'loaded', items: tokens(3), now: 0});
    assert.equal(state.fresh.size, 0);
    state = run(state, {type: 'loaded', items: tokens(4), now: 5000});
    assert.equal(state.fresh.size, 1);
    state = run(state, {type: 'expire-fresh', before: 4000});
    assert.equal(state.fresh.size, 1);
    state = run(state, {type: 'expire-fresh', before: 6000});
    assert.equal(state.fresh.size, 0);
  });

  it('filters on id, description, device and user name, case-insensitively', () => {
    let state = run(initialTokenListState(5), {type: 'loaded', items: tokens(30), now: 0});
    state = run(state, {type: 'set-filter', filter: 'TOKEN 2'});
    assert.deepEqual(state.view.map((t) => t.id).sort(), [
      't00002',
      't00020',
      't00021',
      't00022',
      't00023',
      't00024',
      't00025',
      't00026',
      't00027',
      't00028',
      't00029',
    ]);
    state = run(state, {type: 'set-filter', filter: 'alice'});
    assert.equal(state.view.length, 0);
    assert.equal(highlighted(state), undefined);
    state = run(state, {type: 'names', names: new Map([['u1', 'Alice Wonder']])});
    assert.equal(state.view.length, 10);
    assert.ok(state.view.every((t) => t.userId === 'u1'));
    state = run(state, {type: 'set-filter', filter: ''});
    assert.equal(state.view.length, 30);
  });

  it('cycles through the sort orders and keeps the highlighted token', () => {
    let state = run(initialTokenListState(5), {type: 'loaded', items: tokens(10), now: 0}, {type: 'move', by: 4});
    const id = highlighted(state)?.id;
    // The sortable columns in table order, from the default: last used, id, user, description, device.
    state = run(state, {type: 'cycle-sort'});
    assert.equal(state.sort, 'id');
    assert.equal(highlighted(state)?.id, id);
    assert.deepEqual(
      state.view.slice(0, 2).map((t) => t.id),
      ['t00000', 't00001'],
    );
    state = run(state, {type: 'reverse-sort'});
    assert.deepEqual(
      state.view.slice(0, 2).map((t) => t.id),
      ['t00009', 't00008'],
    );
    assert.equal(highlighted(state)?.id, id, 'a moved cursor stays on its token');
    state = run(state, {type: 'reverse-sort'}, {type: 'cycle-sort'});
    assert.equal(state.sort, 'user');
    state = run(state, {type: 'cycle-sort'}, {type: 'cycle-sort'}, {type: 'cycle-sort'});
    assert.equal(state.sort, 'lastUsed');
  });

  it('sorts tokens that were never used last', () => {
    const items = [token(1, {lastUsed: null}), token(2), token(3, {lastUsed: undefined})];
    const state = run(initialTokenListState(5), {type: 'loaded', items, now: 0});
    assert.equal(state.view[0]?.id, 't00002');
  });

  it('marks with space (moving on), marks all shown, and targets marks over the cursor', () => {
    let state = run(initialTokenListState(5), {type: 'loaded', items: tokens(10), now: 0});
    assert.deepEqual(
      revocationTargets(state).map((t) => t.id),
      ['t00009'],
    );
    state = run(state, {type: 'toggle-mark'}, {type: 'toggle-mark'});
    assert.deepEqual([...state.marks].sort(), ['t00008', 't00009']);
    assert.equal(state.cursor, 2);
    assert.deepEqual(
      revocationTargets(state)
        .map((t) => t.id)
        .sort(),
      ['t00008', 't00009'],
    );
    state = run(state, {type: 'move', by: -1}, {type: 'toggle-mark'});
    assert.deepEqual([...state.marks], ['t00009']);
    state = run(state, {type: 'move', by: 1}, {type: 'toggle-mark'}); // t00006, a tablet
    state = run(state, {type: 'set-filter', filter: 'phone'}, {type: 'mark-all-shown'});
    assert.equal(state.marks.size, 6); // five phones plus the tablet marked before
    // Everything shown is marked: `a` again unmarks what is shown, and only that.
    state = run(state, {type: 'mark-all-shown'});
    assert.deepEqual([...state.marks], ['t00006']);
    state = run(state, {type: 'clear-marks'});
    assert.equal(state.marks.size, 0);
  });

  it('drops marks of tokens that disappeared, and removes revoked tokens', () => {
    let state = run(
      initialTokenListState(5),
      {type: 'loaded', items: tokens(10), now: 0},
      {type: 'toggle-mark'},
      {type: 'toggle-mark'},
    );
    state = run(state, {type: 'removed', ids: ['t00009']});
    assert.deepEqual([...state.marks], ['t00008']);
    assert.equal(state.items.length, 9);
    assert.ok(!state.view.some((t) => t.id === 't00009'));
    state = run(state, {type: 'loaded', items: tokens(8), now: 1});
    assert.equal(state.marks.size, 0);
  });

  it('marks exactly the tokens a revocation left behind, ignoring ones no longer listed', () => {
    let state = run(initialTokenListState(5), {type: 'loaded', items: tokens(5), now: 0}, {type: 'toggle-mark'});
    state = run(state, {type: 'mark-ids', ids: ['t00001', 't00003', 'gone']});
    assert.deepEqual([...state.marks].sort(), ['t00001', 't00003']);
  });

  it('shows pages of a first listing as they arrive, but not during a refresh', () => {
    let state = run(initialTokenListState(5), {type: 'partial', items: tokens(3)});
    assert.equal(state.view.length, 3);
    assert.equal(state.loaded, false);
    state = run(state, {type: 'loaded', items: tokens(5), now: 0}, {type: 'partial', items: tokens(1)});
    assert.equal(state.view.length, 5);
  });

  it('re-fits the window when the terminal is resized', () => {
    let state = run(initialTokenListState(10), {type: 'loaded', items: tokens(30), now: 0}, {type: 'move', by: 9});
    state = run(state, {type: 'resize', height: 4});
    assert.equal(state.cursor, 9);
    assert.equal(state.top, 6);
    assert.equal(visibleRows(state).length, 4);
  });

  it('keeps the cursor on the first row in sort order while pages arrive, until the operator moves it', () => {
    // Page 1 holds older tokens; later pages sort in above them. The cursor must not follow a
    // token of page 1 down the list: `d` would then target a row nobody chose.
    let state = run(initialTokenListState(5), {type: 'partial', items: tokens(10).slice(0, 4)});
    assert.equal(highlighted(state)?.id, 't00003');
    state = run(state, {type: 'partial', items: tokens(10).slice(0, 8)});
    assert.equal(highlighted(state)?.id, 't00007');
    state = run(state, {type: 'loaded', items: tokens(10), now: 0});
    assert.equal(highlighted(state)?.id, 't00009');
    assert.equal(state.cursor, 0);
    // A refresh with newer tokens: still the first row, and nothing "new above" to report.
    state = run(state, {type: 'loaded', items: [...tokens(10), token(10)], now: 1000});
    assert.equal(highlighted(state)?.id, 't00010');
    assert.equal(state.newAbove, 0);
  });

  it('says how many rows a refresh put above a moved cursor, until it moves again', () => {
    let state = run(initialTokenListState(5), {type: 'loaded', items: tokens(10), now: 0}, {type: 'move', by: 2});
    assert.equal(highlighted(state)?.id, 't00007');
    state = run(state, {type: 'loaded', items: [...tokens(10), token(10), token(11)], now: 1000});
    assert.equal(highlighted(state)?.id, 't00007', 'the moved cursor stays on its token');
    assert.equal(state.newAbove, 2);
    state = run(state, {type: 'loaded', items: [...tokens(10), token(10), token(11), token(12)], now: 2000});
    assert.equal(state.newAbove, 3);
    state = run(state, {type: 'move', by: -1});
    assert.equal(state.newAbove, 0);
    // g goes back to following the first row.
    state = run(
      state,
      {type: 'top'},
      {type: 'loaded', items: [...tokens(10), token(10), token(11), token(12), token(13)], now: 3000},
    );
    assert.equal(highlighted(state)?.id, 't00013');
  });

  it('moves the cursor to the first match of a filter', () => {
    let state = run(initialTokenListState(5), {type: 'loaded', items: tokens(10), now: 0}, {type: 'move', by: 1});
    assert.equal(highlighted(state)?.id, 't00008');
    state = run(state, {type: 'set-filter', filter: 'token'});
    assert.equal(state.cursor, 0);
    assert.equal(highlighted(state)?.id, 't00009');
    state = run(state, {type: 'set-filter', filter: 'token 3'});
    assert.equal(highlighted(state)?.id, 't00003');
  });

  it('moves half a page with ctrl-d and ctrl-u', () => {
    let state = run(initialTokenListState(6), {type: 'loaded', items: tokens(20), now: 0});
    state = run(state, {type: 'page', direction: 1, half: true});
    assert.equal(state.cursor, 3);
    state = run(state, {type: 'page', direction: 1, half: true}, {type: 'page', direction: -1, half: true});
    assert.equal(state.cursor, 3);
  });

  it('lists marked tokens for the confirm dialog in the order the screen shows them', () => {
    let state = run(initialTokenListState(5), {type: 'loaded', items: tokens(6), now: 0});
    // Screen order is newest first: t00005, t00004, ... Mark the third row, then the first.
    state = run(state, {type: 'move', by: 2}, {type: 'toggle-mark'}, {type: 'top'}, {type: 'toggle-mark'});
    assert.deepEqual(
      revocationTargets(state).map((t) => t.id),
      ['t00005', 't00003'],
    );
    state = run(state, {type: 'reverse-sort'});
    assert.deepEqual(
      revocationTargets(state).map((t) => t.id),
      ['t00003', 't00005'],
    );
  });

  it('moves through 100,000 tokens without touching the whole list', () => {
    const many = Array.from({length: 100_000}, (_, i) => token(i));
    let state = run(initialTokenListState(20), {type: 'loaded', items: many, now: 0});
    const view = state.view;
    for (let i = 0; i < 1000; i++) state = reduce(state, {type: 'move', by: 1});
    // Cursor moves reuse the derived array: no re-filtering or re-sorting on a key press.
    assert.equal(state.view, view);
    assert.equal(state.cursor, 1000);
    assert.equal(visibleRows(state).length, 20);
  });
});

/** The reference the reducer's incremental paths must agree with: sort everything, filter everything. */
function deriveView(
  items: readonly QlikToken[],
  filter: string,
  sort: SortKey,
  names: ReadonlyMap<string, string>,
): readonly QlikToken[] {
  const sorted = sortTokens(items, sort);
  return filterTokens(sorted, searchTexts(sorted), filter, names).view;
}

describe('filtering a large list without re-sorting', () => {
  const devices = ['Phone', 'Tablet', null, 'Desktop'];
  const many = Array.from({length: 2000}, (_, i) =>
    token(i, {
      description: i % 7 === 0 ? null : `Client ${i % 13} ab${i % 5}c`,
      deviceType: devices[i % 4],
      lastUsed: i % 11 === 0 ? null : new Date(Date.UTC(2026, 0, 1) + (i % 97) * 3_600_000).toISOString(),
    }),
  );
  const loaded = run(initialTokenListState(10), {type: 'loaded', items: many, now: 0});
  const ids = (state: TokenListState) => state.view.map((t) => t.id);

  it('narrowing keystroke by keystroke gives exactly what a fresh filter gives, in sort order', () => {
    let state = loaded;
    for (const filter of ['a', 'ab', 'ab3', 'ab', 'a', '', 'client 1', 'client 12', 'CLIENT 12 AB']) {
      state = run(state, {type: 'set-filter', filter});
      assert.deepEqual(
        ids(state),
        deriveView(many, filter, 'lastUsed', new Map()).map((t) => t.id),
        `filter ${JSON.stringify(filter)}`,
      );
    }
  });

  it('preparing the search index ahead changes nothing that is shown', () => {
    const prepared = run(loaded, {type: 'prepare-search'});
    assert.deepEqual(ids(prepared), ids(loaded));
    assert.deepEqual(
      ids(run(prepared, {type: 'set-filter', filter: 'tablet'})),
      ids(run(loaded, {type: 'set-filter', filter: 'tablet'})),
    );
  });

  it('a user name matches the tokens of that user only', () => {
    const names = new Map([[many[3]!.userId, 'Zoë Ångström']]);
    const state = run(loaded, {type: 'names', names}, {type: 'set-filter', filter: 'ångs'});
    assert.ok(state.view.length > 0);
    assert.ok(state.view.every((t) => t.userId === many[3]!.userId));
  });

  it('names that do not change which users match keep the filtered view as it is', () => {
    const first = many[3]!.userId;
    const other = many.find((t) => t.userId !== first)!.userId;
    let state = run(
      loaded,
      {type: 'names', names: new Map([[first, 'Zoë Ångström']])},
      {type: 'set-filter', filter: 'ångs'},
    );
    const view = state.view;
    state = run(state, {type: 'move', by: 1});
    const cursor = state.cursor;
    // A name for another user that does not contain the filter: the same view, the cursor stays.
    state = run(state, {
      type: 'names',
      names: new Map([
        [first, 'Zoë Ångström'],
        [other, 'Bo Berg'],
      ]),
    });
    assert.equal(state.view, view);
    assert.equal(state.cursor, cursor);
    assert.equal(state.names.get(other), 'Bo Berg');
    // One that does: that user's tokens join the view.
    state = run(state, {
      type: 'names',
      names: new Map([
        [first, 'Zoë Ångström'],
        [other, 'Ångs Berg'],
      ]),
    });
    assert.ok(state.view.some((t) => t.userId === other));
    assert.ok(state.view.length > view.length);
    // A name that no longer contains it (renamed): those tokens leave the view.
    state = run(state, {
      type: 'names',
      names: new Map([
        [first, 'Zoë Lind'],
        [other, 'Ångs Berg'],
      ]),
    });
    assert.ok(state.view.length > 0);
    assert.ok(state.view.every((t) => t.userId === other));
  });

  it('every sort orders ties by id, so equal keys keep their places across refreshes', () => {
    let state = loaded;
    for (let i = 0; i < SORT_ORDER.length; i++) {
      const again = run(state, {type: 'loaded', items: [...many].reverse(), now: 1});
      assert.deepEqual(ids(again), ids(state), `sort ${state.sort}`);
      state = run(state, {type: 'cycle-sort'});
    }
  });

  it('removing tokens keeps the filter and the order', () => {
    const filtered = run(loaded, {type: 'set-filter', filter: 'phone'});
    const gone = filtered.view.slice(0, 3).map((t) => t.id);
    const after = run(filtered, {type: 'removed', ids: gone});
    assert.deepEqual(
      ids(after),
      ids(filtered).filter((id) => !gone.includes(id)),
    );
  });
});
