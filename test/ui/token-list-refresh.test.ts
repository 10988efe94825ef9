// A live refresh is merged a page at a time (ListingCollector) and into the sorted list by binary
// search (the reducer's merge): whatever the refresh changed, the screen must be exactly what a
// full sort of the new listing shows.
import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import type {QlikToken} from '../../source/qlik/types.js';
import {listed, ListingCollector, type Listing} from '../../source/ui/hooks/listing-collector.js';
import {
  initialTokenListState,
  searchTexts,
  SORT_ORDER,
  tokenListReducer as reduce,
  type TokenListEvent,
  type TokenListState,
} from '../../source/ui/screens/token-list/state.js';

/** A small deterministic PRNG (mulberry32), so that a failure can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DEVICES = ['Phone', 'Tablet', null, 'Desktop'];

function makeToken(n: number, rnd: () => number): QlikToken {
  return {
    id: `t${String(n).padStart(6, '0')}`,
    userId: `u${Math.floor(rnd() * 7)}`,
    tenantId: 'ten',
    description: rnd() < 0.1 ? null : `Client ${Math.floor(rnd() * 9)}`,
    deviceType: DEVICES[Math.floor(rnd() * 4)],
    // Few distinct times, so that ties (broken by id) are common.
    lastUsed: rnd() < 0.1 ? null : new Date(Date.UTC(2026, 0, 1) + Math.floor(rnd() * 40) * 60_000).toISOString(),
  };
}

/** Lists `items` through a collector in pages, as use-live-tokens does; parsed copies, as JSON gives. */
function collect(items: readonly QlikToken[], previous: Listing | undefined) {
  const collector = new ListingCollector(previous);
  for (let i = 0; i < items.length; i += 7) collector.add(items.slice(i, i + 7).map((t) => ({...t})));
  return collector.finish();
}

/** The next listing: some tokens gone, some changed, some new, in a shuffled tenant order. */
function nextListing(items: readonly QlikToken[], rnd: () => number, counter: {n: number}, churn: number) {
  const out: QlikToken[] = [];
  for (const token of items) {
    const r = rnd();
    if (r < churn / 3) continue;
    if (r < churn)
      out.push({...token, lastUsed: new Date(Date.UTC(2026, 0, 2) + Math.floor(rnd() * 40) * 60_000).toISOString()});
    else if (r < churn * 1.2) out.push({...token, description: `Renamed ${Math.floor(rnd() * 9)}`});
    else out.push(token);
  }
  const fresh = Math.floor(rnd() * items.length * churn);
  for (let i = 0; i < fresh; i++) out.push(makeToken(counter.n++, rnd));
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function shown(state: TokenListState) {
  return {
    view: state.view.map((t) => t.id),
    sorted: state.sorted.map((t) => t.id),
    cursor: state.cursor,
    cursorId: state.cursorId,
    top: state.top,
    newAbove: state.newAbove,
    fresh: [...state.fresh].sort(),
    marks: [...state.marks].sort(),
    lastUsed: state.view.map((t) => t.lastUsed),
  };
}

describe('a live refresh merged into the list', () => {
  it('keeps the objects of unchanged tokens and reports new and changed ones', () => {
    const rnd = random(1);
    const first = Array.from({length: 50}, (_, i) => makeToken(i, rnd));
    const a = collect(first, undefined);
    assert.equal(a.changes, undefined);
    const second = [
      ...first.slice(1).map((t, i) => (i === 6 ? {...t, description: 'renamed'} : t)),
      {...first[2]!, lastUsed: null},
      makeToken(99, rnd),
      first[5]!,
    ];
    const b = collect(second, a.listing);
    // A token listed twice (a cursor that moved under a change) is kept once, first seen.
    assert.equal(b.listing.items.length, 50);
    assert.deepEqual(
      b.changes!.added.map((t) => t.id),
      ['t000099'],
    );
    assert.deepEqual(
      b.changes!.changed.map((t) => [t.id, t.description]),
      [['t000007', 'renamed']],
      'first[2] came unchanged first, its later changed copy is the duplicate',
    );
    assert.deepEqual([...b.changes!.dropped].sort(), ['t000000', 't000007']);
    assert.equal(b.changes!.previous, a.listing.items);
    for (const token of b.listing.items) {
      if (!['t000099', 't000007'].includes(token.id))
        assert.equal(token, listed(a.listing, token.id), `${token.id} is the held object`);
    }
  });

  for (const sort of SORT_ORDER) {
    for (const reverse of [false, true]) {
      it(`shows what a full sort shows: sort ${sort}${reverse ? ', reversed' : ''}, filters, cursor moves, marks`, () => {
        const rnd = random(sort.length * 31 + (reverse ? 7 : 0));
        const counter = {n: 0};
        let items = Array.from({length: 400}, () => makeToken(counter.n++, rnd));
        let {listing} = collect(items, undefined);
        let merged = reduce(initialTokenListState(8), {type: 'loaded', items: listing.items, now: 0});
        while (merged.sort !== sort) merged = reduce(merged, {type: 'cycle-sort'});
        if (reverse) merged = reduce(merged, {type: 'reverse-sort'});
        let reference = merged;
        let mergedAtLeastOnce = false;
        for (let round = 1; round <= 12; round++) {
          const actions: TokenListEvent[] = [];
          if (round % 3 === 1) actions.push({type: 'move', by: Math.floor(rnd() * 60)});
          if (round % 4 === 2) actions.push({type: 'toggle-mark'}, {type: 'toggle-mark'});
          if (round === 5) actions.push({type: 'set-filter', filter: 'client 3'});
          if (round === 8) actions.push({type: 'set-filter', filter: ''});
          if (round % 5 === 3) actions.push({type: 'prepare-search'});
          if (round === 10) actions.push({type: 'top'});
          merged = actions.reduce(reduce, merged);
          reference = actions.reduce(reduce, reference);
          // Churn from none to a third of the list: the large ones take the full sort.
          const churn = [0, 0.01, 0.05, 0.3][round % 4]!;
          items = nextListing(listing.items, rnd, counter, churn);
          const next = collect(items, listing);
          listing = next.listing;
          const now = round * 1000;
          const hadTexts = merged.texts !== undefined;
          merged = reduce(merged, {
            type: 'loaded',
            items: listing.items,
            now,
            refresh: {listing, changes: next.changes!},
          });
          reference = reduce(reference, {type: 'loaded', items: listing.items, now});
          assert.deepEqual(shown(merged), shown(reference), `round ${round}, churn ${churn}`);
          if (merged.texts) assert.deepEqual(merged.texts, searchTexts(merged.sorted), `search texts, round ${round}`);
          if (hadTexts && merged.texts && merged.filter === '') mergedAtLeastOnce = true;
        }
        assert.ok(mergedAtLeastOnce, 'some refresh took the merge (it carried the search texts over)');
      });
    }
  }

  for (const sort of SORT_ORDER) {
    it(`pages of a first listing are put in place as a sort would order them: sort ${sort}`, () => {
      const rnd = random(sort.length * 7 + 3);
      const all = Array.from({length: 1500}, (_, i) => makeToken(i, rnd));
      const collector = new ListingCollector();
      let state = initialTokenListState(8);
      while (state.sort !== sort) state = reduce(state, {type: 'cycle-sort'});
      let merged = 0;
      for (let at = 0; at < all.length;) {
        const size = 1 + Math.floor(rnd() * 200);
        collector.add(all.slice(at, at + size).map((t) => ({...t})));
        at += size;
        const hadTexts = state.texts !== undefined;
        state = reduce(state, {type: 'partial', items: collector.items.slice()});
        if (rnd() < 0.3) state = reduce(state, {type: 'prepare-search'});
        if (rnd() < 0.2) state = reduce(state, {type: 'move', by: 3});
        let reference = reduce(initialTokenListState(8), {type: 'partial', items: collector.items.slice()});
        while (reference.sort !== sort) reference = reduce(reference, {type: 'cycle-sort'});
        assert.deepEqual(
          state.sorted.map((t) => t.id),
          reference.sorted.map((t) => t.id),
          `after ${at} tokens`,
        );
        if (state.texts) assert.deepEqual(state.texts, searchTexts(state.sorted));
        if (hadTexts && state.texts) merged++;
      }
      assert.ok(merged > 0, 'some pages were merged (the search texts were carried over)');
    });
  }

  for (const how of ['unchanged', 'changed'] as const) {
    it(`sorts afresh when a token revoked here is still listed (${how}), and shows it again`, () => {
      const rnd = random(9);
      const items = Array.from({length: 30}, (_, i) => makeToken(i, rnd));
      const a = collect(items, undefined);
      let state = reduce(initialTokenListState(5), {type: 'loaded', items: a.listing.items, now: 0});
      state = reduce(state, {type: 'removed', ids: [items[4]!.id]});
      assert.equal(state.items.length, 29);
      const again = how === 'changed' ? items.map((t, i) => (i === 4 ? {...t, lastUsed: null} : t)) : items;
      const b = collect(again, a.listing);
      state = reduce(state, {
        type: 'loaded',
        items: b.listing.items,
        now: 5,
        refresh: {listing: b.listing, changes: b.changes!},
      });
      assert.equal(state.view.length, 30);
      assert.ok(state.view.some((t) => t.id === items[4]!.id));
      assert.equal(state.fresh.get(items[4]!.id), 5, 'it is back, so it is marked new, as a full sort marks it');
    });
  }
});
