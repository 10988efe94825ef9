// Wrapping in terminal cells (source/text/cell-width.ts): what the help uses so no text is cut off.
import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {wrapWords} from '../../source/text/cell-width.js';

describe('wrapWords', () => {
  it('breaks at spaces within the width, and cuts only a word longer than a line', () => {
    assert.deepEqual(wrapWords('Settle the unknown outcomes by listing', 12), [
      'Settle the',
      'unknown',
      'outcomes by',
      'listing',
    ]);
    assert.deepEqual(wrapWords('short', 20), ['short']);
    assert.deepEqual(wrapWords('', 5), ['']);
    assert.deepEqual(wrapWords('a supercalifragilistic b', 8), ['a', 'superca…', 'b']);
    assert.deepEqual(wrapWords('日本語 テキスト', 7), ['日本語', 'テキス…']);
  });
});
