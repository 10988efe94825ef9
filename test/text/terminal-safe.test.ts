import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {displayWidth, fit, truncate} from '../../source/text/cell-width.js';
import {safeText} from '../../source/text/terminal-safe.js';
import {relativeTime} from '../../source/text/relative-time.js';

const ESC = '\u001b';
const BEL = '\u0007';

describe('safeText neutralises what a hostile tenant could send', () => {
  const hostile: Array<[string, string]> = [
    ['CSI colour', `${ESC}[31mred${ESC}[0m`],
    ['OSC 52 clipboard write', `${ESC}]52;c;ZXZpbA==${BEL}`],
    ['OSC 0 window title', `${ESC}]0;pwned${ESC}\\`],
    ['C1 CSI', '\u009b2J'],
    ['cursor movement', `a${ESC}[2Ab`],
    ['bell and backspace', `x${BEL}\b\by`],
    ['DEL', 'a\u007fb'],
  ];
  for (const [name, value] of hostile) {
    test(name, () => {
      const out = safeText(value);
      assert.doesNotMatch(out, /[\u0000-\u001f\u007f-\u009f]/, `control character left in ${JSON.stringify(out)}`);
    });
  }

  test('shows escaped controls visibly instead of dropping them', () => {
    assert.equal(safeText(`${ESC}[31m`), '\\x1b[31m');
  });

  test('shows bidi overrides and zero-width characters as escapes', () => {
    const out = safeText('abc\u202edcba\u200b\u2066x\u2069\ufeff');
    assert.equal(out, 'abc\\u202edcba\\u200b\\u2066x\\u2069\\ufeff');
  });

  // Each of these, invisible on a terminal, would make two different IDs or names look identical.
  const invisible: Array<[string, string]> = [
    ['soft hyphen', '\u00ad'],
    ['combining grapheme joiner', '\u034f'],
    ['Hangul choseong filler', '\u115f'],
    ['Hangul jungseong filler', '\u1160'],
    ['Hangul filler', '\u3164'],
    ['halfwidth Hangul filler', '\uffa0'],
    ['Khmer inherent vowel', '\u17b4'],
    ['Mongolian vowel separator', '\u180e'],
    ['zero-width space', '\u200b'],
    ['zero-width non-joiner', '\u200c'],
    ['zero-width joiner', '\u200d'],
    ['left-to-right mark', '\u200e'],
    ['right-to-left mark', '\u200f'],
    ['word joiner', '\u2060'],
    ['invisible times', '\u2062'],
    ['invisible plus', '\u2064'],
    ['inhibit symmetric swapping', '\u206a'],
    ['BOM', '\ufeff'],
    ['interlinear annotation', '\ufff9'],
    ['shorthand format control', '\u{1bca0}'],
    ['musical format control', '\u{1d173}'],
    ['tag space', '\u{e0020}'],
    ['tag latin small a', '\u{e0061}'],
    ['cancel tag', '\u{e007f}'],
    ['a lone surrogate', '\ud800'],
  ];
  for (const [name, ch] of invisible) {
    test(`${name} (U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}) is shown, so two IDs never look the same`, () => {
      const id = '66a9eafe249304d27e7f7000';
      const disguised = `${id.slice(0, 12)}${ch}${id.slice(12)}`;
      const shown = safeText(disguised);
      assert.notEqual(shown, safeText(id));
      assert.match(shown, /\\u(\{[0-9a-f]+\}|[0-9a-f]{4})/);
      assert.equal(shown.length, displayWidth(shown), 'shown as plain ASCII cells');
    });
  }

  test('joiners stay where writing needs them: emoji sequences, Persian', () => {
    assert.equal(safeText('👩‍💻'), '👩‍💻');
    assert.equal(safeText('می\u200cخواهم'), 'می\u200cخواهم');
    assert.equal(safeText('ab\u200dcd'), 'ab\\u200dcd');
    assert.equal(safeText('\u200dab'), '\\u200dab');
  });

  test('flattens newlines and tabs to spaces: one line per value', () => {
    assert.equal(safeText('a\nb\r\nc\td'), 'a b  c d');
  });

  test('null and undefined become empty', () => {
    assert.equal(safeText(null), '');
    assert.equal(safeText(undefined), '');
  });

  test('keeps ordinary unicode', () => {
    assert.equal(safeText('Zoë Ångström 李伟 👩‍💻'), 'Zoë Ångström 李伟 👩‍💻');
  });
});

describe('truncate and fit measure terminal cells', () => {
  test('wide characters count two cells', () => {
    assert.equal(displayWidth('李伟'), 4);
    const cut = truncate('李伟李伟李伟', 5);
    assert.ok(displayWidth(cut) <= 5, cut);
    assert.ok(cut.endsWith('…'));
  });

  test('short text is left alone, long text ends with …', () => {
    assert.equal(truncate('abc', 5), 'abc');
    assert.equal(truncate('abcdefgh', 5), 'abcd…');
    assert.equal(truncate('abc', 0), '');
  });

  test('fit pads to exactly the width, left or right', () => {
    assert.equal(fit('ab', 4), 'ab  ');
    assert.equal(fit('ab', 4, 'right'), '  ab');
    assert.equal(displayWidth(fit('李伟李伟', 5)), 5);
  });

  test('emoji sequences and combining accents are kept or cut whole, never split', () => {
    assert.equal(truncate('👩‍💻👩‍💻👩‍💻abc', 5), '👩‍💻👩‍💻…');
    assert.equal(truncate('👩‍💻👩‍💻👩‍💻abc', 4), '👩‍💻…');
    assert.equal(truncate('e\u0301e\u0301e\u0301e\u0301e\u0301x', 3), 'e\u0301e\u0301…');
    for (let width = 1; width <= 8; width++) {
      const cut = truncate('a👩‍💻b👩‍💻c👩‍💻', width);
      assert.ok(displayWidth(cut) <= width, `${cut} at ${width}`);
      assert.doesNotMatch(cut, /\u200d…|\u200d$/, `a dangling joiner at ${width}`);
    }
  });

  test('a 10,000-character value stays within its column', () => {
    assert.equal(displayWidth(fit('x'.repeat(10_000), 20)), 20);
  });
});

describe('relativeTime', () => {
  const now = Date.parse('2026-01-10T12:00:00Z');
  const cases: Array<[string | null, string]> = [
    [null, 'never'],
    ['2026-01-10T11:59:50Z', '10s ago'],
    ['2026-01-10T11:57:00Z', '3m ago'],
    ['2026-01-10T10:00:00Z', '2h ago'],
    ['2026-01-05T12:00:00Z', '5d ago'],
    ['2025-09-10T12:00:00Z', '4mo ago'],
    ['2024-01-10T12:00:00Z', '2y ago'],
    ['2026-01-10T12:03:00Z', 'in 3m'],
    ['not a date', '?'],
  ];
  for (const [iso, expected] of cases) {
    test(`${iso} → ${expected}`, () => assert.equal(relativeTime(iso, now), expected));
  }
});
