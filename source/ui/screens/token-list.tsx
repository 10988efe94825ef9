import {Box, Text, useStdout} from 'ink';
import {useCallback, useEffect, useMemo, useRef, useState} from 'react';
import type {QlikToken, QlikUser} from '../../qlik/types.js';
import {relativeTime} from '../../text/relative-time.js';
import {displayWidth, truncate} from '../../text/cell-width.js';
import {safeText} from '../../text/terminal-safe.js';
import type {RevokeRequest} from '../components/confirm-dialog.js';
import {FlashLine, type Flash, type FlashKind} from '../components/flash-line.js';
import {FooterHints} from '../components/footer-hints.js';
import {Header, throttleSegments, type HeaderInfo} from '../components/header.js';
import {Line, type Segment} from '../components/line.js';
import {TokenTable, userLabel} from '../components/token-table.js';
import {useKeymap} from '../hooks/use-keymap.js';
import {useLiveTokens, type LiveStatus} from '../hooks/use-live-tokens.js';
import {useTerminalSize} from '../hooks/use-terminal-size.js';
import {useUserNames} from '../hooks/use-user-names.js';
import {filterKeymap, tokenListKeymap, type Keymap} from '../keymap.js';
import {footerLines, frameHeight, frameWidth} from '../layout.js';
import type {OverlaySlot} from '../overlay.js';
import type {RevokeSummary, UiSession} from '../session.js';
import {
  highlighted,
  initialTokenListState,
  revocationTargets,
  SORT_LABELS,
  tokenListReducer,
  visibleRows,
} from '../state/token-list-state.js';
import {useTheme} from '../theme.js';
import {useClock} from '../hooks/use-clock.js';
import {useSyncReducer} from '../hooks/use-sync-reducer.js';
import {useThrottle} from '../hooks/use-throttle.js';

export type TokenTarget = {kind: 'user'; user: QlikUser} | {kind: 'all'};

/** How long a token that appeared in a refresh stays marked as new. */
const FRESH_MS = 30_000;

export function describeUser(user: QlikUser): string {
  const name = safeText(user.name) || safeText(user.id);
  return user.email ? `${name} <${safeText(user.email)}>` : name;
}

type Props = {
  session: UiSession;
  header: HeaderInfo;
  target: TokenTarget;
  overlay: OverlaySlot | undefined;
  isActive: boolean;
  flash: Flash | undefined;
  showFlash: (text: string, kind?: FlashKind) => void;
  onChangeUser: () => void;
  onProfiles: () => void;
  onQuit: () => void;
  onHelp: (title: string, keymap: Keymap) => void;
  onRevoke: (request: RevokeRequest, userId: string | undefined, done: (summary: RevokeSummary) => void) => void;
};

export function TokenListScreen({
  session,
  header,
  target,
  overlay,
  isActive,
  flash,
  showFlash,
  onChangeUser,
  onProfiles,
  onQuit,
  onHelp,
  onRevoke,
}: Props) {
  const theme = useTheme();
  const {columns, rows} = useTerminalSize();
  const {stdout} = useStdout();
  const width = frameWidth(columns);
  const footer = footerLines(rows);
  // header, flash and footer around the body; the body holds title, table header, rows and detail.
  const bodyHeight = frameHeight(rows) - 2 - footer;
  const tableRows = Math.max(1, bodyHeight - 3);
  const [state, dispatch, stateRef] = useSyncReducer(tokenListReducer, () => initialTokenListState(tableRows));
  const [editingFilter, setEditingFilterState] = useState(false);
  const editingRef = useRef(false);
  const setEditingFilter = (value: boolean) => {
    editingRef.current = value;
    setEditingFilterState(value);
  };
  const now = useClock(1000);
  const throttle = useThrottle(session);
  const userId = target.kind === 'user' ? target.user.id : undefined;
  const showUser = target.kind === 'all';

  useEffect(() => dispatch({type: 'resize', height: tableRows}), [tableRows]);
  // Build the search texts in a quiet moment after each load or sort (tens of ms at 100k tokens),
  // so that the first filter keystroke costs what the others do.
  useEffect(() => {
    if (state.texts) return;
    const timer = setTimeout(() => dispatch({type: 'prepare-search'}), 300);
    return () => clearTimeout(timer);
  }, [state.sorted, state.texts]);
  useEffect(() => {
    if (state.fresh.size > 0) dispatch({type: 'expire-fresh', before: now - FRESH_MS});
  }, [now, state.fresh.size]);

  const [live, refreshNow] = useLiveTokens({
    client: session.client,
    userId,
    refreshSeconds: session.refreshSeconds,
    onPartial: (items) => dispatch({type: 'partial', items}),
    onLoaded: (items) => dispatch({type: 'loaded', items, now: Date.now()}),
  });

  const visibleUserIds = useMemo(
    () => (showUser ? [...new Set(visibleRows(state).map((token) => token.userId))] : []),
    [showUser, state.view, state.top, state.height],
  );
  const names = useUserNames(session.client, visibleUserIds);
  useEffect(() => {
    if (showUser) dispatch({type: 'names', names});
  }, [names, showUser]);

  const ownerOf = useCallback(
    (tokens: readonly QlikToken[]): string => {
      if (target.kind === 'user') return describeUser(target.user);
      const users = new Set(tokens.map((token) => token.userId));
      if (users.size === 1) return userLabel(tokens[0]!.userId, state.names);
      return `${users.size} users`;
    },
    [target, state.names],
  );

  const finishRevoke = useCallback(
    (summary: RevokeSummary) => {
      const gone = summary.outcomes
        .filter((o) => o.outcome === 'revoked' || o.outcome === 'already-gone')
        .map((o) => o.tokenId);
      dispatch({type: 'removed', ids: gone});
      // What failed or was never tried stays marked: one more d retries exactly those.
      const left = summary.outcomes
        .filter((o) => o.outcome === 'failed' || o.outcome === 'not-tried')
        .map((o) => o.tokenId);
      dispatch({type: 'mark-ids', ids: left});
      refreshNow();
    },
    [refreshNow],
  );

  useKeymap(
    tokenListKeymap,
    (action) => {
      const state = stateRef.current;
      switch (action) {
        case 'up':
          return dispatch({type: 'move', by: -1});
        case 'down':
          return dispatch({type: 'move', by: 1});
        case 'pageUp':
          return dispatch({type: 'page', direction: -1});
        case 'pageDown':
          return dispatch({type: 'page', direction: 1});
        case 'top':
          return dispatch({type: 'top'});
        case 'bottom':
          return dispatch({type: 'bottom'});
        case 'filter':
          return setEditingFilter(true);
        case 'sort':
          return dispatch({type: 'cycle-sort'});
        case 'mark':
          return dispatch({type: 'toggle-mark'});
        case 'markAll':
          return dispatch({type: 'mark-all-shown'});
        case 'revoke': {
          const tokens = revocationTargets(state);
          if (tokens.length === 0) return showFlash('Nothing to revoke here.', 'warning');
          return onRevoke({scope: 'selected', tokens, owner: ownerOf(tokens)}, userId, finishRevoke);
        }
        case 'revokeAll': {
          if (target.kind !== 'user')
            return showFlash('R revokes every token of one user: pick a user first (u).', 'warning');
          if (!state.loaded) return showFlash('Still listing the tokens; try again in a moment.', 'warning');
          if (state.items.length === 0) return showFlash('This user has no tokens.', 'info');
          return onRevoke({scope: 'all', tokens: state.items, owner: describeUser(target.user)}, userId, finishRevoke);
        }
        case 'refresh':
          refreshNow();
          return showFlash('Refreshing…');
        case 'changeUser':
          return onChangeUser();
        case 'copy': {
          const token = highlighted(state);
          if (!token) return;
          const id = safeText(token.id);
          // OSC 52: the terminal (and tmux with set-clipboard on) puts the text on the clipboard.
          // Zero-width and no newline, so Ink's idea of the frame is not disturbed.
          stdout.write(`\u001B]52;c;${Buffer.from(id).toString('base64')}\u0007`);
          return showFlash(`Copied ${id} (OSC 52; the terminal must allow clipboard writes).`, 'success');
        }
        case 'back':
          if (state.filter !== '') return dispatch({type: 'set-filter', filter: ''});
          if (state.marks.size > 0) return dispatch({type: 'clear-marks'});
          return onChangeUser();
        case 'help':
          return onHelp('token list', tokenListKeymap);
        case 'profiles':
          return onProfiles();
        case 'quit':
          return onQuit();
      }
    },
    {
      readonly: session.readonly,
      isActive: isActive && !editingFilter && overlay === undefined,
      // "/abc" in one read: the filter field opened by "/" takes the rest.
      onOther: (input, key) => {
        if (editingRef.current && !key.ctrl && !key.meta && input !== '')
          dispatch({type: 'set-filter', filter: stateRef.current.filter + safeText(input)});
      },
    },
  );

  useKeymap(
    filterKeymap,
    (action) => {
      if (action === 'accept') return setEditingFilter(false);
      if (action === 'clear') {
        dispatch({type: 'set-filter', filter: ''});
        return setEditingFilter(false);
      }
      if (action === 'erase') return dispatch({type: 'set-filter', filter: stateRef.current.filter.slice(0, -1)});
      if (action === 'quit') return onQuit();
    },
    {
      readonly: false,
      isActive: isActive && editingFilter && overlay === undefined,
      onOther: (input, key) => {
        if (key.ctrl || key.meta || input === '') return;
        dispatch({type: 'set-filter', filter: stateRef.current.filter + safeText(input)});
      },
    },
  );

  const headerExtra = statusSegments(live, throttle, now, theme);
  const current = highlighted(state);
  // The counts, marks and filter matter more than the owner's email: they come first when cut.
  const facts: Segment[] = [
    {
      text: ` · ${state.view.length === state.items.length ? state.items.length : `${state.view.length}/${state.items.length}`}${live.loading ? '…' : ''}`,
    },
  ];
  if (state.marks.size > 0) facts.push({text: ` · ${state.marks.size} marked`, style: theme.marked});
  if (editingFilter || state.filter)
    facts.push(
      {text: ' · filter: ', style: theme.muted},
      {text: `${state.filter}${editingFilter ? '▏' : ''}`, style: theme.accent},
    );
  facts.push({text: ` · sort: ${SORT_LABELS[state.sort]}`, style: theme.muted});
  const factsWidth = facts.reduce((sum, f) => sum + displayWidth(f.text), 0);
  const owner = target.kind === 'user' ? `Tokens of ${describeUser(target.user)}` : 'All tokens in the tenant';
  const title: Segment[] = [{text: truncate(owner, Math.max(12, width - factsWidth)), style: theme.title}, ...facts];

  const footerMap = overlay ? overlay.keymap : editingFilter ? filterKeymap : tokenListKeymap;
  return (
    <Box flexDirection="column">
      <Header info={header} extra={headerExtra} width={width} />
      {overlay ? (
        <Box height={bodyHeight + footer - 1} flexDirection="column">
          {overlay.render({width, height: bodyHeight + footer - 1})}
        </Box>
      ) : (
        <Box height={bodyHeight} flexDirection="column">
          <Line segments={title} width={width} />
          {state.view.length === 0 ? (
            <Box height={tableRows + 1} flexDirection="column">
              <Text {...theme.muted}>
                {live.loading
                  ? 'Listing tokens…'
                  : state.filter
                    ? 'No token matches the filter (esc clears it).'
                    : live.error
                      ? ' '
                      : 'No tokens.'}
              </Text>
            </Box>
          ) : (
            <TokenTable state={state} showUser={showUser} width={width} now={now} />
          )}
          <Line segments={detailSegments(current, target, state.names, now, theme)} width={width} />
        </Box>
      )}
      <FlashLine flash={flash ?? (live.error ? {text: live.error, kind: 'error', id: -1} : undefined)} width={width} />
      <FooterHints keymap={footerMap} mode={{readonly: session.readonly}} width={width} lines={overlay ? 1 : footer} />
    </Box>
  );
}

function statusSegments(
  live: LiveStatus,
  throttle: {tier1: number; tier2: number},
  now: number,
  theme: ReturnType<typeof useTheme>,
): Segment[] {
  const out: Segment[] = [];
  // Throttling is news the operator must see: it comes first, where truncation cannot reach it.
  out.push(...throttleSegments(throttle, now, theme.danger));
  if (live.loading) out.push({text: 'listing…', style: theme.muted});
  else if (live.lastRefreshAt !== undefined) {
    const next =
      live.nextRefreshAt !== undefined ? Math.max(0, Math.ceil((live.nextRefreshAt - now) / 1000)) : undefined;
    out.push({
      text: `↻ ${relativeTime(new Date(live.lastRefreshAt).toISOString(), Math.max(now, live.lastRefreshAt))}${live.refreshing ? ', refreshing' : next !== undefined ? `, next ${next}s` : ''}`,
      style: theme.muted,
    });
  }
  if (live.slowed)
    out.push({text: `slowed to ${Math.round(live.intervalMs / 1000)}s (${live.pages} pages)`, style: theme.warning});
  return out;
}

function detailSegments(
  token: QlikToken | undefined,
  target: TokenTarget,
  names: ReadonlyMap<string, string>,
  now: number,
  theme: ReturnType<typeof useTheme>,
): Segment[] {
  if (!token) return [];
  const used =
    token.lastUsed && !Number.isNaN(Date.parse(token.lastUsed))
      ? `${new Date(token.lastUsed)
          .toISOString()
          .replace('T', ' ')
          .replace(/\.\d+Z$/, 'Z')} (${relativeTime(token.lastUsed, now)})`
      : 'never used';
  const user =
    target.kind === 'user'
      ? describeUser(target.user)
      : `${userLabel(token.userId, names)} (${safeText(token.userId)})`;
  return [
    {text: '▸ ', style: theme.accent},
    {text: safeText(token.id), style: theme.accent},
    {text: ` · last used ${used}`},
    {text: ` · ${user}`, style: theme.muted},
  ];
}
