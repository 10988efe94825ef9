// Navigation as a pure reducer: where the operator is and where esc goes, without a terminal.
import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {appReducer, initialAppState, type AppEvent, type AppState} from '../../source/ui/app-state.js';

const ada = {id: 'u1', name: 'Ada', subject: 's', tenantId: 't'};
const run = (state: AppState, ...events: AppEvent[]) => events.reduce(appReducer, state);

describe('app navigation', () => {
  it('opens a list, u starts a new empty picker, esc from the picker goes back to the list', () => {
    let state = run(initialAppState({name: 'picker'}), {type: 'open-tokens', target: {kind: 'user', user: ada}});
    assert.equal(state.screen.name, 'tokens');
    const generation = state.pickerGeneration;
    state = run(state, {type: 'change-user'});
    assert.equal(state.screen.name, 'picker');
    assert.equal(state.pickerGeneration, generation + 1, 'u mounts a new picker: its search starts empty');
    state = run(state, {type: 'back'});
    assert.deepEqual(state.screen, {name: 'tokens', target: {kind: 'user', user: ada}});
  });

  it('comes back from the log and the audit screens to where it was', () => {
    let state = run(initialAppState({name: 'picker'}), {type: 'open-tokens', target: {kind: 'all'}}, {type: 'audit'});
    assert.equal(state.screen.name, 'audit');
    state = run(state, {type: 'messages'});
    assert.equal(state.screen.name, 'messages');
    state = run(state, {type: 'back'});
    assert.equal(state.screen.name, 'audit');
    state = run(state, {type: 'back'});
    // The log's return point was the audit screen; the audit's own was dropped on leaving it.
    assert.equal(state.screen.name, 'tokens');
  });

  it("a profile switch forgets the old tenant's list", () => {
    let state = run(
      initialAppState({name: 'picker'}),
      {type: 'open-tokens', target: {kind: 'all'}},
      {type: 'profiles'},
    );
    state = run(state, {type: 'switched'});
    assert.equal(state.screen.name, 'picker');
    assert.equal(state.lastTarget, undefined);
    assert.equal(run(state, {type: 'back'}).screen.name, 'picker');
  });

  it('a switch to open a user found on another profile opens that user on it', () => {
    const user = {id: 'u9', name: 'Ann There', subject: 's', tenantId: 't'};
    let state = run(
      initialAppState({name: 'picker'}),
      {type: 'open-tokens', target: {kind: 'all'}},
      {type: 'change-user'},
    );
    state = run(state, {type: 'switched', target: {kind: 'user', user}});
    assert.deepEqual(state.screen, {name: 'tokens', target: {kind: 'user', user}});
    assert.deepEqual(state.lastTarget, {kind: 'user', user});
    assert.equal(run(state, {type: 'back'}).screen.name, 'picker');
  });

  it('the form goes back to the profiles screen', () => {
    const state = run(initialAppState({name: 'profiles'}), {type: 'form', mode: 'edit', profile: 'prod'});
    assert.deepEqual(state.screen, {name: 'form', mode: 'edit', profile: 'prod'});
    assert.equal(run(state, {type: 'back'}).screen.name, 'profiles');
    assert.equal(run(state, {type: 'form-done'}).screen.name, 'profiles');
  });
});
