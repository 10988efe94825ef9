// How commands print. Human text: aligned columns, every cell made inert by safeText (API strings
// are hostile), fitted to the terminal width on a TTY; when piped, nothing is cut, so grep and awk see
// whole values. Machine text: exactly one JSON document on stdout.
import {displayWidth, fit, truncate} from '../text/cell-width.js';
import {INVISIBLE, safeText} from '../text/terminal-safe.js';
import type {CommandContext} from './context.js';
import {secretScrubber} from './report-error.js';

type Scrub = (text: string) => string;
const asIs: Scrub = (text) => text;

// Output is built from what a tenant sent, and a tenant may quote the client secret or the access
// token anywhere (a token description, a user name): every cell, line and JSON string is masked.
function scrubberFor(ctx: Partial<Pick<CommandContext, 'env'>>): Scrub {
  return secretScrubber(ctx.env ?? process.env);
}

export type Column<Row> = {
  header: string;
  value: (row: Row) => unknown;
  align?: 'left' | 'right';
  /** Never narrower than this when the table must shrink (default: the header's width). */
  minWidth?: number;
  /** Columns that give up width first when the terminal is too narrow (higher = earlier). Default 0. */
  shrink?: number;
};

const GAP = '  ';

const guarded = new WeakSet<object>();

/**
 * `qlik-tokens tokens list | head` closes the pipe early: that is the reader's choice, not a
 * failure worth a stack trace. The rest of the output is dropped quietly.
 */
function guardBrokenPipe(stream: CommandContext['stdout']): CommandContext['stdout'] {
  if (!guarded.has(stream)) {
    guarded.add(stream);
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') return;
      process.stderr.write(`qlik-tokens: cannot write the output: ${error.message}\n`);
      process.exitCode = 1;
    });
  }
  return stream;
}

/** Width to fit human output to: the terminal's on a TTY, unbounded when piped. */
export function outputWidth(stream: CommandContext['stdout']): number {
  if (!stream.isTTY) return Number.POSITIVE_INFINITY;
  return stream.columns && stream.columns > 0 ? stream.columns : 80;
}

/** Column widths that sum (with gaps) to at most `maxWidth`, taking width from the most shrinkable first. */
export function columnWidths(natural: number[], minimums: number[], shrink: number[], maxWidth: number): number[] {
  const widths = [...natural];
  const total = (): number =>
    widths.reduce((sum, width) => sum + width, 0) + GAP.length * Math.max(0, widths.length - 1);
  let excess = total() - maxWidth;
  if (excess <= 0) return widths;
  const order = [...new Set(shrink)].sort((a, b) => b - a);
  for (const level of order) {
    // Shrink every column of this level toward its minimum, widest first, one cell at a time.
    while (excess > 0) {
      let widest = -1;
      for (let i = 0; i < widths.length; i++) {
        if (shrink[i] !== level || widths[i]! <= minimums[i]!) continue;
        if (widest === -1 || widths[i]! > widths[widest]!) widest = i;
      }
      if (widest === -1) break;
      widths[widest]!--;
      excess--;
    }
    if (excess <= 0) break;
  }
  return widths;
}

/** Renders rows as aligned columns, one line per row, with a header line. Any number of rows. */
export function renderTable<Row>(
  columns: Array<Column<Row>>,
  rows: Row[],
  maxWidth: number = Number.POSITIVE_INFINITY,
  scrub: Scrub = asIs,
): string {
  const cells = rows.map((row) => columns.map((column) => scrub(safeText(column.value(row)))));
  const headers = columns.map((column) => safeText(column.header));
  // A loop, not Math.max(...widths): spreading 130,000 rows into arguments overflows the stack.
  const headerWidths = headers.map((header) => displayWidth(header));
  const natural = [...headerWidths];
  // Each cell is measured once: a cell that fits is padded by that width, only a cut one re-measured.
  const cellWidths = cells.map((line) => {
    const lineWidths = new Array<number>(line.length);
    for (let i = 0; i < line.length; i++) {
      const width = displayWidth(line[i]!);
      lineWidths[i] = width;
      if (width > natural[i]!) natural[i] = width;
    }
    return lineWidths;
  });
  const minimums = columns.map((column, i) => Math.min(natural[i]!, column.minWidth ?? headerWidths[i]!));
  const widths = Number.isFinite(maxWidth)
    ? columnWidths(
        natural,
        minimums,
        columns.map((column) => column.shrink ?? 0),
        maxWidth,
      )
    : natural;
  // Columns never shrink below their minimums: a terminal narrower than those cuts the line itself.
  const cell = (value: string, width: number, i: number): string => {
    const align = columns[i]!.align ?? 'left';
    if (width > widths[i]!) return fit(value, widths[i]!, align);
    const pad = ' '.repeat(widths[i]! - width);
    return align === 'left' ? value + pad : pad + value;
  };
  const line = (values: string[], valueWidths: number[]): string =>
    fitLine(
      values
        .map((value, i) => cell(value, valueWidths[i]!, i))
        .join(GAP)
        .trimEnd(),
      maxWidth,
    );
  return [line(headers, headerWidths), ...cells.map((row, r) => line(row, cellWidths[r]!))].join('\n') + '\n';
}

/** Prints a table on stdout, fitted to its width. */
export function printTable<Row>(
  ctx: Pick<CommandContext, 'stdout'> & Partial<Pick<CommandContext, 'env'>>,
  columns: Array<Column<Row>>,
  rows: Row[],
): void {
  guardBrokenPipe(ctx.stdout).write(renderTable(columns, rows, outputWidth(ctx.stdout), scrubberFor(ctx)));
}

/** An inert line cut to `maxWidth` cells (ending with …); unbounded width leaves it whole. */
function fitLine(text: string, maxWidth: number): string {
  return Number.isFinite(maxWidth) ? truncate(text, Math.max(1, maxWidth)) : text;
}

/** "key  value" lines, keys aligned, values made inert, each line cut to `maxWidth` cells. */
export function renderFields(
  fields: Array<[string, unknown]>,
  maxWidth: number = Number.POSITIVE_INFINITY,
  scrub: Scrub = asIs,
): string {
  let width = 0;
  for (const [key] of fields) width = Math.max(width, displayWidth(key));
  return (
    fields
      .map(([key, value]) => fitLine(`${fit(key, width)}  ${scrub(safeText(value))}`.trimEnd(), maxWidth))
      .join('\n') + '\n'
  );
}

/** Key-value lines on the human stream, fitted to its width on a terminal. */
export function printFields(
  ctx: Pick<CommandContext, 'global' | 'stdout' | 'stderr'> & Partial<Pick<CommandContext, 'env'>>,
  fields: Array<[string, unknown]>,
): void {
  const stream = humanStream(ctx);
  stream.write(renderFields(fields, outputWidth(stream), scrubberFor(ctx)));
}

// JSON.stringify escapes only U+0000-U+001F. DEL, the C1 controls (U+009B is an 8-bit CSI), bidi
// overrides, zero-width and other invisible characters (terminal-safe's INVISIBLE) and the line
// separators would reach a terminal raw when a --json document is simply looked at: escaped as
// \uXXXX (each half of a surrogate pair on its own), the document parses to the same values.
const JSON_UNSAFE = new RegExp(`[\\u007f-\\u009f]|${INVISIBLE.source}`, 'g');

/** JSON text with nothing a terminal would act on, reorder or hide, and the same meaning. */
export function inertJson(value: unknown, indent = 2): string {
  return JSON.stringify(value, null, indent).replace(JSON_UNSAFE, (match: string) => {
    let out = '';
    for (let i = 0; i < match.length; i++) out += `\\u${match.charCodeAt(i).toString(16).padStart(4, '0')}`;
    return out;
  });
}

/** `value` with `scrub` applied to every string in it (a copy; the value itself is left alone). */
function scrubStrings(value: unknown, scrub: Scrub): unknown {
  if (typeof value === 'string') return scrub(value);
  if (Array.isArray(value)) return value.map((item) => scrubStrings(item, scrub));
  if (value !== null && typeof value === 'object') {
    if (typeof (value as {toJSON?: unknown}).toJSON === 'function') return value;
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = scrubStrings(item, scrub);
    return out;
  }
  return value;
}

/** The one JSON document of a --json run: credentials masked in every string, nothing a terminal acts on. */
export function writeJson(
  ctx: Pick<CommandContext, 'stdout'> & Partial<Pick<CommandContext, 'env'>>,
  value: unknown,
): void {
  guardBrokenPipe(ctx.stdout).write(`${inertJson(scrubStrings(value, scrubberFor(ctx)))}\n`);
}

/** Where human messages go: stderr with --json (stdout belongs to the document), stdout otherwise. */
export function humanStream(ctx: Pick<CommandContext, 'global' | 'stdout' | 'stderr'>): CommandContext['stdout'] {
  return guardBrokenPipe(ctx.global.json ? ctx.stderr : ctx.stdout);
}

/** A line of human text (made inert) on the human stream. */
export function say(
  ctx: Pick<CommandContext, 'global' | 'stdout' | 'stderr'> & Partial<Pick<CommandContext, 'env'>>,
  text: string,
): void {
  humanStream(ctx).write(`${safeText(scrubberFor(ctx)(text))}\n`);
}

/**
 * A heading built from tenant strings (a user's name can be 10,000 characters): one line, cut to
 * the terminal's width; whole when piped.
 */
export function heading(
  ctx: Pick<CommandContext, 'global' | 'stdout' | 'stderr'> & Partial<Pick<CommandContext, 'env'>>,
  text: string,
): void {
  const stream = humanStream(ctx);
  stream.write(`${fitLine(safeText(scrubberFor(ctx)(text)), outputWidth(stream))}\n`);
}

/** A line on stderr, always: notes, progress and warnings never mix with the output. */
export function note(ctx: Pick<CommandContext, 'stderr'> & Partial<Pick<CommandContext, 'env'>>, text: string): void {
  ctx.stderr.write(`${safeText(scrubberFor(ctx)(text))}\n`);
}
