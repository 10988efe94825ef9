import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import type {Key} from 'ink';
import {actionFor, activeBindings, footerHints, keysLabel} from '../../source/ui/keymap.js';
import {NO_KEY} from '../../source/ui/input/key-stream.js';
import {tokenListKeymap} from '../../source/ui/screens/token-list/keys.js';
import {userPickerKeymap} from '../../source/ui/screens/user-picker/keys.js';
import {filterKeymap} from '../../source/ui/screens/token-list/keys.js';
import {profileFormKeymap} from '../../source/ui/screens/profile-form/keys.js';

function key(overrides: Partial<Key> = {}): Key {
  return {...NO_KEY, ...overrides};
}

const rw = {readonly: false};
const ro = {readonly: true};

describe('keymap', () => {
  it('matches vim keys, arrows, chords and named keys to the same actions', () => {
    assert.equal(actionFor(tokenListKeymap, 'j', key(), rw), 'down');
    assert.equal(actionFor(tokenListKeymap, '', key({downArrow: true}), rw), 'down');
    assert.equal(actionFor(tokenListKeymap, 'f', key({ctrl: true}), rw), 'pageDown');
    assert.equal(actionFor(tokenListKeymap, '', key({pageDown: true}), rw), 'pageDown');
    assert.equal(actionFor(tokenListKeymap, 'G', key({shift: true}), rw), 'bottom');
    assert.equal(actionFor(tokenListKeymap, ' ', key(), rw), 'mark');
    assert.equal(actionFor(tokenListKeymap, 'c', key({ctrl: true}), rw), 'quit');
    assert.equal(actionFor(tokenListKeymap, 'c', key(), rw), 'copy');
  });

  it('treats a bare Escape as esc even though Ink 6 also sets meta on it', () => {
    assert.equal(actionFor(tokenListKeymap, '', key({escape: true, meta: true}), rw), 'back');
  });

  it('does not take meta-chorded letters for plain ones', () => {
    assert.equal(actionFor(tokenListKeymap, 'd', key({meta: true}), rw), undefined);
  });

  it('removes the dangerous actions from input, hints and help in read-only mode', () => {
    assert.equal(actionFor(tokenListKeymap, 'd', key(), rw), 'revoke');
    assert.equal(actionFor(tokenListKeymap, 'R', key({shift: true}), rw), 'revokeAll');
    assert.equal(actionFor(tokenListKeymap, 'd', key(), ro), undefined);
    assert.equal(actionFor(tokenListKeymap, 'R', key({shift: true}), ro), undefined);
    const hints = footerHints(tokenListKeymap, ro).map((h) => h.label);
    assert.ok(hints.includes('filter'));
    assert.ok(!hints.includes('revoke') && !hints.includes('revoke all'));
    assert.ok(activeBindings(tokenListKeymap, ro).every((b) => !b.dangerous));
    assert.ok(footerHints(tokenListKeymap, rw).some((h) => h.label === 'revoke' && h.dangerous));
  });

  it('leaves every printable key to the search field in the user picker', () => {
    for (const char of 'abcdefghijklmnopqrstuvwxyzR?/ @.')
      assert.equal(actionFor(userPickerKeymap, char, key(), rw), undefined, char);
    assert.equal(actionFor(userPickerKeymap, 'p', key({ctrl: true}), rw), 'profiles');
  });

  it('labels keys for the footer', () => {
    assert.equal(keysLabel(['pageup', 'ctrl+b']), 'pgup/^b');
    assert.equal(keysLabel(['space']), 'space');
  });

  it('has no key bound to two actions of the same screen', () => {
    for (const map of [tokenListKeymap, userPickerKeymap]) {
      const seen = new Map<string, string>();
      for (const binding of map)
        for (const spec of binding.keys) {
          assert.equal(seen.get(spec), undefined, `${spec} is bound to ${seen.get(spec)} and ${binding.action}`);
          seen.set(spec, binding.action);
        }
    }
  });

  it('binds no key on a screen with a text field that the field itself takes (the help would promise a dead key)', () => {
    const fieldKeys = ['left', 'right', 'home', 'end', 'backspace', 'ctrl+a', 'ctrl+e', 'ctrl+u', 'ctrl+k', 'ctrl+w'];
    for (const [name, map] of Object.entries({userPickerKeymap, filterKeymap, profileFormKeymap})) {
      for (const binding of map)
        for (const spec of binding.keys) assert.ok(!fieldKeys.includes(spec), `${name}: ${binding.action} on ${spec}`);
    }
  });
});
