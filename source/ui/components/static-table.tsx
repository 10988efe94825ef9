// The static tables (profiles, a bulk revocation's summary) are ink-table's, in
// its ESM build (@alcalzone/ink-table: the published ink-table 3.1.0 does not load under Ink 6).
// Two things it does not do are done here: it never cuts a cell (so cells arrive cut to their
// width, and made inert), and it draws every row it is given (so it is given the rows that fit:
// a bordered table takes 3 lines plus 2 per row). Its header and border components go through the
// theme: its defaults colour with chalk, which ignores NO_COLOR.
import {Table, type CellProps} from '@alcalzone/ink-table';
import {Text} from 'ink';
import type {PropsWithChildren} from 'react';
import {truncate} from '../../text/cell-width.js';
import {safeText} from '../../text/terminal-safe.js';
import {useTheme} from '../theme.js';

export type StaticColumn = {key: string; max: number; align?: 'left' | 'right'};

/** Lines a bordered table of `rows` rows takes. */
export function tableLines(rows: number): number {
  return rows === 0 ? 3 : 3 + 2 * rows;
}

/** How many rows fit in `lines` lines. */
export function rowsThatFit(lines: number): number {
  return Math.max(0, Math.floor((lines - 3) / 2));
}

export function StaticTable({
  columns,
  rows,
  width,
}: {
  columns: readonly StaticColumn[];
  rows: ReadonlyArray<Record<string, string>>;
  width: number;
}) {
  const theme = useTheme();
  // Every column gets its cap, then all give way together until the borders fit the width.
  const caps = columns.map((column) => column.max);
  const natural = columns.map((column, i) =>
    Math.min(caps[i]!, Math.max(column.key.length, ...rows.map((row) => safeText(row[column.key] ?? '').length))),
  );
  const frame = () => natural.reduce((sum, w) => sum + w + 3, 1);
  while (frame() > width && natural.some((w) => w > 4)) {
    const widest = natural.indexOf(Math.max(...natural));
    natural[widest] = natural[widest]! - 1;
  }
  const data = rows.map((row) =>
    Object.fromEntries(
      columns.map((column, i) => [column.key, truncate(safeText(row[column.key] ?? ''), natural[i]!)]),
    ),
  );
  const Header = ({children}: PropsWithChildren) => <Text {...theme.title}>{children}</Text>;
  const Cell = ({children}: CellProps) => <Text>{children}</Text>;
  const Skeleton = ({children}: PropsWithChildren) => <Text {...theme.muted}>{children}</Text>;
  return (
    <Table
      data={data}
      columns={columns.map((column) => ({key: column.key, align: column.align ?? 'left'}))}
      header={Header}
      cell={Cell}
      skeleton={Skeleton}
    />
  );
}
