// API strings are hostile: they may carry ESC/CSI/OSC sequences, C0/C1 controls, bidi overrides or
// zero-width characters. Everything drawn on a terminal from outside goes through safeText().
// No dependencies: commands and even `--version` load this (UsageError), so the width tables of
// string-width live apart, in cell-width.ts.

// C0 controls (tab and newlines are flattened to a space), DEL, C1 controls.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/**
 * Characters that draw nothing (or a blank indistinguishable from nothing), so that two IDs or
 * names would look identical with and without them: soft hyphen, combining grapheme joiner,
 * Hangul fillers (U+115F, U+1160, U+3164, U+FFA0), Khmer inherent vowels, Mongolian selectors and
 * vowel separator, zero-width space/joiners and marks, bidi embeddings, overrides and isolates,
 * line/paragraph separators, word joiner and invisible operators (U+2060–U+206F), BOM,
 * interlinear annotation, shorthand format controls, musical format controls, tag characters
 * (U+E0000–U+E007F), and lone surrogates. Shown as `\uXXXX` / `\u{XXXXX}` escapes, like controls.
 * Variation selectors (U+FE00–U+FE0F) stay: emoji need them and they only alter a visible character.
 */
export const INVISIBLE =
  // Each invisible character (combining ones too) is matched alone, and lone surrogates by design.
  // eslint-disable-next-line no-misleading-character-class
  /[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2028\u2029\u2060-\u206f\u3164\ufeff\uffa0\ufff9-\ufffb]|\ud82f[\udca0-\udca3]|\ud834[\udd73-\udd7a]|\udb40[\udc00-\udc7f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const JOINERS = new Set(['\u200c', '\u200d']);

/**
 * ZWJ and ZWNJ are part of emoji sequences and of Persian, Arabic and Indic writing: kept between
 * two characters that are neither ASCII nor blank. Beside ASCII (every ID, every email, Latin
 * names) or at either end they can only disguise one string as another, and are escaped.
 */
function joinerIsWriting(text: string, at: number): boolean {
  const before = text.charCodeAt(at - 1);
  const after = text.charCodeAt(at + 1);
  const letterish = (code: number) => Number.isFinite(code) && code > 0x7f && !/\s/.test(String.fromCharCode(code));
  return at > 0 && at + 1 < text.length && letterish(before) && letterish(after);
}

/** `\u200b`, or `\u{e0041}` beyond the BMP: visible, and unambiguous. */
export function escapeCodePoint(ch: string): string {
  const code = ch.codePointAt(0)!;
  return code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** Invisible characters shown as escapes (see INVISIBLE); joiners kept where writing needs them. */
function showInvisible(text: string): string {
  return text.replace(INVISIBLE, (ch, at: number) =>
    JOINERS.has(ch) && joinerIsWriting(text, at) ? ch : escapeCodePoint(ch),
  );
}

/**
 * One inert line: controls become visible \xNN escapes, invisible characters visible \uXXXX
 * escapes, so that no two different strings ever look the same.
 */
export function safeText(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? value : String(value);
  return showInvisible(
    text.replace(CONTROL, (ch) =>
      ch === '\t' || ch === '\n' || ch === '\r' ? ' ' : `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`,
    ),
  );
}

/** Whether `text` holds a character safeText would escape (a control or an invisible one). */
export function hasHiddenCharacters(text: string): boolean {
  CONTROL.lastIndex = 0;
  INVISIBLE.lastIndex = 0;
  return CONTROL.test(text) || INVISIBLE.test(text);
}

/**
 * An inert message of one or more lines: like safeText, but newlines stay (error reports are
 * paragraphs). For messages that may quote what an operator typed or a tenant sent.
 */
export function safeMessage(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? value : String(value);
  return text.split('\n').map(safeText).join('\n');
}

// What a copy from a web page or a chat brings along with an ID: zero-width spaces and joiners,
// soft hyphens, bidi marks, word joiners, BOMs. Never part of a Qlik ID.
const PASTE_DEBRIS = /[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;

/** The characters of a Qlik ID (users, tokens): anything else is a typo or debris, refused before any request. */
export const ID_CHARACTERS = /^[A-Za-z0-9_-]+$/;

/** An identifier as pasted, without invisible characters and surrounding whitespace. */
export function cleanPastedId(text: string): string {
  return text.replace(PASTE_DEBRIS, '').trim();
}
