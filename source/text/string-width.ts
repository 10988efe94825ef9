// Terminal cell width of a string: a port of string-width 8.3.0 that costs nothing to import.
//
// string-width builds an Intl.Segmenter (ICU data load) and a /^\p{RGI_Emoji}$/v RegExp when its
// module is evaluated, ~30-45 ms before the first frame. Here the same algorithm creates them on first
// need, and a fast path answers strings made only of characters that are always a grapheme cluster of
// their own (ASCII, Latin, Greek, Cyrillic, punctuation, arrows, box drawing, CJK ideographs...)
// without them. The bundle aliases every `import 'string-width'` (Ink, wrap-ansi, cli-truncate,
// widest-line) to this file; test/text/string-width.test.ts checks it against the real package.
//
// Ported from string-width 8.3.0 (https://github.com/sindresorhus/string-width), MIT License,
// Copyright (c) Sindre Sorhus <sindresorhus@gmail.com> (https://sindresorhus.com).
// Permission is hereby granted, free of charge, to any person obtaining a copy of this software and
// associated documentation files (the "Software"), to deal in the Software without restriction,
// including without limitation the rights to use, copy, modify, merge, publish, distribute,
// sublicense, and/or sell copies of the Software, and to permit persons to whom the Software is
// furnished to do so, subject to the following conditions: The above copyright notice and this
// permission notice shall be included in all copies or substantial portions of the Software.
// THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT
// NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND
// NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES
// OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN
// CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
//
// Upstream logic:
// - Segment graphemes to match how terminals render clusters.
// - Width rules:
//   1. Skip non-printing clusters (Default_Ignorable, Control, pure nonspacing/enclosing Mark, lone
//      Surrogates). Tabs are ignored by design.
//   2. RGI emoji clusters (\p{RGI_Emoji}) are double-width.
//   3. Minimally-qualified/unqualified emoji clusters (ZWJ sequences with 2+ Extended_Pictographic,
//      or keycap sequences) are double-width.
//   4. Hangul jamo collapse each standard modern Hangul L+V or L+V+T syllable piece to width 2.
//      Unmatched repeated leading/vowel/trailing jamo stay additive.
//   5. Otherwise use East Asian Width of the cluster's first visible code point, and add widths for
//      trailing spacing marks and Halfwidth/Fullwidth Forms within the same cluster.
import stripAnsi from 'strip-ansi';
import {eastAsianWidth} from 'get-east-asian-width';

export type Options = {
  /** Count ambiguous-width characters as 1 cell (default) instead of 2. */
  readonly ambiguousIsNarrow?: boolean;
  /** Count ANSI escape codes instead of stripping them first (default false). */
  readonly countAnsiEscapeCodes?: boolean;
};

/*
 * The fast path. BMP code points, as inclusive [start, end] pairs in ascending order, each of which is
 * assigned, visible, not a Hangul jamo, and has Grapheme_Cluster_Break Other (or, for U+2028/2029,
 * Control): next to any other member it is always a grapheme cluster of its own, and string-width
 * gives it, alone or in such a string, exactly its East Asian Width. So a string made only of members
 * measures as the sum of their East Asian Widths, with no Intl.Segmenter and no emoji RegExp.
 * Unassigned code points are left out so that a newer Unicode in Node cannot turn a member into a mark.
 * The test checks every member against string-width and Intl.Segmenter; keep it in step.
 */
const FAST_RANGES: readonly number[] = [
  0x0020,
  0x007e, // printable ASCII
  0x00a0,
  0x00ac, // Latin-1 (U+00AD soft hyphen is Default_Ignorable: 0 cells)
  0x00ae,
  0x02ff, // Latin-1, Latin Extended-A/B, IPA, spacing modifier letters
  0x0370,
  0x0377, // Greek and Coptic (U+0300-036F are combining marks)
  0x037a,
  0x037f,
  0x0384,
  0x038a,
  0x038c,
  0x038c,
  0x038e,
  0x03a1,
  0x03a3,
  0x0482, // Greek, Cyrillic (U+0483-0489 are combining marks)
  0x048a,
  0x052f, // Cyrillic, Cyrillic Supplement
  0x1e00,
  0x1f15, // Latin Extended Additional, Greek Extended
  0x1f18,
  0x1f1d,
  0x1f20,
  0x1f45,
  0x1f48,
  0x1f4d,
  0x1f50,
  0x1f57,
  0x1f59,
  0x1f59,
  0x1f5b,
  0x1f5b,
  0x1f5d,
  0x1f5d,
  0x1f5f,
  0x1f7d,
  0x1f80,
  0x1fb4,
  0x1fb6,
  0x1fc4,
  0x1fc6,
  0x1fd3,
  0x1fd6,
  0x1fdb,
  0x1fdd,
  0x1fef,
  0x1ff2,
  0x1ff4,
  0x1ff6,
  0x1ffe,
  0x2000,
  0x200a, // spaces (U+200B-200F are zero-width / joiners / marks)
  0x2010,
  0x2029, // dashes, quotes, • … ‰, line/paragraph separators (U+202A-202E are bidi controls)
  0x202f,
  0x205f, // punctuation (U+2060-206F are invisible operators and bidi controls)
  0x2070,
  0x2071, // superscripts and subscripts
  0x2074,
  0x208e,
  0x2090,
  0x209c,
  0x20a0,
  0x20c1, // currency symbols (U+20D0-20F0 are combining marks for symbols)
  0x2100,
  0x218b, // letterlike symbols, number forms
  0x2190,
  0x2429, // arrows ← ↑ → ↓, math operators, misc technical, control pictures
  0x2440,
  0x244a, // OCR
  0x2460,
  0x2b73, // enclosed alphanumerics, box drawing ─ │ ┌, blocks █ ░, geometric shapes ● ▲ ◆,
  //                 misc symbols, dingbats ✓ ✗, Braille ⠋ ⠙, arrows and math
  0x2b76,
  0x2bff,
  0x2c60,
  0x2c7f, // Latin Extended-C
  0x3000,
  0x3029, // CJK symbols and punctuation (U+302A-302F are combining marks)
  0x3030,
  0x303f,
  0x3041,
  0x3096, // Hiragana (U+3099-309A are combining voicing marks)
  0x309b,
  0x30ff, // Hiragana, Katakana
  0x4e00,
  0x9fff, // CJK Unified Ideographs
  0xa720,
  0xa7dc, // Latin Extended-D
  0xa7f1,
  0xa7ff,
  0xff01,
  0xff9d, // fullwidth forms, halfwidth Katakana (U+FF9E-FF9F extend the previous character)
  0xffa1,
  0xffbe, // halfwidth Hangul (U+FFA0 is Default_Ignorable)
  0xffc2,
  0xffc7,
  0xffca,
  0xffcf,
  0xffd2,
  0xffd7,
  0xffda,
  0xffdc,
  0xffe0,
  0xffe6, // fullwidth signs ￠ ￡ ￥
  0xffe8,
  0xffee, // halfwidth forms
];

/** Whether `code` (a UTF-16 code unit) is in FAST_RANGES. Exported for the test. */
export function isFastPathCode(code: number): boolean {
  let low = 0;
  let high = FAST_RANGES.length / 2 - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    if (code < FAST_RANGES[middle * 2]!) high = middle - 1;
    else if (code > FAST_RANGES[middle * 2 + 1]!) low = middle + 1;
    else return true;
  }
  return false;
}

/** The fast-path ranges, for the test. */
export const fastPathRanges: readonly number[] = FAST_RANGES;

// Everything below is created on first need, never at import.
let segmenter: Intl.Segmenter | undefined;

// Matches a visible (printing) character. Used to find the base scalar of a cluster (skipping leading
// Prepend/Format/Marks) and to detect whole-cluster zero-width. Intentionally a single negated class
// without a quantifier (upstream: a repeated pattern backtracks exponentially, or overflows V8's
// backtrack stack on clusters with millions of marks).
let visibleCharacterRegex: RegExp | undefined;
let spacingMarkRegex: RegExp | undefined;
// RGI emoji sequences: the costly one (~17 ms to construct).
let rgiEmojiRegex: RegExp | undefined;
// Detect minimally-qualified/unqualified emoji sequences (missing VS16 but still double-width).
const unqualifiedKeycapRegex = /^[\d#*]\u20E3$/;
let extendedPictographicRegex: RegExp | undefined;

function visibleCharacter(): RegExp {
  return (visibleCharacterRegex ??= new RegExp(
    '[^\\p{Default_Ignorable_Code_Point}\\p{Control}\\p{Format}\\p{Nonspacing_Mark}\\p{Enclosing_Mark}\\p{Surrogate}]',
    'v',
  ));
}

function isDoubleWidthNonRgiEmojiSequence(segment: string): boolean {
  // Real emoji clusters are < 30 chars; guard against pathological input
  if (segment.length > 50) {
    return false;
  }

  if (unqualifiedKeycapRegex.test(segment)) {
    return true;
  }

  // ZWJ sequences with 2+ Extended_Pictographic
  if (segment.includes('\u200D')) {
    extendedPictographicRegex ??= new RegExp('\\p{Extended_Pictographic}', 'gu');
    const pictographics = segment.match(extendedPictographicRegex);
    return pictographics !== null && pictographics.length >= 2;
  }

  return false;
}

// Returns the cluster starting at its first visible character, or `undefined` if the whole cluster
// is zero-width.
function baseVisible(segment: string): string | undefined {
  const index = segment.search(visibleCharacter());
  return index === -1 ? undefined : segment.slice(index);
}

function isHangulLeadingJamo(codePoint: number | undefined): boolean {
  return (
    codePoint !== undefined &&
    ((codePoint >= 0x11_00 && codePoint <= 0x11_5f) || (codePoint >= 0xa9_60 && codePoint <= 0xa9_7c))
  );
}

function isHangulVowelJamo(codePoint: number | undefined): boolean {
  return (
    codePoint !== undefined &&
    ((codePoint >= 0x11_60 && codePoint <= 0x11_a7) || (codePoint >= 0xd7_b0 && codePoint <= 0xd7_c6))
  );
}

function isHangulTrailingJamo(codePoint: number | undefined): boolean {
  return (
    codePoint !== undefined &&
    ((codePoint >= 0x11_a8 && codePoint <= 0x11_ff) || (codePoint >= 0xd7_cb && codePoint <= 0xd7_fb))
  );
}

function isHangulJamo(codePoint: number): boolean {
  return isHangulLeadingJamo(codePoint) || isHangulVowelJamo(codePoint) || isHangulTrailingJamo(codePoint);
}

type EastAsianWidthOptions = {ambiguousAsWide: boolean};

function hangulClusterWidth(visibleSegment: string, eastAsianWidthOptions: EastAsianWidthOptions): number | undefined {
  const codePoints: number[] = [];
  const visible = visibleCharacter();

  for (const character of visibleSegment) {
    if (!visible.test(character)) {
      continue;
    }

    codePoints.push(character.codePointAt(0)!);
  }

  if (codePoints.length === 0) {
    return undefined;
  }

  let width = 0;

  for (let index = 0; index < codePoints.length; index++) {
    const codePoint = codePoints[index]!;
    if (!isHangulJamo(codePoint)) {
      if (width === 0) {
        return undefined;
      }

      // Mixed cluster (e.g., L + precomposed syllable): use EAW for non-jamo remainder
      for (let remaining = index; remaining < codePoints.length; remaining++) {
        width += eastAsianWidth(codePoints[remaining]!, eastAsianWidthOptions);
      }

      return width;
    }

    // Modern Hangul L+V(+T) shapes as one syllable block. Unmatched jamo stay additive:
    // U+1100 U+1100 U+1161 => U+1100 + (U+1100 U+1161) => 2 + 2.
    if (isHangulLeadingJamo(codePoint) && isHangulVowelJamo(codePoints[index + 1])) {
      width += 2;
      index += isHangulTrailingJamo(codePoints[index + 2]) ? 2 : 1;
      continue;
    }

    width += eastAsianWidth(codePoint, eastAsianWidthOptions);
  }

  return width;
}

function trailingWidth(visibleSegment: string, eastAsianWidthOptions: EastAsianWidthOptions): number {
  let extra = 0;
  let first = true;
  spacingMarkRegex ??= new RegExp('\\p{Spacing_Mark}', 'v');

  for (const character of visibleSegment) {
    if (first) {
      first = false;
      continue;
    }

    if (spacingMarkRegex.test(character) || (character >= '\uFF00' && character <= '\uFFEF')) {
      extra += eastAsianWidth(character.codePointAt(0)!, eastAsianWidthOptions);
    }
  }

  return extra;
}

/**
 * Sum of East Asian Widths when every code unit of `string` is in FAST_RANGES, else -1.
 * Printable ASCII is 1 cell without a lookup (upstream's own fast path).
 */
function fastPathWidth(string: string, ambiguousAsWide: boolean): number {
  let width = 0;
  let options: EastAsianWidthOptions | undefined;
  for (let index = 0; index < string.length; index++) {
    const code = string.charCodeAt(index);
    if (code >= 0x20 && code <= 0x7e) {
      width += 1;
    } else if (isFastPathCode(code)) {
      width += eastAsianWidth(code, (options ??= {ambiguousAsWide}));
    } else {
      return -1;
    }
  }
  return width;
}

export default function stringWidth(input: string, options: Options = {}): number {
  if (typeof input !== 'string' || input.length === 0) {
    return 0;
  }

  const {ambiguousIsNarrow = true, countAnsiEscapeCodes = false} = options;

  let string = input;

  // Avoid calling stripAnsi when there are no ANSI escape sequences (ESC = 0x1B, CSI = 0x9B)
  if (!countAnsiEscapeCodes && (string.includes('\u001B') || string.includes('\u009B'))) {
    string = stripAnsi(string);
  }

  if (string.length === 0) {
    return 0;
  }

  // Fast path (upstream's covers printable ASCII only): no segmenter, no emoji RegExp.
  const fast = fastPathWidth(string, !ambiguousIsNarrow);
  if (fast >= 0) {
    return fast;
  }

  let width = 0;
  const eastAsianWidthOptions = {ambiguousAsWide: !ambiguousIsNarrow};
  segmenter ??= new Intl.Segmenter();
  rgiEmojiRegex ??= new RegExp('^\\p{RGI_Emoji}$', 'v');

  for (const {segment} of segmenter.segment(string)) {
    // Zero-width / non-printing clusters
    const visibleSegment = baseVisible(segment);
    if (visibleSegment === undefined) {
      continue;
    }

    // Emoji width logic
    if (rgiEmojiRegex.test(segment) || isDoubleWidthNonRgiEmojiSequence(segment)) {
      width += 2;
      continue;
    }

    const hangulWidth = hangulClusterWidth(visibleSegment, eastAsianWidthOptions);
    if (hangulWidth !== undefined) {
      width += hangulWidth;
      continue;
    }

    // Everything else: EAW of the cluster's first visible scalar
    const codePoint = visibleSegment.codePointAt(0)!;
    width += eastAsianWidth(codePoint, eastAsianWidthOptions);

    // Add width for trailing spacing marks and Halfwidth/Fullwidth Forms (e.g., ﾞ, ﾟ, ｰ)
    width += trailingWidth(visibleSegment, eastAsianWidthOptions);
  }

  return width;
}
