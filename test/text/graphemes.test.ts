// graphemeSegments must give exactly Intl.Segmenter's grapheme segments (Ink draws every line
// through it: the build makes ansi-tokenize's and slice-ansi's Intl.Segmenter LazySegmenter), and skip the segmenter only
// where each unit is a cluster of its own.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {LazySegmenter, graphemeSegments, isOwnCluster} from '../../source/text/graphemes.js';

const reference = new Intl.Segmenter(undefined, {granularity: 'grapheme'});

function plain(segments: Iterable<{segment: string; index: number; input: string}>) {
  return [...segments].map(({segment, index, input}) => ({segment, index, input}));
}

function assertSame(text: string): void {
  const ours = graphemeSegments(text);
  const theirs = reference.segment(text);
  assert.deepEqual(plain(ours), plain(theirs), JSON.stringify(text));
  for (const at of [-1, 0, 0.5, 1, text.length - 1, text.length, text.length + 3, Number.NaN, undefined]) {
    const a = ours.containing(at);
    const b = theirs.containing(at);
    assert.deepEqual(
      a && {segment: a.segment, index: a.index, input: a.input},
      b && {segment: b.segment, index: b.index, input: b.input},
      `${JSON.stringify(text)} at ${at}`,
    );
  }
}

test('every own-cluster unit, next to letters, escapes, itself and others, segments as Intl.Segmenter does', () => {
  const own: string[] = [];
  for (let code = 0; code <= 0xffff; code++) if (isOwnCluster(code)) own.push(String.fromCharCode(code));
  assert.ok(own.length > 20_000, `only ${own.length} units`);
  for (const c of own) {
    for (const text of [`x${c}x`, `${c}${c}`, `\u001b[1m${c}\u001b[22m`, `${c}\u0007`]) {
      const ours = graphemeSegments(text);
      assert.equal(
        typeof (ours as {input?: unknown}).input,
        'string',
        'took the fast path (Intl.Segments has no input property)',
      );
      assert.deepEqual(plain(ours), plain(reference.segment(text)), `U+${c.charCodeAt(0).toString(16)}`);
    }
  }
});

test('random own-cluster text with SGR and OSC 8 sequences, and containing() everywhere', () => {
  const own: string[] = [];
  for (let code = 0; code <= 0xffff; code++) if (isOwnCluster(code)) own.push(String.fromCharCode(code));
  let seed = 7;
  const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  for (let n = 0; n < 500; n++) {
    let text = '';
    const length = Math.floor(next() * 40);
    for (let i = 0; i < length; i++) {
      const r = next();
      text +=
        r < 0.1
          ? '\u001b[38;5;214m'
          : r < 0.13
            ? '\u001b]8;;https://example.com\u0007'
            : own[Math.floor(next() * own.length)]!;
    }
    assertSame(text);
  }
});

test('text that needs a segmenter gets Intl.Segmenter: combining marks, joiners, flags, Hangul jamo, CR LF, astral', () => {
  for (const text of [
    'e\u0301',
    '👩‍💻 dev',
    '🇫🇷🇩🇪',
    '\u1100\u1161\u11a8',
    'a\r\nb',
    '𝔘𝔫𝔦',
    'x\u200by',
    'ﾊﾟ',
    '',
    'plain · text …',
  ])
    assertSame(text);
  assert.ok(!isOwnCluster(0x0d), 'CR joins a following LF');
  assert.ok(!isOwnCluster(0x200d), 'ZWJ');
  assert.ok(!isOwnCluster(0xd83d), 'a surrogate');
});

test('LazySegmenter, the Intl.Segmenter of the UI bundle: graphemes without ICU for plain text, the real one otherwise', () => {
  const grapheme = new LazySegmenter(undefined, {granularity: 'grapheme'});
  for (const text of ['plain ─│ text', 'e\u0301 👩‍💻 🇺🇸', '']) {
    assert.deepEqual(plain(grapheme.segment(text)), plain(reference.segment(text)), JSON.stringify(text));
  }
  assert.deepEqual(plain(new LazySegmenter().segment('a👍🏽b')), plain(reference.segment('a👍🏽b')));
  assert.equal(grapheme.resolvedOptions().granularity, 'grapheme');

  const words = new LazySegmenter('en', {granularity: 'word'});
  const realWords = new Intl.Segmenter('en', {granularity: 'word'});
  const text = 'revoke all tokens, now';
  assert.deepEqual(
    [...words.segment(text)].map((s) => s.segment),
    [...realWords.segment(text)].map((s) => s.segment),
  );
  assert.equal(words.resolvedOptions().granularity, 'word');
  assert.deepEqual(LazySegmenter.supportedLocalesOf(['en']), Intl.Segmenter.supportedLocalesOf(['en']));
});
