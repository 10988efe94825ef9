import {Text} from 'ink';
import {useMemo} from 'react';
import type {QlikUser} from '../../../qlik/types.js';
import {fit} from '../../../text/cell-width.js';
import {safeText} from '../../../text/terminal-safe.js';
import {throttleSegments, type HeaderInfo} from '../../components/header.js';
import {Line} from '../../components/line.js';
import {ScreenFrame, type ScreenCommon} from '../../components/screen-frame.js';
import {TextEntry} from '../../components/text-entry.js';
import {useKeymap} from '../../hooks/use-keymap.js';
import {useSyncReducer} from '../../hooks/use-sync-reducer.js';
import {useThrottle} from '../../hooks/use-throttle.js';
import type {KeyHandlers, Keymap} from '../../keymap.js';
import type {TokenTarget} from '../../app-state.js';
import type {FlashKind} from '../../components/flash-line.js';
import type {ProfileService} from '../../profile-service.js';
import type {RecentUser, UiSession} from '../../tenant-session.js';
import {useTheme} from '../../theme.js';
import {userPickerKeymap, type UserPickerAction} from './keys.js';
import {
  answered,
  clampCursor,
  initialUserPickerState,
  onEnter,
  pickerEntries,
  userPickerReducer,
  type PickerEntry,
  type UserPickerState,
} from './state.js';
import {useUserSearch, type EverywhereAnswer} from './use-user-search.js';

type Props = ScreenCommon & {
  session: UiSession;
  /** Every stored profile's search (ctrl-t); undefined without profiles (the demo). */
  searchEverywhere: ProfileService['searchEverywhere'] | undefined;
  /** A match of another profile: switch the session to it and open the user. */
  onOpenElsewhere: (profile: string, user: QlikUser) => void;
  showFlash: (text: string, kind?: FlashKind) => void;
  header: HeaderInfo;
  bot: QlikUser | undefined;
  now: number;
  canGoBack: boolean;
  onOpen: (target: TokenTarget) => void;
  onBack: () => void;
  onProfiles: () => void;
  onMessages: () => void;
  onHelp: (title: string, keymap: Keymap) => void;
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
          entry.profile === undefined ? '' : `[${safeText(entry.profile)}]`,
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
  searchEverywhere,
  onOpenElsewhere,
  showFlash,
  header,
  bot,
  now,
  overlay,
  active,
  flash,
  canGoBack,
  onOpen,
  onBack,
  onProfiles,
  onMessages,
  onHelp,
  onQuit,
}: Props) {
  const theme = useTheme();
  const throttle = useThrottle(session);
  // Always a new, empty search (`u` from a list too): the last user is in the recent ones.
  const [state, dispatch, stateRef] = useSyncReducer(userPickerReducer, initialUserPickerState);
  const everywhere = useMemo(
    () =>
      state.everywhere && searchEverywhere
        ? async (query: string, signal: AbortSignal): Promise<EverywhereAnswer> => {
            const answers = await searchEverywhere(query, {signal, limit: 50, except: session.profile});
            return {
              elsewhere: answers.flatMap((a) =>
                'users' in a ? a.users.map((user) => ({profile: a.profile, user})) : [],
              ),
              failed: answers.flatMap((a) => ('error' in a ? [{profile: a.profile, error: a.error}] : [])),
            };
          }
        : undefined,
    [state.everywhere, searchEverywhere, session.profile],
  );
  const slow = useUserSearch({
    client: session.client,
    query: state.query,
    everywhere,
    onResults: (query, users, others) => {
      dispatch({type: 'results', query, users, ...(others ? {everywhere: others} : {})});
      if (stateRef.current.openOnAnswer) enter(stateRef.current);
    },
    onError: (query, error, all) => dispatch({type: 'failed', query, error, everywhere: all}),
  });
  const entries = pickerEntries(state, session.recentUsers);
  const cursor = clampCursor(state.cursor, entries.length);

  const open = (entry: PickerEntry) => {
    if (entry.kind === 'all') return onOpen({kind: 'all'});
    if (entry.kind === 'me') {
      if (bot) return onOpen({kind: 'user', user: bot});
      return;
    }
    if (entry.kind === 'user' && entry.profile !== undefined) return onOpenElsewhere(entry.profile, entry.user);
    const user = entry.kind === 'user' ? entry.user : recentAsUser(entry.recent);
    session.rememberUser?.(user);
    onOpen({kind: 'user', user});
  };

  const enter = (current: UserPickerState) => {
    const outcome = onEnter(current, session.recentUsers);
    if (outcome.kind === 'wait') return dispatch({type: 'wait-to-open'});
    dispatch({type: 'opened'});
    if (outcome.kind === 'open') open(outcome.entry);
  };

  const move = (by: number) => {
    const current = stateRef.current;
    const list = pickerEntries(current, session.recentUsers);
    const at = clampCursor(current.cursor, list.length);
    dispatch({type: 'move', by: clampCursor(at + by, list.length) - current.cursor});
  };
  const handlers: KeyHandlers<UserPickerAction> = {
    up: () => move(-1),
    down: () => move(1),
    open: () => enter(stateRef.current),
    back: () => {
      if (stateRef.current.query !== '') return dispatch({type: 'typed', query: ''});
      if (canGoBack) onBack();
    },
    everywhere: () => {
      if (!searchEverywhere) return showFlash('The demo has no profiles to search: run qlik-tokens without --demo.');
      dispatch({type: 'scope', everywhere: !stateRef.current.everywhere});
    },
    profiles: onProfiles,
    messages: onMessages,
    help: () => onHelp('user picker', userPickerKeymap),
    quit: onQuit,
  };
  useKeymap(userPickerKeymap, handlers, {readonly: session.readonly, isActive: active});

  const typed = state.query.trim();
  const found = state.results.length + state.elsewhere.length;
  const profilesFound = new Set([
    ...(state.results.length > 0 ? [session.profile] : []),
    ...state.elsewhere.map((m) => m.profile),
  ]).size;
  const where = state.everywhere ? ` on ${profilesFound} profile${profilesFound === 1 ? '' : 's'}` : '';
  const failedProfiles =
    state.failed.length === 0
      ? ''
      : ` · ${state.failed.map((f) => `${safeText(f.profile)} failed: ${f.error}`).join(' · ')}`;
  const status = state.error
    ? state.error
    : state.openOnAnswer
      ? `searching for "${safeText(typed)}"… enter opens its top match when the answer comes`
      : slow
        ? 'searching…'
        : typed === ''
          ? state.everywhere
            ? 'Every profile: type part of a name, email or subject, or paste a user ID (ctrl-t: this profile only).'
            : 'Type part of a name, email or subject, or paste a user ID.'
          : answered(state)
            ? found === 0
              ? `No user matches "${safeText(typed)}"${state.everywhere ? ' on any profile' : ''}: enter opens nobody.${failedProfiles}`
              : `${found}${state.results.length >= 50 ? '+' : ''} found${where}${failedProfiles}`
            : ' ';
  const prompt = state.everywhere ? 'Find user (all profiles): ' : 'Find user: ';

  return (
    <ScreenFrame
      header={header}
      headerExtra={throttleSegments(throttle, now, theme.danger)}
      overlay={overlay}
      flash={flash}
      keymap={userPickerKeymap}
      readonly={session.readonly}
    >
      {({width, height}) => {
        // Prompt line, status line, then the list.
        const listHeight = Math.max(1, height - 3);
        const top = Math.max(0, Math.min(cursor - listHeight + 1, entries.length - listHeight));
        const shown = entries.slice(top, top + listHeight);
        const mainWidth = Math.min(36, Math.floor(width * 0.45));
        return (
          <>
            <Text wrap="truncate-end">
              <Text {...theme.title}>{prompt}</Text>
              <TextEntry
                value={state.query}
                onChange={(query) => dispatch({type: 'typed', query})}
                focused={active}
                width={width - prompt.length}
              />
            </Text>
            <Line width={width} segments={[{text: status, style: state.error ? theme.danger : theme.muted}]} />
            <Text> </Text>
            {shown.map((entry, index) => {
              const {main, side} = entryText(entry, bot);
              const selected = top + index === cursor;
              const text = `${selected ? '›' : ' '} ${fit(main, mainWidth)}  ${side}`;
              return (
                <Text
                  key={
                    entry.kind === 'user'
                      ? `${entry.profile ?? ''}:${entry.user.id}`
                      : entry.kind === 'recent'
                        ? `r${entry.recent.id}`
                        : entry.kind
                  }
                  {...(selected ? theme.selection : entry.kind === 'me' || entry.kind === 'all' ? theme.accent : {})}
                  wrap="truncate-end"
                >
                  {fit(text, width)}
                </Text>
              );
            })}
          </>
        );
      }}
    </ScreenFrame>
  );
}
