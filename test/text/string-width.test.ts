// source/text/string-width.ts must give exactly what string-width 8.3.0 gives (the bundle routes
// Ink's, wrap-ansi's and our own width calls to it), while constructing nothing costly at import.
import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {join} from 'node:path';
import {pathToFileURL} from 'node:url';
import upstream from 'string-width';
import stringWidth, {fastPathRanges, isFastPathCode} from '../../source/text/string-width.js';
import {fastPathMemberProblems, sampledCodePoints} from './code-point-sample.js';
import {REPO_ROOT} from '../support/repo-root.js';

type Options = {ambiguousIsNarrow?: boolean; countAnsiEscapeCodes?: boolean};
const allOptions: Options[] = [
  {},
  {ambiguousIsNarrow: true},
  {ambiguousIsNarrow: false},
  {countAnsiEscapeCodes: true},
  {ambiguousIsNarrow: false, countAnsiEscapeCodes: true},
];

const hex = (cp: number) => `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
const show = (text: string) =>
  text.length > 40 ? `${JSON.stringify(text.slice(0, 40))}… (${text.length} code units)` : JSON.stringify(text);

function fastPathMembers(): number[] {
  const members: number[] = [];
  for (let index = 0; index < fastPathRanges.length; index += 2) {
    for (let cp = fastPathRanges[index]!; cp <= fastPathRanges[index + 1]!; cp++) members.push(cp);
  }
  return members;
}

describe('code points alone', () => {
  // Every boundary of a property string-width reads, both sides, and a deterministic spread: 40,000
  // of the 1,114,112 in ~1 s. The scan of every one (~50 s) is `npm run test:full-width`.
  const sample = sampledCodePoints(40_000);

  test('the sample holds every range boundary and both ends of the range', () => {
    assert.equal(sample.length, 40_000);
    for (const cp of [0, 0x1b, 0x9b, 0xd800, 0xdfff, 0x10_ffff, ...fastPathRanges])
      assert.ok(sample.includes(cp), hex(cp));
  });

  // Lone surrogates (U+D800-DFFF) included: both give 0 for them.
  for (const ambiguousIsNarrow of [true, false]) {
    test(`${sample.length} sampled code points, ambiguousIsNarrow: ${ambiguousIsNarrow}`, () => {
      const wrong: string[] = [];
      for (const cp of sample) {
        const text = String.fromCodePoint(cp);
        const expected = upstream(text, {ambiguousIsNarrow});
        const actual = stringWidth(text, {ambiguousIsNarrow});
        if (actual !== expected) wrong.push(`${hex(cp)}: ${actual} instead of ${expected}`);
      }
      assert.deepEqual(wrong.slice(0, 20), [], `${wrong.length} code points differ`);
    });
  }

  // Alone, a code point is only affected by countAnsiEscapeCodes if it is ESC or CSI; the BMP covers those.
  test('the sampled BMP code points with countAnsiEscapeCodes, both ambiguousIsNarrow', () => {
    const wrong: string[] = [];
    for (const cp of sample.filter((cp) => cp <= 0xffff)) {
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
});

describe('the fast path', () => {
  const members = fastPathMembers();

  test('its ranges are ordered, disjoint BMP code units outside the surrogates', () => {
    assert.equal(fastPathRanges.length % 2, 0);
    let previousEnd = -1;
    for (let index = 0; index < fastPathRanges.length; index += 2) {
      const start = fastPathRanges[index]!;
      const end = fastPathRanges[index + 1]!;
      assert.ok(start <= end, `${hex(start)}-${hex(end)} is reversed`);
      assert.ok(start > previousEnd + 1, `${hex(start)} overlaps or touches the range before`);
      assert.ok(end <= 0xffff && (end < 0xd800 || start > 0xdfff), `${hex(start)}-${hex(end)} is not plain BMP`);
      previousEnd = end;
    }
    const memberSet = new Set(members);
    for (let cp = 0; cp <= 0x1_0000; cp++) {
      const inRanges = memberSet.has(cp);
      if (isFastPathCode(cp) !== inRanges) assert.fail(`isFastPathCode(${hex(cp)}) is ${!inRanges}`);
    }
  });

  test('holds the characters the first frame draws', () => {
    for (const character of '·…↑↓←→─│┌┐└┘├┤╭╮╰╯━┃█░▒▓▌▐●○◆◇■□▲▼▶◀✓✗✔✘⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏•–—‘’“”«»°±×÷é€£¥№™') {
      assert.ok(isFastPathCode(character.charCodeAt(0)), `${character} (${hex(character.charCodeAt(0))})`);
    }
  });

  test('each member is its own grapheme cluster and measures as string-width measures it (a sample)', () => {
    // Both ends of every range and 3,000 spread over the members; all 26,000 in npm run test:full-width.
    const sampled = new Set<number>(fastPathRanges);
    for (let i = 0; sampled.size < fastPathRanges.length + 3000 && i < members.length; i++) {
      sampled.add(members[(i * 7919) % members.length]!);
    }
    const wrong = fastPathMemberProblems([...sampled]);
    assert.deepEqual(wrong.slice(0, 20), [], `${wrong.length} problems among ${sampled.size} members`);
  });

  test('random strings of members, with and without ANSI codes', () => {
    let seed = 0x5eed;
    const random = (below: number) => {
      seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
      return (seed >>> 8) % below;
    };
    const wrong: string[] = [];
    for (let round = 0; round < 3000; round++) {
      let text = '';
      const length = 1 + random(24);
      for (let index = 0; index < length; index++) {
        text += random(8) === 0 ? '\u001B[1;31m' : String.fromCharCode(members[random(members.length)]!);
      }
      for (const options of allOptions) {
        const expected = upstream(text, options);
        const actual = stringWidth(text, options);
        if (actual !== expected)
          wrong.push(`${show(text)} ${JSON.stringify(options)}: ${actual} instead of ${expected}`);
      }
    }
    assert.deepEqual(wrong.slice(0, 20), [], `${wrong.length} strings differ`);
  });
});

const ESC = '\u001B';
const BEL = '\u0007';
const corpus: Array<[string, string[]]> = [
  [
    'ZWJ emoji sequences',
    [
      '👩‍💻',
      '👨‍👩‍👧‍👦',
      '🏳️‍🌈',
      '🏳‍🌈',
      '🧑🏽‍🚀',
      '❤️‍🔥',
      '👁️‍🗨️',
      '👁‍🗨',
      '🐕‍🦺',
      '👩‍❤️‍💋‍👨',
      'a\u200Db',
      '👩\u200D',
      '\u200D👩',
      '👩\u200D\u200D💻',
      '👩‍💻👩‍💻',
      'x👩‍💻y',
      '🫱🏻‍🫲🏿',
      '👩‍'.repeat(20) + '💻',
    ],
  ],
  ['skin tones', ['👍🏽', '👍🏿', '🏽', 'a🏽', '🏻🏼', '✋🏽', '👍\u{1F3FB}\u{1F3FB}', '🤝🏽']],
  ['flags', ['🇺🇸', '🇩', '🇺🇸🇩', '🇺🇸🇩🇪🇫', '🇺🇸🇩🇪', 'x🇩x', '🇿🇿', '🏴󠁧󠁢󠁳󠁣󠁴󠁿', '🏴󠁧󠁢󠁥󠁮󠁧󠁿x', '\u{E0067}\u{E007F}', '🏴']],
  ['keycaps', ['1️⃣', '1⃣', '#⃣', '*️⃣', '#️⃣', 'a⃣', '⃣', '10⃣', '1️', '1\uFE0E\u20E3']],
  [
    'VS15 and VS16',
    [
      '☺',
      '☺️',
      '☺︎',
      '❤',
      '❤️',
      '❤︎',
      '↔',
      '↔️',
      '↔︎',
      '©',
      '©️',
      'x︎',
      'x️',
      '⌚',
      '⌚︎',
      '⌚️',
      '✔',
      '✔️',
      '▶',
      '▶️',
      '◻️',
      '⭐',
      '\uFE0F',
      '\uFE0E',
      '☂\u{E0100}',
      'ℹ️',
      '™️',
      '⬆️',
      '⚠',
      '⚠️',
    ],
  ],
  [
    'Hangul',
    [
      '\u1100\u1161',
      '\u1100\u1161\u11A8',
      '\u1100\u1100\u1161',
      '\u1100\u1161\u11A8\u11A8',
      '\u1161',
      '\u11A8',
      '\u1100',
      '\u1100\u1100',
      '\u1161\u1161',
      '\u11A8\u11A8',
      '한국어',
      '\uA960\uD7B0\uD7CB',
      '\u1100가',
      '가\u11A8',
      '각\u11A8',
      '\u1100\u1160',
      '\u115F\u1161',
      '\u115F\u1160',
      'ㄱㅏ',
      'ﾡﾢ',
      '\u1100\u0301\u1161',
      '가\u0301',
    ],
  ],
  [
    'combining marks and complex scripts',
    [
      'e\u0301',
      'a\u0308\u0323',
      '\u0301',
      '\u0301\u0301a',
      'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇',
      'क्षि',
      'क्ष',
      'ที่',
      'நி',
      'நீ',
      'مرحبا',
      'שָׁלוֹם',
      '\u0600\u0661',
      '\u0E33',
      'x\u0903',
      '\u0903',
      'a\u20DD',
      '\u20DD',
      'ই\u09CD\u09AF',
      'e' + '\u0301'.repeat(1000),
      'ǅ',
      'ﬁ',
      'А̀',
      '\u093F',
      'ก\u0E31',
    ],
  ],
  [
    'CJK, halfwidth and fullwidth forms',
    [
      '古',
      '中文字',
      '日本語テキスト',
      'ｶﾞ',
      'ｶﾟ',
      'ﾞ',
      'ｱｲｳ',
      'ｰ',
      'ＡＢＣ',
      '！',
      '￥',
      '\uFFE8',
      'か\u3099',
      'か\u309B',
      '\u3000',
      '〰',
      '〽',
      '々',
      '\u{20000}',
      '\u{2A6DF}',
      '\u{30000}',
      '㐀',
      '豈',
      'ｶ\uFF9E\uFF9F',
      'ｶ\u0301ﾞ',
    ],
  ],
  [
    'ANSI SGR and OSC',
    [
      `${ESC}[31mred${ESC}[0m`,
      `${ESC}]8;;https://example.com${BEL}link${ESC}]8;;${BEL}`,
      `${ESC}]0;title${ESC}\\x`,
      '\u009B31mX',
      `${ESC}[38;2;1;2;3m古${ESC}[0m`,
      `${ESC}]8;;abc`,
      ESC,
      `${ESC}[`,
      `${ESC}7text`,
      `${ESC}[>0;276;0c`,
      `${ESC}]P0123456x`,
      `${ESC}Pdata${ESC}\\x`,
      `a${ESC}b`,
      `${ESC}[1m👩‍💻${ESC}[22m`,
      `\u009D0;t\u009Cx`,
      `${ESC}[31m${ESC}[0m`,
      `${ESC}[1;31m·…↑${ESC}[0m`,
    ],
  ],
  [
    'C0 and C1 controls',
    [
      '\t',
      '\n',
      '\r\n',
      'a\tb',
      '\u0000',
      '\u007F',
      '\u0085',
      '\u009C',
      'a\r\nb',
      '\u0008x',
      'a\u0000b',
      '\u2028',
      '\u2029',
    ],
  ],
  [
    'zero-width and ignorable',
    [
      '\u200B',
      '\u200C',
      '\u200D',
      '\uFEFF',
      '\u2060',
      'a\u200Bb',
      '\u00AD',
      '\u034F',
      '\u180E',
      '\u{E0001}',
      '\u{E0100}',
      '\u115F',
      '\u3164',
      '\uFFA0',
      '\u{1D173}',
      '\u061C',
      '\u200E\u200F',
      'x\u00ADy',
    ],
  ],
  ['lone surrogates', ['\uD800', '\uDC00', 'a\uD800b', '\uDC00\uD800', '\uD83D', '\uD83D\uD83D']],
  [
    'the UI',
    [
      'a·b…↑',
      '─'.repeat(80),
      '│ name │ user │',
      '↑↓ move · ⏎ open · q quit',
      '⠋ Loading…',
      '✓ revoked',
      '✗ failed',
      'Tokens — 12 of 340',
      '› Search: é',
      '▲ expires',
      'a·b…↑ 👍',
      '├──┼──┤',
      '╭─╮╰─╯',
    ],
  ],
];

describe('a corpus of hard strings', () => {
  for (const [name, strings] of corpus) {
    test(name, () => {
      for (const text of strings) {
        for (const options of allOptions) {
          assert.equal(stringWidth(text, options), upstream(text, options), `${show(text)} ${JSON.stringify(options)}`);
        }
      }
    });
  }

  test('very long strings', () => {
    // Kept to tens of thousands of clusters: string-width itself takes ~35 µs a cluster on these.
    const long = [
      'a'.repeat(100_000),
      '·'.repeat(10_000),
      '古'.repeat(10_000),
      '👩‍💻'.repeat(5_000),
      '🇺🇸'.repeat(5_000) + '🇩',
      'e' + '\u0301'.repeat(100_000),
      `${ESC}[31m${'x·'.repeat(2_000)}${ESC}[0m`.repeat(3),
      corpus
        .flatMap(([, strings]) => strings)
        .join('')
        .repeat(5),
    ];
    for (const text of long) {
      for (const options of [{}, {ambiguousIsNarrow: false}, {countAnsiEscapeCodes: true}]) {
        assert.equal(stringWidth(text, options), upstream(text, options), `${show(text)} ${JSON.stringify(options)}`);
      }
    }
  });

  test('empty and non-string input', () => {
    assert.equal(stringWidth(''), 0);
    assert.equal(stringWidth(`${ESC}[0m`), 0);
    for (const value of [undefined, null, 42, {}]) {
      assert.equal(stringWidth(value as unknown as string), upstream(value as unknown as string));
    }
  });
});

describe('laziness', () => {
  test('importing and measuring fast-path text builds no Intl.Segmenter and no Unicode-property RegExp', () => {
    const moduleUrl = pathToFileURL(join(REPO_ROOT, 'source', 'text', 'string-width.ts')).href;
    const script = `
      const counts = {segmenter: 0, propertyRegExp: 0};
      const Segmenter = Intl.Segmenter;
      Intl.Segmenter = new Proxy(Segmenter, {construct(target, args) { counts.segmenter++; return Reflect.construct(target, args); }});
      globalThis.RegExp = new Proxy(RegExp, {construct(target, args) {
        if (String(args[0]).includes('\\\\p{')) counts.propertyRegExp++;
        return Reflect.construct(target, args);
      }});
      const {default: stringWidth} = await import(${JSON.stringify(moduleUrl)});
      const afterImport = {...counts};
      const fast = stringWidth('a·b…↑ ─│ ✓ 古 ${ESC}[1mé${ESC}[0m', {ambiguousIsNarrow: false});
      const afterFast = {...counts};
      const slow = stringWidth('👩‍💻');
      console.log(JSON.stringify({afterImport, afterFast, fast, slow, afterSlow: counts}));
    `;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    });
    assert.equal(child.status, 0, child.stderr);
    const result = JSON.parse(child.stdout.trim().split('\n').at(-1)!);
    assert.deepEqual(result.afterImport, {segmenter: 0, propertyRegExp: 0});
    assert.deepEqual(result.afterFast, {segmenter: 0, propertyRegExp: 0});
    assert.equal(result.fast, upstream('a·b…↑ ─│ ✓ 古 é', {ambiguousIsNarrow: false}));
    assert.equal(result.slow, 2);
    assert.equal(result.afterSlow.segmenter, 1, 'the slow path builds its segmenter once');
  });
});
