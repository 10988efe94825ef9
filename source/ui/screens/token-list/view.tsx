import {Box, Text, useStdout} from 'ink';
import {useCallback, useEffect, useMemo, useState} from 'react';
import type {QlikToken, QlikUser} from '../../../qlik/types.js';
import {relativeTime} from '../../../text/relative-time.js';
import {displayWidth, truncate} from '../../../text/cell-width.js';
import {safeText} from '../../../text/terminal-safe.js';
import type {TokenTarget} from '../../app-state.js';
import {usedAgo} from '../../token-columns.js';
import type {FlashKind} from '../../components/flash-line.js';
import {throttleSegments, type HeaderInfo} from '../../components/header.js';
import {Line, type Segment} from '../../components/line.js';
import {bodySize, ScreenFrame, type ScreenCommon} from '../../components/screen-frame.js';
import {TextEntry} from '../../components/text-entry.js';
import {describeError} from '../../describe-error.js';
import type {RevokeRequest} from '../../dialogs/confirm/view.js';
import {useKeymap} from '../../hooks/use-keymap.js';
import {useLiveTokens, type LiveStatus} from '../../hooks/use-live-tokens.js';
import {useSyncReducer} from '../../hooks/use-sync-reducer.js';
import {useTerminalSize} from '../../hooks/use-terminal-size.js';
import {useThrottle} from '../../hooks/use-throttle.js';
import {useUserNames} from '../../hooks/use-user-names.js';
import {removedInReadonly, type KeyHandlers, type Keymap} from '../../keymap.js';
import type {RevokeSummary, UiSession} from '../../tenant-session.js';
import {useTheme} from '../../theme.js';
import {
  filterKeymap,
  tokenListKeymap,
  tokenListWatchingKeymap,
  type FilterAction,
  type TokenListAction,
} from './keys.js';
import {
  fillSearchTexts,
  highlighted,
  initialTokenListState,
  revocationTargets,
  SORT_LABELS,
  tokenListReducer,
  visibleRows,
} from './state.js';
import {TokenTable, userLabel} from './token-table.js';
import type {OverviewSnapshot} from '../overview/state.js';

/** How long a token that appeared in a refresh stays marked as new. */
const FRESH_MS = 30_000;
/** Tokens whose search text one slice builds (~5 ms). */
const SEARCH_SLICE = 5000;

export function describeUser(user: QlikUser): string {
  const name = safeText(user.name) || safeText(user.id);
  return user.email ? `${name} <${safeText(user.email)}>` : name;
}

type Props = ScreenCommon & {
  session: UiSession;
  header: HeaderInfo;
  target: TokenTarget;
  /** The app's clock. */
  now: number;
  showFlash: (text: string, kind?: FlashKind) => void;
  onChangeUser: () => void;
  onOpenUser: (user: QlikUser) => void;
  onProfiles: () => void;
  onAudit: () => void;
  /** `o` in the tenant-wide view: the overview of the tokens as listed. */
  onOverview: (snapshot: OverviewSnapshot) => void;
  onMessages: () => void;
  onQuit: () => void;
  onHelp: (title: string, keymap: Keymap) => void;
  onRevoke: (request: RevokeRequest, userId: string | undefined, done: (summary: RevokeSummary) => void) => void;
  /** A watch after `R` runs: esc stops it before it does anything else. */
  watching?: boolean;
  onStopWatch?: () => void;
};

export function TokenListScreen({
  session,
  header,
  target,
  now,
  overlay,
  active,
  flash,
  showFlash,
  onChangeUser,
  onOpenUser,
  onProfiles,
  onAudit,
  onOverview,
  onMessages,
  onQuit,
  onHelp,
  onRevoke,
  watching = false,
  onStopWatch,
}: Props) {
  const theme = useTheme();
  const {columns, rows} = useTerminalSize();
  const {stdout} = useStdout();
  // Title, table header, rows and detail line: the rows get what the frame leaves.
  const tableRows = Math.max(1, bodySize(columns, rows).height - 3);
  const [state, dispatch, stateRef] = useSyncReducer(tokenListReducer, () => initialTokenListState(tableRows));
  const [editingFilter, setEditingFilter] = useSyncReducer(
    (_: boolean, next: boolean) => next,
    () => false,
  );
  const throttle = useThrottle(session);
  const userId = target.kind === 'user' ? target.user.id : undefined;
  const showUser = target.kind === 'all';

  useEffect(() => dispatch({type: 'resize', height: tableRows}), [dispatch, tableRows]);
  // Build the search texts in a quiet moment after each load or sort (~100 ms at 100k tokens), so
  // that the first filter keystroke costs what the others do: in slices, a key waits for one slice.
  useEffect(() => {
    if (state.texts) return;
    const sorted = state.sorted;
    const texts = new Array<string>(sorted.length);
    let next: NodeJS.Immediate | undefined;
    const timer = setTimeout(() => slice(0), 300);
    function slice(from: number) {
      const to = Math.min(sorted.length, from + SEARCH_SLICE);
      fillSearchTexts(sorted, texts, from, to);
      if (to < sorted.length) next = setImmediate(slice, to);
      else dispatch({type: 'prepare-search', built: {sorted, texts}});
    }
    return () => {
      clearTimeout(timer);
      if (next) clearImmediate(next);
    };
  }, [dispatch, state.sorted, state.texts]);
  useEffect(() => {
    if (state.fresh.size > 0) dispatch({type: 'expire-fresh', before: now - FRESH_MS});
  }, [dispatch, now, state.fresh.size]);

  const [live, refreshNow] = useLiveTokens({
    client: session.client,
    userId,
    refreshSeconds: session.refreshSeconds,
    onPartial: (items) => dispatch({type: 'partial', items}),
    onLoaded: (listing, changes) =>
      dispatch({
        type: 'loaded',
        items: listing.items,
        now: Date.now(),
        ...(changes ? {refresh: {listing, changes}} : {}),
      }),
  });

  const {view, top, height} = state;
  // The visible rows' users first, then those of the screenful below and above, and, once listed,
  // of the first and last (g, G): a page move or a jump finds their names known and draws one
  // frame, not ids and then names. Not the ends while listing: each page that arrives changes them,
  // and a large tenant would spend its tier-1 requests on screens nobody looks at.
  const listed = !live.loading;
  const wantedUserIds = useMemo(() => {
    if (!showUser) return [];
    const near = [
      ...visibleRows({view, top, height}),
      ...visibleRows({view, top: top + height, height}),
      ...visibleRows({view, top: Math.max(0, top - height), height}),
      ...(listed
        ? [
            ...visibleRows({view, top: 0, height}),
            ...visibleRows({view, top: Math.max(0, view.length - height), height}),
          ]
        : []),
    ];
    return [...new Set(near.map((token) => token.userId))];
  }, [showUser, view, top, height, listed]);
  const names = useUserNames(session.client, wantedUserIds);
  useEffect(() => {
    if (showUser) dispatch({type: 'names', names});
  }, [dispatch, names, showUser]);

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
    [dispatch, refreshNow],
  );

  const [opening, setOpening] = useState(false);
  const handlers: KeyHandlers<TokenListAction> = {
    up: () => dispatch({type: 'move', by: -1}),
    down: () => dispatch({type: 'move', by: 1}),
    pageUp: () => dispatch({type: 'page', direction: -1}),
    pageDown: () => dispatch({type: 'page', direction: 1}),
    halfUp: () => dispatch({type: 'page', direction: -1, half: true}),
    halfDown: () => dispatch({type: 'page', direction: 1, half: true}),
    top: () => dispatch({type: 'top'}),
    bottom: () => dispatch({type: 'bottom'}),
    open: () => {
      const token = highlighted(stateRef.current);
      if (target.kind === 'user' || !token || opening) return;
      setOpening(true);
      session.client.getUser(token.userId).then(
        (user) => onOpenUser(user),
        (error: unknown) => {
          setOpening(false);
          showFlash(describeError(error), 'error');
        },
      );
    },
    filter: () => setEditingFilter(true),
    sort: () => dispatch({type: 'cycle-sort'}),
    reverse: () => dispatch({type: 'reverse-sort'}),
    mark: () => dispatch({type: 'toggle-mark'}),
    markAll: () => dispatch({type: 'mark-all-shown'}),
    revoke: () => {
      const tokens = revocationTargets(stateRef.current);
      if (tokens.length === 0) return showFlash('Nothing to revoke here.', 'warning');
      onRevoke({scope: 'selected', tokens, owner: ownerOf(tokens)}, userId, finishRevoke);
    },
    revokeAll: () => {
      const current = stateRef.current;
      if (target.kind !== 'user')
        return showFlash('R revokes every token of one user: pick a user first (u).', 'warning');
      if (!current.loaded) return showFlash('Still listing the tokens; try again in a moment.', 'warning');
      if (current.items.length === 0) return showFlash('This user has no tokens.', 'info');
      onRevoke({scope: 'all', tokens: current.sorted, owner: describeUser(target.user)}, userId, finishRevoke);
    },
    refresh: () => {
      refreshNow();
      showFlash('Refreshing…');
    },
    changeUser: onChangeUser,
    copy: () => {
      const token = highlighted(stateRef.current);
      if (!token) return;
      // The real id goes to the clipboard; the screen shows it escaped (an id with an invisible
      // character would otherwise look like another).
      // OSC 52: the terminal (and tmux with set-clipboard on) puts the text on the clipboard.
      // Zero-width and no newline, so Ink's idea of the frame is not disturbed.
      stdout.write(`\u001B]52;c;${Buffer.from(token.id).toString('base64')}\u0007`);
      showFlash(`Copied ${safeText(token.id)} (OSC 52; the terminal must allow clipboard writes).`, 'success');
    },
    audit: onAudit,
    overview: () => {
      const current = stateRef.current;
      if (target.kind === 'user')
        return showFlash('o is the overview of the whole tenant: u, then "all users", then o.', 'warning');
      if (!current.loaded) return showFlash('Still listing the tokens; try again in a moment.', 'warning');
      onOverview({tokens: current.items, names: current.names, listedAt: live.lastRefreshAt ?? Date.now()});
    },
    messages: onMessages,
    back: () => {
      if (watching && onStopWatch) return onStopWatch();
      const current = stateRef.current;
      if (current.filter !== '') return dispatch({type: 'set-filter', filter: ''});
      if (current.marks.size > 0) return dispatch({type: 'clear-marks'});
      onChangeUser();
    },
    help: () => onHelp('token list', tokenListKeymap),
    profiles: onProfiles,
    quit: onQuit,
  };
  const keymap = watching ? tokenListWatchingKeymap : tokenListKeymap;
  // The overview is of the whole tenant: one user's list answers `o` with a pointer to "all users",
  // but does not offer it in the footer.
  const hints = useMemo(() => (showUser ? keymap : keymap.filter((b) => b.action !== 'overview')), [keymap, showUser]);
  useKeymap(keymap, handlers, {
    readonly: session.readonly,
    isActive: active && !editingFilter,
    onOther: (input, key) => {
      // Read-only mode removed d, R and the marks: a key that does nothing must say why.
      if (session.readonly && removedInReadonly(tokenListKeymap, input, key))
        showFlash('read-only: revocation is off (started with --readonly, or a read-only profile).', 'warning');
    },
  });

  const filterHandlers: KeyHandlers<FilterAction> = {
    accept: () => setEditingFilter(false),
    clear: () => {
      dispatch({type: 'set-filter', filter: ''});
      setEditingFilter(false);
    },
    quit: onQuit,
  };
  useKeymap(filterKeymap, filterHandlers, {readonly: false, isActive: active && editingFilter});

  const headerExtra = statusSegments(live, throttle, now, theme);
  const current = highlighted(state);
  const width = bodySize(columns, rows).width;
  // The counts, marks and filter matter more than the owner's email: they come first when cut.
  const facts: Segment[] = [
    {
      text: ` · ${state.view.length === state.items.length ? state.items.length : `${state.view.length}/${state.items.length}`}${live.loading ? '…' : ''}`,
    },
  ];
  if (state.newAbove > 0) facts.push({text: ` · ${state.newAbove} new above ↑`, style: theme.fresh});
  if (state.marks.size > 0) facts.push({text: ` · ${state.marks.size} marked`, style: theme.marked});
  facts.push({text: ` · sort: ${SORT_LABELS[state.sort]}${state.reverse ? ' (reversed)' : ''}`, style: theme.muted});
  const factsWidth = facts.reduce((sum, f) => sum + displayWidth(f.text), 0);
  const owner = target.kind === 'user' ? `Tokens of ${describeUser(target.user)}` : 'All tokens in the tenant';
  const filterShown = editingFilter || state.filter !== '';
  const title: Segment[] = [
    {text: truncate(owner, Math.max(12, width - factsWidth - (filterShown ? 20 : 0))), style: theme.title},
    ...facts,
  ];

  return (
    <ScreenFrame
      header={header}
      headerExtra={headerExtra}
      overlay={overlay}
      flash={flash ?? (live.error ? {text: live.error, kind: 'error', id: -1} : undefined)}
      keymap={editingFilter ? filterKeymap : hints}
      readonly={session.readonly}
    >
      {({width}) => (
        <>
          <Text wrap="truncate-end">
            <Line segments={title} width={width - (filterShown ? 20 : 0)} />
            {filterShown ? (
              <Text>
                <Text {...theme.muted}> filter: </Text>
                <TextEntry
                  value={state.filter}
                  onChange={(filter) => dispatch({type: 'set-filter', filter})}
                  focused={active && editingFilter}
                  width={10}
                />
              </Text>
            ) : null}
          </Text>
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
        </>
      )}
    </ScreenFrame>
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
    // No ticking "2s ago": an idle list must not repaint every second (4 KB/s over SSH). The
    // period stands still; only a list that stopped refreshing says since when.
    const stale = now - live.lastRefreshAt > 3 * live.intervalMs + 5_000;
    out.push({
      text: stale
        ? `↻ stale: last ${relativeTime(new Date(live.lastRefreshAt).toISOString(), now)}`
        : `↻ live, every ${Math.round(live.intervalMs / 1000)}s`,
      style: stale ? theme.warning : theme.muted,
    });
  }
  if (live.slowed) out.push({text: `slowed (${live.pages} pages)`, style: theme.warning});
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
          .replace(/\.\d+Z$/, 'Z')} (${usedAgo(token.lastUsed, now)})`
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
