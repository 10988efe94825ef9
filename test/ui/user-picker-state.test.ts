import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import type {QlikUser} from '../../source/qlik/types.js';
import {
  initialUserPickerState,
  onEnter,
  pickerEntries,
  userPickerReducer as reduce,
} from '../../source/ui/screens/user-picker/state.js';
import {budgetedIntervalMs} from '../../source/ui/hooks/use-live-tokens.js';

const user = (id: string, name: string): QlikUser => ({
  id,
  name,
  subject: `auth0|${id}`,
  tenantId: 't',
  email: `${name.toLowerCase()}@example.com`,
});

describe('user picker state', () => {
  it("Enter acts on the text as typed: waits for its search, never opens an older query's result", () => {
    let state = reduce(initialUserPickerState(), {type: 'typed', query: 'lars'});
    state = reduce(state, {
      type: 'results',
      query: 'lars',
      users: [user('1', 'Lars Andersson'), user('2', 'Lars Larsson')],
    });
    state = reduce(state, {type: 'typed', query: 'larsson'});
    // The answer for "larsson" is not in: nothing of "lars" is a match of it.
    assert.deepEqual(onEnter(state, []), {kind: 'wait'});
    assert.equal(pickerEntries(state, []).filter((e) => e.kind === 'user').length, 0);
    state = reduce(state, {type: 'wait-to-open'});
    state = reduce(state, {type: 'results', query: 'larsson', users: [user('2', 'Lars Larsson')]});
    const outcome = onEnter(state, []);
    assert.equal(outcome.kind, 'open');
    assert.equal(outcome.kind === 'open' && outcome.entry.kind === 'user' && outcome.entry.user.id, '2');
  });

  it('Enter on no match opens nobody; "me" and "all users" only when chosen with the arrows', () => {
    let state = reduce(initialUserPickerState(), {type: 'typed', query: 'nobody'});
    state = reduce(state, {type: 'results', query: 'nobody', users: []});
    assert.deepEqual(onEnter(state, []), {kind: 'no-match'});
    state = reduce(state, {type: 'move', by: 1});
    const outcome = onEnter(state, []);
    assert.equal(outcome.kind === 'open' && outcome.entry.kind, 'all');
    // Typing again is a change of mind: the choice and a pending Enter are dropped.
    state = reduce(reduce(state, {type: 'wait-to-open'}), {type: 'typed', query: 'nobody2'});
    assert.equal(state.chosen, false);
    assert.equal(state.openOnAnswer, false);
  });

  it('drops an answer to a query the operator has since changed', () => {
    let state = reduce(initialUserPickerState(), {type: 'typed', query: 'al'});
    state = reduce(state, {type: 'typed', query: 'ali'});
    // The slow answer to "al" arrives after the operator typed "ali": it must not show.
    state = reduce(state, {type: 'results', query: 'al', users: [user('1', 'Alan')]});
    assert.deepEqual(state.results, []);
    assert.equal(state.answered, '');
    state = reduce(state, {type: 'results', query: 'ali', users: [user('2', 'Alice')]});
    assert.deepEqual(
      state.results.map((u) => u.id),
      ['2'],
    );
    // A late failure of the old query does not replace good results either.
    state = reduce(state, {type: 'failed', query: 'al', error: 'boom'});
    assert.equal(state.error, undefined);
  });

  it('lists me, all users and the recent users before anything is typed', () => {
    const state = initialUserPickerState();
    const entries = pickerEntries(state, [{id: 'r1', name: 'Recent One'}]);
    assert.deepEqual(
      entries.map((e) => e.kind),
      ['me', 'all', 'recent'],
    );
  });

  it('puts search results first, recent ones before others, then me and all', () => {
    let state = reduce(initialUserPickerState(), {type: 'typed', query: 'a'});
    state = reduce(state, {type: 'results', query: 'a', users: [user('1', 'Adam'), user('2', 'Alice')]});
    const entries = pickerEntries(state, [{id: '2', name: 'Alice'}]);
    assert.deepEqual(
      entries.map((e) => (e.kind === 'user' ? e.user.id : e.kind)),
      ['2', '1', 'me', 'all'],
    );
  });

  it('clears the results when the query is emptied', () => {
    let state = reduce(initialUserPickerState(), {type: 'typed', query: 'a'});
    state = reduce(state, {type: 'results', query: 'a', users: [user('1', 'Adam')]});
    state = reduce(state, {type: 'typed', query: ''});
    assert.deepEqual(state.results, []);
  });
});

describe('user picker state, every profile (ctrl-t)', () => {
  const everywhere = (elsewhere: Array<[string, QlikUser]>, failed: Array<[string, string]> = []) => ({
    elsewhere: elsewhere.map(([profile, u]) => ({profile, user: u})),
    failed: failed.map(([profile, error]) => ({profile, error})),
  });

  it("this profile's matches first, then the other profiles' marked with theirs; Enter may open one elsewhere", () => {
    let state = reduce(initialUserPickerState(), {type: 'scope', everywhere: true});
    state = reduce(state, {type: 'typed', query: 'ann'});
    state = reduce(state, {
      type: 'results',
      query: 'ann',
      users: [user('1', 'Ann Here')],
      everywhere: everywhere([['staging', user('9', 'Ann There')]], [['eu', 'Authentication failed']]),
    });
    const entries = pickerEntries(state, []);
    assert.deepEqual(
      entries.map((e) => (e.kind === 'user' ? [e.user.id, e.profile ?? null] : e.kind)),
      [['1', null], ['9', 'staging'], 'me', 'all'],
    );
    assert.deepEqual(state.failed, [{profile: 'eu', error: 'Authentication failed'}]);
    // No match here: the top match is the other profile's.
    state = reduce(state, {type: 'typed', query: 'ann t'});
    state = reduce(state, {
      type: 'results',
      query: 'ann t',
      users: [],
      everywhere: everywhere([['staging', user('9', 'Ann There')]]),
    });
    const enter = onEnter(state, []);
    assert.equal(enter.kind, 'open');
    assert.deepEqual(enter.kind === 'open' && enter.entry.kind === 'user' ? enter.entry.profile : undefined, 'staging');
  });

  it('an answer of the other scope is dropped, and a change of scope is a new search', () => {
    let state = reduce(initialUserPickerState(), {type: 'typed', query: 'bo'});
    state = reduce(state, {type: 'results', query: 'bo', users: [user('1', 'Bo')]});
    state = reduce(state, {type: 'scope', everywhere: true});
    assert.deepEqual(onEnter(state, []), {kind: 'wait'}, 'the one-profile answer is no answer of every profile');
    assert.equal(pickerEntries(state, []).filter((e) => e.kind === 'user').length, 0);
    // This profile's answer, late: not an answer of the every-profile search.
    state = reduce(state, {type: 'results', query: 'bo', users: [user('1', 'Bo')]});
    assert.deepEqual(onEnter(state, []), {kind: 'wait'});
    state = reduce(state, {
      type: 'results',
      query: 'bo',
      users: [],
      everywhere: everywhere([['eu', user('2', 'Bo EU')]]),
    });
    assert.equal(pickerEntries(state, []).length, 3);
    // Back to this profile: the other profiles' matches go with the scope.
    state = reduce(state, {type: 'scope', everywhere: false});
    state = reduce(state, {
      type: 'results',
      query: 'bo',
      users: [],
      everywhere: everywhere([['eu', user('2', 'Bo EU')]]),
    });
    assert.equal(pickerEntries(state, []).filter((e) => e.kind === 'user').length, 0);
    assert.deepEqual(onEnter(state, []), {kind: 'wait'});
  });
});

describe('live refresh budget', () => {
  it('keeps the asked period when a listing is a few pages', () => {
    assert.equal(budgetedIntervalMs(1, 5000), 5000);
    assert.equal(budgetedIntervalMs(40, 5000), 5000);
  });

  it('slows down so that refreshes never spend more than half of tier 1 (500 requests a minute)', () => {
    for (const pages of [50, 100, 1000]) {
      const interval = budgetedIntervalMs(pages, 5000);
      const perMinute = (60_000 / interval) * pages;
      assert.ok(perMinute <= 500, `${pages} pages every ${interval} ms is ${perMinute}/min`);
      assert.ok(interval > 5000);
    }
  });
});
