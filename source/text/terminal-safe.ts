// API strings are hostile: they may carry ESC/CSI/OSC sequences, C0/C1 controls, bidi overrides or
// zero-width characters. Everything drawn on a terminal from outside goes through safeText().
// No dependencies: commands and even `--version` load this (UsageError), so the width tables of
// string-width live apart, in cell-width.ts.

// C0 controls (tab and newlines are flattened to a space), DEL, C1 controls.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
// Bidi embeddings/overrides/isolates and marks, zero-width space, word joiner and invisible
// operators, BOM, line/paragraph separators. ZWJ/ZWNJ (U+200C/D) stay: emoji sequences and
// Persian or Indic text need them, and they draw nothing on their own.
const INVISIBLE = /[\u200b\u200e\u200f\u202a-\u202e\u2060-\u2069\u2028\u2029\ufeff\u061c\u180e]/g;

/** One inert line: controls become visible \xNN escapes, invisible characters are removed. */
export function safeText(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? value : String(value);
  return text
    .replace(CONTROL, (ch) =>
      ch === '\t' || ch === '\n' || ch === '\r' ? ' ' : `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`,
    )
    .replace(INVISIBLE, '');
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

/** An identifier as pasted, without invisible characters and surrounding whitespace. */
export function cleanPastedId(text: string): string {
  return text.replace(PASTE_DEBRIS, '').trim();
}
