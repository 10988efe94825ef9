import {Box, Text} from 'ink';
import {memo} from 'react';
import type {QlikToken} from '../../qlik/types.js';
import {relativeTime} from '../../text/relative-time.js';
import {fit} from '../../text/cell-width.js';
import {safeText} from '../../text/terminal-safe.js';
import {tokenColumns, type TokenColumns} from '../layout.js';
import {visibleRows, type TokenListState} from '../state/token-list-state.js';
import {useTheme, type TextStyle} from '../theme.js';

export function userLabel(userId: string, names: ReadonlyMap<string, string>): string {
  return safeText(names.get(userId) ?? userId);
}

function rowText(
  token: QlikToken,
  columns: TokenColumns,
  flags: {marked: boolean; fresh: boolean},
  names: ReadonlyMap<string, string>,
  now: number,
): string {
  const marker = `${flags.marked ? '*' : ' '}${flags.fresh ? '+' : ' '}`;
  const cells = [
    fit(marker, columns.marker),
    fit(safeText(token.id), columns.id),
    fit(safeText(token.description) || '—', columns.description),
    fit(safeText(token.deviceType) || '—', columns.device),
    fit(relativeTime(token.lastUsed, now), columns.lastUsed, 'right'),
  ];
  if (columns.user > 0) cells.push(fit(userLabel(token.userId, names), columns.user));
  return cells.join(' ');
}

export function headerText(columns: TokenColumns): string {
  const cells = [
    fit('', columns.marker),
    fit('TOKEN ID', columns.id),
    fit('DESCRIPTION', columns.description),
    fit('DEVICE', columns.device),
    fit('LAST USED', columns.lastUsed, 'right'),
  ];
  if (columns.user > 0) cells.push(fit('USER', columns.user));
  return cells.join(' ');
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
  const columns = tokenColumns(width, showUser);
  const rows = visibleRows(state);
  return (
    <Box flexDirection="column" height={state.height + 1}>
      <Text {...theme.muted} bold wrap="truncate-end">
        {headerText(columns)}
      </Text>
      {rows.map((token, index) => {
        const marked = state.marks.has(token.id);
        const fresh = state.fresh.has(token.id);
        const selected = state.top + index === state.cursor;
        const base: TextStyle = marked ? theme.marked : fresh ? theme.fresh : {};
        const style = selected ? {...base, ...theme.selection} : base;
        return <Row key={token.id} text={rowText(token, columns, {marked, fresh}, state.names, now)} style={style} />;
      })}
    </Box>
  );
}
