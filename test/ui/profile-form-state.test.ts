import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {initialFormState, profileFormReducer as reduce} from '../../source/ui/screens/profile-form/state.js';

describe('profile form state', () => {
  it('fills the focused field, moves with tab, and keeps fields one line', () => {
    let state = initialFormState(undefined, true, 'setup');
    assert.equal(state.draft.name, 'default');
    state = reduce(state, {type: 'set', field: 'tenantUrl', value: 'https://t.eu.qlikcloud.com\n'});
    state = reduce(state, {type: 'focus', by: 1});
    state = reduce(state, {type: 'set', field: 'clientId', value: 'abc'});
    assert.equal(state.draft.tenantUrl, 'https://t.eu.qlikcloud.com');
    assert.equal(state.draft.clientId, 'abc');
    assert.equal(state.focus, 1);
    state = reduce(state, {type: 'focus', by: -2});
    assert.equal(state.focus, 3, 'shift-tab wraps around');
  });

  it('editing: the name is locked and skipped by tab', () => {
    let state = initialFormState({name: 'prod', tenantUrl: 'https://a', clientId: 'id'}, false, 'edit');
    state = reduce(state, {type: 'set', field: 'name', value: 'other'});
    assert.equal(state.draft.name, 'prod');
    state = reduce(state, {type: 'focus', by: 1});
    state = reduce(reduce(state, {type: 'focus', by: 1}), {type: 'focus', by: 1});
    assert.equal(state.focus, 0, 'from the secret, tab skips the locked name');
    assert.equal(state.draft.clientSecret, '', 'an empty secret keeps the stored one');
  });
});
