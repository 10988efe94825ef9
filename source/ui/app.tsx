// The one place that owns which screen and which dialog are up (gemini-cli's DialogManager idea):
// screens ask for a dialog, the app decides, and only the top-most thing hears the keyboard.
import {Box, useApp} from 'ink';
import {useCallback, useEffect, useMemo, useState} from 'react';
import {isQlikError} from '../qlik/errors.js';
import type {QlikUser} from '../qlik/types.js';
import {ConfirmDialog, needsTypedCount, type RevokeRequest} from './components/confirm-dialog.js';
import {useFlash} from './components/flash-line.js';
import type {HeaderInfo} from './components/header.js';
import {HelpOverlay} from './components/help-overlay.js';
import {YesNoDialog} from './components/yes-no-dialog.js';
import {describeError} from './describe-error.js';
import {KeyRouter} from './hooks/key-router.js';
import {useKeymap} from './hooks/use-keymap.js';
import {summarise, useRevoke} from './hooks/use-revoke.js';
import {useClock} from './hooks/use-clock.js';
import {
  confirmBulkHints,
  confirmOneHints,
  confirmRunningHints,
  helpKeymap,
  yesNoKeymap,
  type Keymap,
} from './keymap.js';
import type {OverlaySlot} from './overlay.js';
import type {ProfileService} from './profile-service.js';
import {ProfileFormScreen} from './screens/profile-form.js';
import {ProfilesScreen} from './screens/profiles.js';
import {TokenListScreen, type TokenTarget} from './screens/token-list.js';
import {UserPickerScreen} from './screens/user-picker.js';
import type {RevokeSummary, UiSession} from './session.js';

export type Screen =
  | {name: 'picker'}
  | {name: 'tokens'; target: TokenTarget}
  | {name: 'profiles'}
  | {name: 'form'; mode: 'setup' | 'new' | 'edit'; profile?: string};

type Overlay =
  | {kind: 'help'; title: string; keymap: Keymap}
  | {kind: 'revoke'; request: RevokeRequest; userId: string | undefined; done: (summary: RevokeSummary) => void}
  | {kind: 'yes-no'; question: string; onYes: () => void};

export type AppProps = {
  session: UiSession | undefined;
  profiles: ProfileService | undefined;
  start: Screen;
  /** Why the app opened where it did (e.g. "no profile yet"), shown once. */
  notice?: string;
  /** The initial session's whoami, when the caller started it already; `user` if it has answered. */
  firstWhoami?: {promise: Promise<QlikUser>; user?: QlikUser};
  onExit: (code: number) => void;
};

/** The app, with the one keyboard listener every screen and dialog registers with. */
export function App(props: AppProps) {
  return (
    <KeyRouter>
      <Screens {...props} />
    </KeyRouter>
  );
}

function Screens({session: initialSession, profiles, start, notice, firstWhoami, onExit}: AppProps) {
  const {exit} = useApp();
  const [session, setSession] = useState(initialSession);
  const [screen, setScreen] = useState<Screen>(start);
  const [overlay, setOverlay] = useState<Overlay>();
  const [flash, showFlash] = useFlash();
  // Who this session's client acts as, once whoami answers. Keyed by session, so that a switch shows
  // no stale bot and needs no reset (a reset on mount would cost a render).
  const [botOf, setBotOf] = useState<{session: UiSession; user: QlikUser} | undefined>(() =>
    initialSession && firstWhoami?.user ? {session: initialSession, user: firstWhoami.user} : undefined,
  );
  const bot = botOf && botOf.session === session ? botOf.user : undefined;
  const revoke = useRevoke(session);
  // Ticks the countdowns in the progress line while a revocation runs; idle otherwise, so the
  // whole app does not re-render every second for nothing.
  const now = useClock(1000, revoke.running);
  const [lastTarget, setLastTarget] = useState<TokenTarget>();
  const [lastQuery, setLastQuery] = useState('');

  useEffect(() => {
    if (notice) showFlash(notice, 'warning');
  }, [notice, showFlash]);

  useEffect(() => {
    if (!session) return;
    const first = session === initialSession ? firstWhoami : undefined;
    if (first?.user) return;
    let alive = true;
    (first?.promise ?? session.client.whoami()).then(
      (user) => alive && setBotOf({session, user}),
      // A switch closes the previous client, cancelling its lookups: that is no news.
      (error: unknown) =>
        alive && !(isQlikError(error) && error.kind === 'cancelled') && showFlash(describeError(error), 'error'),
    );
    return () => {
      alive = false;
    };
  }, [session, showFlash, initialSession, firstWhoami]);

  const [quitting, setQuitting] = useState(false);
  const quit = useCallback(() => {
    if (revoke.running) {
      // Leaving mid-revocation: stop sending, let what is in flight finish and reach the audit
      // log, then go. Dropping the client under it would leave outcomes nobody recorded.
      revoke.cancel();
      setQuitting(true);
      showFlash('Stopping: revocations in flight finish and are logged, then qlik-tokens exits…', 'warning');
      return;
    }
    onExit(0);
    exit();
  }, [exit, onExit, revoke, showFlash]);
  useEffect(() => {
    if (quitting && !revoke.running) {
      onExit(0);
      exit();
    }
  }, [quitting, revoke.running, exit, onExit]);

  const header: HeaderInfo = session
    ? {
        profile: session.profile,
        tenantUrl: session.tenantUrl,
        botName: bot?.name,
        readonly: session.readonly,
        demo: session.demo,
      }
    : {profile: 'no profile', tenantUrl: profiles?.path ?? '', readonly: false, demo: false};

  const switchProfile = useCallback(
    (name: string) => {
      if (!profiles) return;
      try {
        const next = profiles.switchTo(name);
        const previous = session;
        setSession(next);
        setLastTarget(undefined);
        setLastQuery('');
        setScreen({name: 'picker'});
        showFlash(`Now on ${name} (${next.tenantUrl})`, 'success');
        if (previous && previous !== next) void previous.client.close().catch(() => {});
      } catch (error) {
        showFlash(describeError(error), 'error');
      }
    },
    [profiles, session, showFlash],
  );

  useKeymap(helpKeymap, (action) => (action === 'quit' ? quit() : setOverlay(undefined)), {
    readonly: false,
    isActive: overlay?.kind === 'help',
  });
  useKeymap(
    yesNoKeymap,
    (action) => {
      const current = overlay;
      setOverlay(undefined);
      if (action === 'yes' && current?.kind === 'yes-no') current.onYes();
    },
    {readonly: false, isActive: overlay?.kind === 'yes-no', onOther: () => setOverlay(undefined)},
  );

  const readonly = session?.readonly ?? false;
  const slot: OverlaySlot | undefined = useMemo(() => {
    if (!overlay) return undefined;
    if (overlay.kind === 'help') {
      return {
        keymap: helpKeymap,
        render: ({width, height}) => (
          <HelpOverlay title={overlay.title} keymap={overlay.keymap} mode={{readonly}} width={width} height={height} />
        ),
      };
    }
    if (overlay.kind === 'yes-no') {
      return {
        keymap: yesNoKeymap,
        render: ({width, height}) => <YesNoDialog question={overlay.question} width={width} height={height} />,
      };
    }
    return {
      keymap: revoke.running
        ? confirmRunningHints
        : needsTypedCount(overlay.request)
          ? confirmBulkHints
          : confirmOneHints,
      render: ({width, height}) => (
        <ConfirmDialog
          request={overlay.request}
          progress={revoke.progress}
          stopping={revoke.stopping}
          width={width}
          height={height}
          isActive
          now={now}
          onCancel={() => {
            if (revoke.running) return revoke.cancel();
            setOverlay(undefined);
            showFlash('Cancelled: nothing was revoked.', 'info');
          }}
          onConfirm={() => {
            const {request, userId, done} = overlay;
            void revoke
              .start({tokenIds: request.tokens.map((t) => t.id), userId, all: request.scope === 'all'})
              .then((summary) => {
                setOverlay(undefined);
                const {text, kind} = summarise(summary);
                showFlash(text, kind);
                done(summary);
              });
          }}
        />
      ),
    };
  }, [overlay, readonly, revoke, showFlash, now]);

  const common = {overlay: slot, isActive: overlay === undefined, flash};

  if (screen.name === 'form' || !session) {
    const mode = screen.name === 'form' ? screen.mode : 'setup';
    return (
      <Box flexDirection="column">
        {profiles ? (
          <ProfileFormScreen
            {...common}
            header={header}
            service={profiles}
            mode={mode}
            editing={screen.name === 'form' ? screen.profile : undefined}
            onSaved={(name) => switchProfile(name)}
            onCancel={() => (session ? setScreen({name: 'profiles'}) : quit())}
            onQuit={quit}
          />
        ) : null}
      </Box>
    );
  }

  if (screen.name === 'profiles') {
    return (
      <ProfilesScreen
        {...common}
        header={header}
        service={profiles}
        showFlash={showFlash}
        onUse={switchProfile}
        onNew={() => setScreen({name: 'form', mode: 'new'})}
        onEdit={(name) => setScreen({name: 'form', mode: 'edit', profile: name})}
        onRemove={(name, removed) =>
          setOverlay({
            kind: 'yes-no',
            question: `Remove the profile ${name}? Its stored secret is deleted; the tenant is not touched.`,
            onYes: removed,
          })
        }
        onBack={() => setScreen(lastTarget ? {name: 'tokens', target: lastTarget} : {name: 'picker'})}
        onHelp={(title, keymap) => setOverlay({kind: 'help', title, keymap})}
        onQuit={quit}
      />
    );
  }

  if (screen.name === 'tokens') {
    return (
      <TokenListScreen
        // A new target (or profile) is a new list: state, refresh loop and names start over.
        key={`${session.profile}:${screen.target.kind === 'user' ? screen.target.user.id : '*'}`}
        {...common}
        session={session}
        header={header}
        target={screen.target}
        showFlash={showFlash}
        onChangeUser={() => setScreen({name: 'picker'})}
        onProfiles={() =>
          profiles
            ? setScreen({name: 'profiles'})
            : showFlash('The demo has no profiles: run qlik-tokens without --demo.', 'info')
        }
        onQuit={quit}
        onHelp={(title, keymap) => setOverlay({kind: 'help', title, keymap})}
        onRevoke={(request, userId, done) => {
          if (session.readonly) return; // the keymap already removed d/R; belt and braces
          setOverlay({kind: 'revoke', request, userId, done});
        }}
      />
    );
  }

  return (
    <UserPickerScreen
      key={session.profile}
      {...common}
      session={session}
      header={header}
      bot={bot}
      canGoBack={lastTarget !== undefined}
      initialQuery={lastQuery}
      onOpen={(target, query) => {
        setLastTarget(target);
        setLastQuery(query);
        setScreen({name: 'tokens', target});
      }}
      onBack={() => lastTarget && setScreen({name: 'tokens', target: lastTarget})}
      onProfiles={() =>
        profiles
          ? setScreen({name: 'profiles'})
          : showFlash('The demo has no profiles: run qlik-tokens without --demo.', 'info')
      }
      onQuit={quit}
    />
  );
}
