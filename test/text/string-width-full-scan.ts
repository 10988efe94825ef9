// `npm run test:full-width`: every code point alone, U+0000-10FFFF, and every member of the port's
// fast path, against string-width 8.3.0 (~55 s here). The default run compares samples that hold
// every range boundary (test/text/string-width.test.ts); this scan is for a change of the port or an
// upgrade of Node's ICU.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import upstream from 'string-width';
import stringWidth, {fastPathRanges} from '../../source/text/string-width.js';
import {fastPathMemberProblems} from './code-point-sample.js';

const hex = (cp: number) => `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;

// Lone surrogates (U+D800-DFFF) included: both give 0 for them.
for (const ambiguousIsNarrow of [true, false]) {
  test(`U+0000-10FFFF, ambiguousIsNarrow: ${ambiguousIsNarrow}`, () => {
    const wrong: string[] = [];
    for (let cp = 0; cp <= 0x10_ffff; cp++) {
      const text = String.fromCodePoint(cp);
      const expected = upstream(text, {ambiguousIsNarrow});
      const actual = stringWidth(text, {ambiguousIsNarrow});
      if (actual !== expected) wrong.push(`${hex(cp)}: ${actual} instead of ${expected}`);
    }
    assert.deepEqual(wrong.slice(0, 20), [], `${wrong.length} code points differ`);
  });
}

// Alone, a code point is only affected by countAnsiEscapeCodes if it is ESC or CSI; the BMP covers those.
test('U+0000-FFFF with countAnsiEscapeCodes, both ambiguousIsNarrow', () => {
  const wrong: string[] = [];
  for (let cp = 0; cp <= 0xffff; cp++) {
    const text = String.fromCharCode(cp);
    for (const ambiguousIsNarrow of [true, false]) {
      const options = {ambiguousIsNarrow, countAnsiEscapeCodes: true};
      const expected = upstream(text, options);
      const actual = stringWidth(text, options);
      if (actual !== expected) wrong.push(`${hex(cp)} ${JSON.stringify(options)}: ${actual} instead of ${expected}`);
    }
  }
  assert.deepEqual(wrong.slice(0, 20), [], `${wrong.length} code points differ`);
});

test('every fast-path member is its own grapheme cluster and measures as string-width measures it', () => {
  const members: number[] = [];
  for (let index = 0; index < fastPathRanges.length; index += 2) {
    for (let cp = fastPathRanges[index]!; cp <= fastPathRanges[index + 1]!; cp++) members.push(cp);
  }
  const wrong = fastPathMemberProblems(members);
  assert.deepEqual(wrong.slice(0, 20), [], `${wrong.length} problems among ${members.length} members`);
});
