// The columns of a token, as data: one list drives the TUI's token table, the confirm dialog and
// the CLI's `tokens list` (source/commands/tokens.ts). Adding a column is one entry here.
// No React: the commands import this module too (the layers allow commands → ui).
import type {QlikToken} from '../qlik/types.js';
import {relativeTime} from '../text/relative-time.js';
import {safeText} from '../text/terminal-safe.js';

/** What a cell may need besides the token. */
export type ColumnContext = {
  now: number;
  /** The owner's display name (the id until the name is known). */
  userName: (userId: string) => string;
  /** One user's tokens, or the whole tenant's (the USER column is only shown there). */
  view: 'user' | 'tenant';
};

export type Column<Row> = {
  id: string;
  title: string;
  /** The text of a cell (made inert by the caller: safeText). */
  value: (row: Row, context: ColumnContext) => string;
  align?: 'left' | 'right';
  /**
   * Width in a fitted table: `fixed` cells (down to `min` when the terminal is narrow, the first
   * to give way being the lowest `yield`), or a `flex` share of what the fixed columns leave.
   */
  width: {fixed: number; min?: number} | {flex: number; min: number; max: number};
  /** The CLI shrinks columns with a higher value first (output.ts); 0 never. */
  shrink: number;
  /** Sortable: what rows are compared by. Text sorts A→Z (empty last), time newest first. */
  sort?:
    {kind: 'text'; key: (row: Row) => string; label: string} | {kind: 'time'; key: (row: Row) => number; label: string};
  /** Shown only in some views. */
  shownIn?: ColumnContext['view'];
};

function timeOf(value: string | null | undefined): number {
  const at = value ? Date.parse(value) : Number.NaN;
  return Number.isNaN(at) ? Number.NEGATIVE_INFINITY : at;
}

/**
 * "3m ago" on the app's clock, which ticks once a second: a token used since the last tick is
 * "0s ago", not "in 1s". A time more than a minute ahead (a tenant's clock) still says "in …".
 */
export function usedAgo(lastUsed: string | null | undefined, now: number): string {
  const at = timeOf(lastUsed);
  if (at > now) return relativeTime(lastUsed, at - now < 60_000 ? at : now);
  // Past a minute the text moves on whole minutes of the clock, all rows in the same frame: an
  // idle list is then redrawn once a minute, not whenever one of its rows crosses its own minute.
  if (now - at < 45_000) return relativeTime(lastUsed, now);
  return relativeTime(lastUsed, Math.max(Math.floor(now / 60_000) * 60_000, at + 45_000));
}

export const TOKEN_COLUMNS: readonly Column<QlikToken>[] = [
  {
    id: 'id',
    title: 'TOKEN ID',
    value: (t) => t.id,
    // The detail line always shows the whole id: on a narrow terminal it is cut first.
    width: {fixed: 24, min: 10},
    shrink: 1,
    sort: {kind: 'text', key: (t) => t.id, label: 'id'},
  },
  {
    id: 'user',
    title: 'USER',
    value: (t, c) => c.userName(t.userId),
    width: {flex: 2, min: 8, max: 40},
    shrink: 2,
    // Grouped by user id, not by name: names arrive only for the rows on screen, and a sort that
    // changed as they arrived would make the rows jump under the cursor while scrolling.
    sort: {kind: 'text', key: (t) => t.userId, label: 'user (grouped)'},
    shownIn: 'tenant',
  },
  {
    id: 'description',
    title: 'DESCRIPTION',
    value: (t) => t.description ?? '',
    width: {flex: 3, min: 8, max: 72},
    shrink: 3,
    sort: {kind: 'text', key: (t) => (t.description ?? '').toLowerCase(), label: 'description'},
  },
  {
    id: 'device',
    title: 'DEVICE',
    value: (t) => t.deviceType ?? '',
    width: {fixed: 8},
    shrink: 2,
    sort: {kind: 'text', key: (t) => (t.deviceType ?? '').toLowerCase(), label: 'device'},
  },
  {
    id: 'lastUsed',
    title: 'LAST USED',
    value: (t, c) => usedAgo(t.lastUsed, c.now),
    align: 'right',
    // "LAST USED▲" when it is the sort column.
    width: {fixed: 10},
    shrink: 0,
    sort: {kind: 'time', key: (t) => timeOf(t.lastUsed), label: 'last used'},
  },
];

export function columnsFor<Row>(columns: readonly Column<Row>[], view: ColumnContext['view']): Column<Row>[] {
  return columns.filter((column) => column.shownIn === undefined || column.shownIn === view);
}

export const DEFAULT_SORT = 'lastUsed';

/** The sortable columns, the default first: what `s` cycles through. */
export function sortColumns<Row>(columns: readonly Column<Row>[]): Column<Row>[] {
  const sortable = columns.filter((column) => column.sort);
  const start = Math.max(
    0,
    sortable.findIndex((column) => column.id === DEFAULT_SORT),
  );
  return [...sortable.slice(start), ...sortable.slice(0, start)];
}

/**
 * Cell widths for a table `width` cells wide with `gap` cells between columns (and `reserved`
 * cells before the first, e.g. the TUI's mark column). Fixed columns keep their width while the
 * flexible ones can have their minimum; then the fixed ones give way down to their `min`.
 */
export function fitColumns<Row>(columns: readonly Column<Row>[], width: number, gap = 1, reserved = 0): number[] {
  const widths = columns.map((column) => ('fixed' in column.width ? column.width.fixed : 0));
  const flexible = columns.map((column, i) => ('flex' in column.width ? i : -1)).filter((i) => i >= 0);
  const room = () => width - reserved - gap * Math.max(0, columns.length - 1) - widths.reduce((a, b) => a + b, 0);
  const wanted = flexible.reduce((sum, i) => sum + (columns[i]!.width as {min: number}).min, 0);
  for (let i = 0; i < columns.length && room() < wanted; i++) {
    const rule = columns[i]!.width;
    if (!('fixed' in rule) || rule.min === undefined) continue;
    widths[i] = Math.max(rule.min, widths[i]! - (wanted - room()));
  }
  let left = Math.max(0, room());
  const weights = flexible.reduce((sum, i) => sum + (columns[i]!.width as {flex: number}).flex, 0);
  // Shares by weight, capped; what a cap leaves goes to the others.
  const order = [...flexible];
  let weightLeft = weights;
  for (const i of order.sort((a, b) => capOf(columns[a]!) - capOf(columns[b]!))) {
    const rule = columns[i]!.width as {flex: number; min: number; max: number};
    const share = weightLeft > 0 ? Math.floor((left * rule.flex) / weightLeft) : 0;
    widths[i] = Math.min(rule.max, Math.max(Math.min(rule.min, left), share));
    left -= widths[i]!;
    weightLeft -= rule.flex;
  }
  return widths;
}

function capOf<Row>(column: Column<Row>): number {
  return 'flex' in column.width ? column.width.max / column.width.flex : Number.POSITIVE_INFINITY;
}

/** A cell's text, inert: tenant strings may hold escapes. An empty optional field shows "—". */
export function cellText<Row>(column: Column<Row>, row: Row, context: ColumnContext): string {
  const text = safeText(column.value(row, context));
  return text === '' && column.id !== 'user' ? '—' : text;
}
