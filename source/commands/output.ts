// How commands print. Human text: aligned columns, every cell made inert by safeText (API strings
// are hostile), fitted to the terminal width on a TTY; when piped, nothing is cut, so grep and awk see
// whole values. Machine text: exactly one JSON document on stdout.
import {displayWidth, fit, truncate} from '../text/cell-width.js';
import {safeText} from '../text/terminal-safe.js';
import type {CommandContext} from './context.js';

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

/** Renders rows as aligned columns, one line per row, with a header line. */
export function renderTable<Row>(
  columns: Array<Column<Row>>,
  rows: Row[],
  maxWidth: number = Number.POSITIVE_INFINITY,
): string {
  const cells = rows.map((row) => columns.map((column) => safeText(column.value(row))));
  const headers = columns.map((column) => safeText(column.header));
  const natural = columns.map((_, i) =>
    Math.max(displayWidth(headers[i]!), ...cells.map((line) => displayWidth(line[i]!))),
  );
  const minimums = columns.map((column, i) => Math.min(natural[i]!, column.minWidth ?? displayWidth(headers[i]!)));
  const widths = Number.isFinite(maxWidth)
    ? columnWidths(
        natural,
        minimums,
        columns.map((column) => column.shrink ?? 0),
        maxWidth,
      )
    : natural;
  // Columns never shrink below their minimums: a terminal narrower than those cuts the line itself.
  const line = (values: string[]): string =>
    fitLine(
      values
        .map((value, i) => fit(value, widths[i]!, columns[i]!.align ?? 'left'))
        .join(GAP)
        .trimEnd(),
      maxWidth,
    );
  return [line(headers), ...cells.map(line)].join('\n') + '\n';
}

/** Prints a table on stdout, fitted to its width. */
export function printTable<Row>(ctx: Pick<CommandContext, 'stdout'>, columns: Array<Column<Row>>, rows: Row[]): void {
  guardBrokenPipe(ctx.stdout).write(renderTable(columns, rows, outputWidth(ctx.stdout)));
}

/** An inert line cut to `maxWidth` cells (ending with …); unbounded width leaves it whole. */
function fitLine(text: string, maxWidth: number): string {
  return Number.isFinite(maxWidth) ? truncate(text, Math.max(1, maxWidth)) : text;
}

/** "key  value" lines, keys aligned, values made inert, each line cut to `maxWidth` cells. */
export function renderFields(fields: Array<[string, unknown]>, maxWidth: number = Number.POSITIVE_INFINITY): string {
  const width = Math.max(0, ...fields.map(([key]) => displayWidth(key)));
  return (
    fields.map(([key, value]) => fitLine(`${fit(key, width)}  ${safeText(value)}`.trimEnd(), maxWidth)).join('\n') +
    '\n'
  );
}

/** Key-value lines on the human stream, fitted to its width on a terminal. */
export function printFields(
  ctx: Pick<CommandContext, 'global' | 'stdout' | 'stderr'>,
  fields: Array<[string, unknown]>,
): void {
  const stream = humanStream(ctx);
  stream.write(renderFields(fields, outputWidth(stream)));
}

// JSON.stringify escapes only U+0000-U+001F. DEL, the C1 controls (U+009B is an 8-bit CSI), bidi
// overrides, zero-width characters and the line separators would reach a terminal raw when a
// --json document is simply looked at: escaped as \uXXXX, the document parses to the same values.
const JSON_UNSAFE = /[\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\u2028\u2029\ufeff\u061c\u180e]/g;

/** JSON text with nothing a terminal would act on or reorder, and the same meaning. */
export function inertJson(value: unknown, indent = 2): string {
  return JSON.stringify(value, null, indent).replace(
    JSON_UNSAFE,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** The one JSON document of a --json run. */
export function writeJson(ctx: Pick<CommandContext, 'stdout'>, value: unknown): void {
  guardBrokenPipe(ctx.stdout).write(`${inertJson(value)}\n`);
}

/** Where human messages go: stderr with --json (stdout belongs to the document), stdout otherwise. */
export function humanStream(ctx: Pick<CommandContext, 'global' | 'stdout' | 'stderr'>): CommandContext['stdout'] {
  return guardBrokenPipe(ctx.global.json ? ctx.stderr : ctx.stdout);
}

/** A line of human text (made inert) on the human stream. */
export function say(ctx: Pick<CommandContext, 'global' | 'stdout' | 'stderr'>, text: string): void {
  humanStream(ctx).write(`${safeText(text)}\n`);
}

/**
 * A heading built from tenant strings (a user's name can be 10,000 characters): one line, cut to
 * the terminal's width; whole when piped.
 */
export function heading(ctx: Pick<CommandContext, 'global' | 'stdout' | 'stderr'>, text: string): void {
  const stream = humanStream(ctx);
  stream.write(`${fitLine(safeText(text), outputWidth(stream))}\n`);
}

/** A line on stderr, always: notes, progress and warnings never mix with the output. */
export function note(ctx: Pick<CommandContext, 'stderr'>, text: string): void {
  ctx.stderr.write(`${safeText(text)}\n`);
}
