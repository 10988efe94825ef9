// Which code points the default test run compares one by one with string-width: every point where
// a property string-width's rules read changes (both sides of each boundary), and a deterministic
// spread of the rest. The full scan of U+0000-10FFFF is `npm run test:full-width`
// (test/text/string-width-full-scan.ts).
import {eastAsianWidth} from 'get-east-asian-width';
import upstream from 'string-width';
import stringWidth, {fastPathRanges} from '../../source/text/string-width.js';

/** The properties string-width 8.3.0 (and its port) decide a lone code point's width by. */
const PROPERTIES = [
  'Default_Ignorable_Code_Point',
  'Control',
  'Format',
  'Nonspacing_Mark',
  'Enclosing_Mark',
  'Spacing_Mark',
  'Extended_Pictographic',
  'Emoji',
  'Emoji_Presentation',
  'Emoji_Modifier',
  'Emoji_Modifier_Base',
  'Emoji_Component',
  'Regional_Indicator',
  'Unassigned',
];
// \p{RGI_Emoji} is left out: its lone code points are Basic_Emoji, Emoji_Presentation characters,
// whose runs are above, and matching it over the whole range costs more than the comparison.

/** Hangul jamo ranges (leading, vowel, trailing) that string-width treats apart. */
const HANGUL = [0x1100, 0x115f, 0xa960, 0xa97c, 0x1160, 0x11a7, 0xd7b0, 0xd7c6, 0x11a8, 0x11ff, 0xd7cb, 0xd7fb];

const MAX = 0x10_ffff;

/** Every code point at either side of a change of any property above, of East Asian Width, or of a range of ours. */
export function boundaryCodePoints(): Set<number> {
  const points = new Set<number>([0x1b, 0x9b, 0xd7ff, 0xd800, 0xdbff, 0xdc00, 0xdfff, 0xe000, MAX]);
  const add = (cp: number) => {
    for (const near of [cp - 1, cp, cp + 1]) if (near >= 0 && near <= MAX) points.add(near);
  };
  for (const cp of [...HANGUL, ...fastPathRanges]) add(cp);

  // All scalar values in one string: a property's runs are then found by the RegExp engine in one pass
  // instead of a test per code point. `at` maps a UTF-16 index back to its code point.
  const at = new Int32Array(2 * (MAX + 1));
  const chunks: string[] = [];
  let units = 0;
  for (let start = 0; start <= MAX; start += 0x1000) {
    const codes: number[] = [];
    for (let cp = start; cp < start + 0x1000 && cp <= MAX; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      codes.push(cp);
      at[units] = cp;
      units += cp > 0xffff ? 2 : 1;
    }
    chunks.push(String.fromCodePoint(...codes));
  }
  const all = chunks.join('');
  for (const property of PROPERTIES) {
    const name = property === 'Unassigned' ? 'General_Category=Unassigned' : property;
    for (const match of all.matchAll(new RegExp(`\\p{${name}}+`, 'gv'))) {
      add(at[match.index]!);
      const lastUnit = match.index + match[0].length - 1;
      // The last unit of a supplementary code point is a low surrogate, which `at` does not map.
      add(at[all.charCodeAt(lastUnit) >= 0xdc00 && all.charCodeAt(lastUnit) <= 0xdfff ? lastUnit - 1 : lastUnit]!);
    }
  }

  let previous = -1;
  for (let cp = 0; cp <= MAX; cp++) {
    const widths = eastAsianWidth(cp, {ambiguousAsWide: false}) * 4 + eastAsianWidth(cp, {ambiguousAsWide: true});
    if (widths !== previous) add(cp);
    previous = widths;
  }
  return points;
}

/** `total` code points, ascending: every boundary, and the rest spread deterministically over the range. */
export function sampledCodePoints(total: number): number[] {
  const points = boundaryCodePoints();
  let seed = 0x5eed;
  while (points.size < total) {
    seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
    points.add(((seed >>> 4) * 17) % (MAX + 1));
  }
  return [...points].sort((a, b) => a - b);
}

const hex = (cp: number) => `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * What is wrong with these fast-path members: each must be a grapheme cluster of its own (beside
 * letters and beside itself), visible, and measure as string-width measures it, alone and in pairs.
 */
export function fastPathMemberProblems(members: readonly number[]): string[] {
  const segmenter = new Intl.Segmenter();
  const segments = (text: string) => Array.from(segmenter.segment(text), ({segment}) => segment);
  const wrong: string[] = [];
  for (const cp of members) {
    const c = String.fromCharCode(cp);
    if (segments(`x${c}x`).join('|') !== `x|${c}|x`)
      wrong.push(`${hex(cp)} joins its neighbours: ${segments(`x${c}x`)}`);
    if (segments(c + c).length !== 2) wrong.push(`${hex(cp)} joins itself`);
    for (const ambiguousIsNarrow of [true, false]) {
      const options = {ambiguousIsNarrow};
      const alone = upstream(c, options);
      if (alone < 1) wrong.push(`${hex(cp)} is invisible (${alone})`);
      for (const text of [c, `x${c}x`, c + c]) {
        const expected = upstream(text, options);
        const actual = stringWidth(text, options);
        if (actual !== expected)
          wrong.push(`${JSON.stringify(text)} ${JSON.stringify(options)}: ${actual} instead of ${expected}`);
      }
      if (upstream(`x${c}x`, options) !== alone + 2 || upstream(c + c, options) !== 2 * alone) {
        wrong.push(`${hex(cp)}: string-width does not add it up as a cluster of its own`);
      }
    }
  }
  return wrong;
}
