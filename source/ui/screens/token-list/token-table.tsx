import {Box, Text} from 'ink';
import {memo} from 'react';
import type {QlikToken} from '../../../qlik/types.js';
import {fit} from '../../../text/cell-width.js';
import {safeText} from '../../../text/terminal-safe.js';
import {cellText, columnsFor, fitColumns, TOKEN_COLUMNS, type Column, type ColumnContext} from '../../token-columns.js';
import {visibleRows, type TokenListState} from './state.js';
import {useTheme, type TextStyle} from '../../theme.js';

export function userLabel(userId: string, names: ReadonlyMap<string, string>): string {
  return safeText(names.get(userId) ?? userId);
}

/** Mark (*) and new (+) flags before the first column. */
const MARKER = 2;
const GAP = 1;

export type TokenRowLayout = {columns: Column<QlikToken>[]; widths: number[]; context: ColumnContext};

export function tokenRowLayout(width: number, context: ColumnContext, marker = MARKER): TokenRowLayout {
  const columns = columnsFor(TOKEN_COLUMNS, context.view);
  return {columns, widths: fitColumns(columns, width, GAP, marker > 0 ? marker + GAP : 0), context};
}

/** One token as a line of cells: the table's rows and the confirm dialog's list alike. */
export function tokenRowText(token: QlikToken, layout: TokenRowLayout): string {
  return layout.columns
    .map((column, i) => fit(cellText(column, token, layout.context), layout.widths[i]!, column.align ?? 'left'))
    .join(' '.repeat(GAP));
}

/** Column titles; the sort column carries ▲ (A→Z, newest first) or ▼ (reversed). */
export function headerText(layout: TokenRowLayout, sort?: {column: string; reverse: boolean}): string {
  return layout.columns
    .map((column, i) => {
      const title = sort?.column === column.id ? `${column.title}${sort.reverse ? '▼' : '▲'}` : column.title;
      return fit(title, layout.widths[i]!, column.align ?? 'left');
    })
    .join(' '.repeat(GAP));
}

type RowProps = {text: string; style: TextStyle};

// Rows re-render only when their own text or style changes: moving the cursor redraws two rows.
const Row = memo(function Row({text, style}: RowProps) {
  return (
    <Text {...style} wrap="truncate-end">
      {text}
    </Text>
  );
});

/** Draws only the window of the list: work per frame is proportional to the rows on screen. */
export function TokenTable({
  state,
  showUser,
  width,
  now,
}: {
  state: TokenListState;
  showUser: boolean;
  width: number;
  now: number;
}) {
  const theme = useTheme();
  const layout = tokenRowLayout(width, {
    now,
    view: showUser ? 'tenant' : 'user',
    userName: (id) => userLabel(id, state.names),
  });
  const rows = visibleRows(state);
  return (
    <Box flexDirection="column" height={state.height + 1}>
      <Text {...theme.muted} bold wrap="truncate-end">
        {`${' '.repeat(MARKER + GAP)}${headerText(layout, {column: state.sort, reverse: state.reverse})}`}
      </Text>
      {rows.map((token, index) => {
        const marked = state.marks.has(token.id);
        const fresh = state.fresh.has(token.id);
        const selected = state.top + index === state.cursor;
        const base: TextStyle = marked ? theme.marked : fresh ? theme.fresh : {};
        const style = selected ? {...base, ...theme.selection} : base;
        const text = `${marked ? '*' : ' '}${fresh ? '+' : ' '} ${tokenRowText(token, layout)}`;
        return <Row key={token.id} text={text} style={style} />;
      })}
    </Box>
  );
}
