import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import stringWidth from 'string-width';
import {fitSegments, wrapWords} from '../../source/ui/components/line.js';
import {packHints} from '../../source/ui/components/footer-hints.js';

describe('line fitting', () => {
  it('word-wraps a message into the lines it may use, cutting the last with …', () => {
    const text =
      'Authentication failed: the tenant rejected the client credentials (HTTP 401): Invalid client credentials';
    const wrapped = wrapWords(text, 30, 2);
    assert.equal(wrapped.length, 2);
    assert.equal(wrapped[0], 'Authentication failed: the');
    assert.ok(wrapped[1]!.endsWith('…'));
    assert.ok(wrapped.every((line) => stringWidth(line) <= 30));
    assert.deepEqual(wrapWords('short', 30, 3), ['short']);
  });

  it('cuts styled segments at the width, wide characters counted as two cells', () => {
    const fitted = fitSegments([{text: 'abc'}, {text: '漢字漢字'}, {text: 'never shown'}], 8);
    assert.equal(fitted.map((s) => s.text).join(''), 'abc漢字…');
    assert.ok(stringWidth(fitted.map((s) => s.text).join('')) <= 8);
  });

  it('packs footer hints into the lines it has, dropping what does not fit', () => {
    const hints = Array.from({length: 12}, (_, i) => ({keys: `k${i}`, label: `action ${i}`, dangerous: false}));
    const packed = packHints(hints, 40, 2);
    assert.equal(packed.length, 2);
    for (const row of packed) assert.ok(row.map((h) => `${h.keys} ${h.label}`).join('  ').length <= 40);
    assert.ok(packed.flat().length < 12);
  });
});
