import {Box, Text} from 'ink';
import {useSyncReducer} from '../hooks/use-sync-reducer.js';
import type {QlikUser} from '../../qlik/types.js';
import {fit} from '../../text/cell-width.js';
import {safeText} from '../../text/terminal-safe.js';
import {FlashLine, type Flash} from '../components/flash-line.js';
import {FooterHints} from '../components/footer-hints.js';
import {Header, throttleSegments, type HeaderInfo} from '../components/header.js';
import {useClock} from '../hooks/use-clock.js';
import {useThrottle} from '../hooks/use-throttle.js';
import {Line} from '../components/line.js';
import {useKeymap} from '../hooks/use-keymap.js';
import {useTerminalSize} from '../hooks/use-terminal-size.js';
import {useUserSearch} from '../hooks/use-user-search.js';
import {userPickerKeymap} from '../keymap.js';
import {footerLines, frameHeight, frameWidth} from '../layout.js';
import type {OverlaySlot} from '../overlay.js';
import type {RecentUser, UiSession} from '../session.js';
import {
  clampCursor,
  initialUserPickerState,
  pickerEntries,
  userPickerReducer,
  type PickerEntry,
} from '../state/user-picker-state.js';
import {useTheme} from '../theme.js';
import type {TokenTarget} from './token-list.js';

type Props = {
  session: UiSession;
  header: HeaderInfo;
  bot: QlikUser | undefined;
  overlay: OverlaySlot | undefined;
  isActive: boolean;
  flash: Flash | undefined;
  canGoBack: boolean;
  /** The search the operator last opened a user from: `u` comes back to it. */
  initialQuery: string;
  onOpen: (target: TokenTarget, query: string) => void;
  onBack: () => void;
  onProfiles: () => void;
  onQuit: () => void;
};

function recentAsUser(recent: RecentUser): QlikUser {
  return {id: recent.id, name: recent.name ?? recent.id, email: recent.email, subject: '', tenantId: ''};
}

function entryText(entry: PickerEntry, bot: QlikUser | undefined): {main: string; side: string} {
  switch (entry.kind) {
    case 'me':
      return {
        main: 'me (this client)',
        side: bot ? `${safeText(bot.name)} · ${safeText(bot.subject)}` : 'the bot user of this OAuth client',
      };
    case 'all':
      return {main: 'all users', side: 'every token in the tenant'};
    case 'recent':
      return {
        main: safeText(entry.recent.name ?? entry.recent.id),
        side: `${safeText(entry.recent.email ?? '')}  recent`,
      };
    case 'user':
      return {
        main: safeText(entry.user.name) || safeText(entry.user.id),
        side: [
          safeText(entry.user.email ?? ''),
          entry.user.status && entry.user.status !== 'active' ? safeText(entry.user.status) : '',
          entry.recent ? 'recent' : '',
        ]
          .filter(Boolean)
          .join('  '),
      };
  }
}

export function UserPickerScreen({
  session,
  header,
  bot,
  overlay,
  isActive,
  flash,
  canGoBack,
  initialQuery,
  onOpen,
  onBack,
  onProfiles,
  onQuit,
}: Props) {
  const theme = useTheme();
  const {columns, rows} = useTerminalSize();
  const width = frameWidth(columns);
  const footer = footerLines(rows);
  const bodyHeight = frameHeight(rows) - 2 - footer;
  const throttle = useThrottle(session);
  const now = useClock(1000);
  const [state, dispatch, stateRef] = useSyncReducer(userPickerReducer, () =>
    userPickerReducer(initialUserPickerState(), {type: 'typed', query: initialQuery}),
  );
  const slow = useUserSearch({
    client: session.client,
    query: state.query,
    onResults: (query, users) => dispatch({type: 'results', query, users}),
    onError: (query, error) => dispatch({type: 'failed', query, error}),
  });
  const entries = pickerEntries(state, session.recentUsers);
  const cursor = clampCursor(state.cursor, entries.length);

  const open = (entry: PickerEntry | undefined) => {
    if (!entry) return;
    const query = stateRef.current.query;
    if (entry.kind === 'all') return onOpen({kind: 'all'}, query);
    if (entry.kind === 'me') {
      if (bot) return onOpen({kind: 'user', user: bot}, query);
      return;
    }
    const user = entry.kind === 'user' ? entry.user : recentAsUser(entry.recent);
    session.rememberUser?.(user);
    onOpen({kind: 'user', user}, query);
  };

  useKeymap(
    userPickerKeymap,
    (action) => {
      // Keys of one read arrive before the next render: work on the state as it is now.
      const state = stateRef.current;
      const entries = pickerEntries(state, session.recentUsers);
      const cursor = clampCursor(state.cursor, entries.length);
      const pending = state.query.trim() !== '' && state.answered !== state.query;
      switch (action) {
        case 'up':
          return dispatch({type: 'move', by: clampCursor(cursor - 1, entries.length) - state.cursor});
        case 'down':
          return dispatch({type: 'move', by: clampCursor(cursor + 1, entries.length) - state.cursor});
        case 'open':
          if (pending && entries[cursor]?.kind !== 'user') return; // an answer is on its way
          return open(entries[cursor]);
        case 'back':
          if (state.query !== '') return dispatch({type: 'typed', query: ''});
          if (canGoBack) return onBack();
          return;
        case 'erase':
          return dispatch({type: 'typed', query: state.query.slice(0, -1)});
        case 'clear':
          return dispatch({type: 'typed', query: ''});
        case 'profiles':
          return onProfiles();
        case 'quit':
          return onQuit();
      }
    },
    {
      readonly: session.readonly,
      isActive: isActive && overlay === undefined,
      onOther: (input, key) => {
        if (key.ctrl || key.meta || input === '') return;
        // A pasted ID arrives as one chunk; newlines in it must not become part of the query.
        dispatch({type: 'typed', query: (stateRef.current.query + safeText(input)).trimStart().slice(0, 200)});
      },
    },
  );

  // Prompt line, status line, then the list.
  const listHeight = Math.max(1, bodyHeight - 3);
  const top = Math.max(0, Math.min(cursor - listHeight + 1, entries.length - listHeight));
  const shown = entries.slice(Math.max(0, top), Math.max(0, top) + listHeight);
  const mainWidth = Math.min(36, Math.floor(width * 0.45));
  const status = state.error
    ? state.error
    : slow
      ? 'searching…'
      : state.query.trim() === ''
        ? 'Type part of a name, email or subject, or paste a user ID.'
        : state.answered === state.query
          ? `${state.results.length === 0 ? 'No user matches' : `${state.results.length}${state.results.length >= 50 ? '+' : ''} found`}`
          : ' ';

  return (
    <Box flexDirection="column">
      <Header info={header} extra={throttleSegments(throttle, now, theme.danger)} width={width} />
      {overlay ? (
        <Box height={bodyHeight + footer - 1} flexDirection="column">
          {overlay.render({width, height: bodyHeight + footer - 1})}
        </Box>
      ) : (
        <Box height={bodyHeight} flexDirection="column">
          <Line
            width={width}
            segments={[
              {text: 'Find user: ', style: theme.title},
              {text: state.query, style: theme.accent},
              {text: '▏', style: theme.muted},
            ]}
          />
          <Line width={width} segments={[{text: status, style: state.error ? theme.danger : theme.muted}]} />
          <Text> </Text>
          {shown.map((entry, index) => {
            const {main, side} = entryText(entry, bot);
            const selected = Math.max(0, top) + index === cursor;
            const text = `${selected ? '›' : ' '} ${fit(main, mainWidth)}  ${side}`;
            return (
              <Text
                key={
                  entry.kind === 'user' ? entry.user.id : entry.kind === 'recent' ? `r${entry.recent.id}` : entry.kind
                }
                {...(selected ? theme.selection : entry.kind === 'me' || entry.kind === 'all' ? theme.accent : {})}
                wrap="truncate-end"
              >
                {fit(text, width)}
              </Text>
            );
          })}
        </Box>
      )}
      <FlashLine flash={flash} width={width} />
      <FooterHints
        keymap={overlay ? overlay.keymap : userPickerKeymap}
        mode={{readonly: session.readonly}}
        width={width}
        lines={overlay ? 1 : footer}
      />
    </Box>
  );
}
