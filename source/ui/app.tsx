// The one place that owns which screen and which dialog are up (gemini-cli's DialogManager idea):
// screens ask for a dialog, the app decides, and only the top-most thing hears the keyboard.
// Where the operator is (the screen, where esc goes back to) is the pure reducer of app-state.ts.
import {Box, useApp} from 'ink';
import {useCallback, useEffect, useMemo, useReducer, useState} from 'react';
import {isQlikError} from '../qlik/errors.js';
import type {QlikUser} from '../qlik/types.js';
import {appReducer, initialAppState, type Screen} from './app-state.js';
import {useFlash, type FlashKind} from './components/flash-line.js';
import type {HeaderInfo} from './components/header.js';
import {overlaySize, type ScreenCommon} from './components/screen-frame.js';
import {describeError} from './describe-error.js';
import {ConfirmDialog, needsTypedCount, type RevokeRequest} from './dialogs/confirm/view.js';
import {confirmBulkHints, confirmOneHints, confirmRunningHints} from './dialogs/confirm/keys.js';
import {HelpOverlay, helpMaxOffset} from './dialogs/help/view.js';
import {helpKeymap, helpKeymapNoScroll, type HelpAction} from './dialogs/help/keys.js';
import {RevokeSummaryDialog, summaryKeymap, summaryWatchKeymap} from './dialogs/revoke-summary/view.js';
import {YesNoDialog} from './dialogs/yes-no/view.js';
import {yesNoKeymap, type YesNoAction} from './dialogs/yes-no/keys.js';
import {KeyRouter} from './hooks/key-router.js';
import {useClock} from './hooks/use-clock.js';
import {useKeymap} from './hooks/use-keymap.js';
import {useTerminalSize} from './hooks/use-terminal-size.js';
import {revokeFlash, useRevoke} from './hooks/use-revoke.js';
import {useWatch, watchHeaderText, type WatchJob} from './hooks/use-watch.js';
import type {KeyHandlers, Keymap} from './keymap.js';
import {useMessageLog} from './message-log.js';
import type {OverlaySlot} from './overlay.js';
import type {ProfileService} from './profile-service.js';
import {AuditScreen} from './screens/audit/view.js';
import {MessagesScreen} from './screens/messages/view.js';
import {OverviewScreen} from './screens/overview/view.js';
import {ProfileFormScreen} from './screens/profile-form/view.js';
import {ProfilesScreen} from './screens/profiles/view.js';
import {TokenListScreen} from './screens/token-list/view.js';
import {UserPickerScreen} from './screens/user-picker/view.js';
import type {RevokeSummary, UiSession} from './tenant-session.js';

export type {Screen, TokenTarget} from './app-state.js';

type Overlay =
  | {kind: 'help'; title: string; keymap: Keymap; offset: number}
  | {kind: 'revoke'; request: RevokeRequest; userId: string | undefined; done: (summary: RevokeSummary) => void}
  /** `watchable`: after `R`, whom `w` keeps watching. */
  | {kind: 'summary'; request: RevokeRequest; summary: RevokeSummary; watchable?: WatchJob}
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
  /** main.tsx asks the app to quit (SIGTERM, SIGHUP) as `q` would: the app registers here. */
  quitRequests?: Set<() => void>;
};

/** The app, with the one keyboard listener every screen and dialog registers with. */
export function App(props: AppProps) {
  return (
    <KeyRouter>
      <Screens {...props} />
    </KeyRouter>
  );
}

const DEMO_HAS_NO_PROFILES = 'The demo has no profiles: run qlik-tokens without --demo.';

function Screens({session: initialSession, profiles, start, notice, firstWhoami, onExit, quitRequests}: AppProps) {
  const {exit} = useApp();
  const [session, setSession] = useState(initialSession);
  const [nav, navigate] = useReducer(appReducer, start, initialAppState);
  const screen = nav.screen;
  const [overlay, setOverlay] = useState<Overlay>();
  const [flash, setFlash] = useFlash();
  const log = useMessageLog();
  // Every flash, error and summary of the session, in full, in the message log (m).
  const showFlash = useCallback(
    (text: string, kind: FlashKind = 'info') => {
      log.add(text, kind);
      setFlash(text, kind);
    },
    [log, setFlash],
  );
  // Who this session's client acts as, once whoami answers. Keyed by session, so that a switch shows
  // no stale bot and needs no reset (a reset on mount would cost a render).
  const [botOf, setBotOf] = useState<{session: UiSession; user: QlikUser} | undefined>(() =>
    initialSession && firstWhoami?.user ? {session: initialSession, user: firstWhoami.user} : undefined,
  );
  const bot = botOf && botOf.session === session ? botOf.user : undefined;
  const revoke = useRevoke(session);
  // The one clock of the app: relative times, countdowns and the confirm dialog all read this.
  // A tick that changes nothing on screen writes nothing (Ink compares the frame).
  const now = useClock(1000);

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

  const watch = useWatch(session, showFlash);
  const [quitting, setQuitting] = useState<number>();
  const leave = useCallback(
    (code: number) => {
      if (watch.running) {
        // The watch too: a late token's DELETE in flight finishes and is logged before the exit.
        watch.stop();
        setQuitting(code);
        if (!revoke.running) showFlash('Stopping the watch, then qlik-tokens exits…', 'warning');
      }
      if (revoke.running) {
        // Leaving mid-revocation: stop sending, let what is in flight finish and reach the audit
        // log, then go. Dropping the client under it would leave outcomes nobody recorded.
        revoke.cancel();
        setQuitting(code);
        showFlash('Stopping: revocations in flight finish and are logged, then qlik-tokens exits…', 'warning');
        return;
      }
      if (watch.running) return;
      onExit(code);
      exit();
    },
    [exit, onExit, revoke, watch, showFlash],
  );
  const quit = useCallback(() => leave(0), [leave]);
  useEffect(() => {
    if (quitting !== undefined && !revoke.running && !watch.running) {
      onExit(quitting);
      exit();
    }
  }, [quitting, revoke.running, watch.running, exit, onExit]);
  useEffect(() => {
    if (!quitRequests) return;
    quitRequests.add(quit);
    return () => {
      quitRequests.delete(quit);
    };
  }, [quitRequests, quit]);

  const header: HeaderInfo = session
    ? {
        profile: session.profile,
        tenantUrl: session.tenantUrl,
        botName: bot?.name,
        readonly: session.readonly,
        demo: session.demo,
        ...(watch.state ? {watch: watchHeaderText(watch.state, now)} : {}),
      }
    : {profile: 'no profile', tenantUrl: profiles?.path ?? '', readonly: false, demo: false};

  const switchProfile = useCallback(
    (name: string, user?: QlikUser) => {
      if (!profiles) return;
      if (session && session.profile === name && !user) return navigate({type: 'back'});
      // The watch runs on this tenant's client, which a switch closes.
      if (watch.running)
        return showFlash('A watch is running on this tenant: stop it first (esc on the token list).', 'warning');
      try {
        // For this run only: a script's later `tokens revoke --all --yes` must not find itself on
        // another tenant because someone looked at it in the UI. `D` makes a profile the default.
        const next = profiles.open(name);
        const previous = session;
        setSession(next);
        if (user) next.rememberUser?.(user);
        navigate({type: 'switched', ...(user ? {target: {kind: 'user', user}} : {})});
        showFlash(
          `Now on ${name} (${next.tenantUrl}) for this session; D on the profiles screen makes it the default.`,
          'success',
        );
        if (previous && previous !== next) void previous.client.close().catch(() => {});
      } catch (error) {
        showFlash(describeError(error), 'error');
      }
    },
    [profiles, session, showFlash, watch.running],
  );

  const showHelp = useCallback(
    (title: string, keymap: Keymap) => setOverlay({kind: 'help', title, keymap, offset: 0}),
    [],
  );
  const toProfiles = useCallback(
    () => (profiles ? navigate({type: 'profiles'}) : showFlash(DEMO_HAS_NO_PROFILES, 'info')),
    [profiles, showFlash],
  );
  const toMessages = useCallback(() => navigate({type: 'messages'}), []);
  const toAudit = useCallback(() => navigate({type: 'audit'}), []);

  // Kept within what the help shows, or ↑ after scrolling past the end would seem dead.
  const terminal = useTerminalSize();
  const scrollHelp = (by: number) =>
    setOverlay((current) => {
      if (current?.kind !== 'help') return current;
      const {width, height} = overlaySize(terminal.columns, terminal.rows);
      const max = helpMaxOffset(current.keymap, {readonly: session?.readonly ?? false}, width, height);
      return {...current, offset: Math.max(0, Math.min(max, current.offset + by))};
    });
  const helpHandlers: KeyHandlers<HelpAction> = {
    close: () => setOverlay(undefined),
    up: () => scrollHelp(-1),
    down: () => scrollHelp(1),
    pageUp: () => scrollHelp(-10),
    pageDown: () => scrollHelp(10),
    quit,
  };
  useKeymap(helpKeymap, helpHandlers, {readonly: false, isActive: overlay?.kind === 'help'});
  const answer = (yes: boolean) => {
    const current = overlay;
    setOverlay(undefined);
    if (yes && current?.kind === 'yes-no') current.onYes();
  };
  const yesNoHandlers: KeyHandlers<YesNoAction> = {yes: () => answer(true), no: () => answer(false)};
  useKeymap(yesNoKeymap, yesNoHandlers, {
    readonly: false,
    isActive: overlay?.kind === 'yes-no',
    onOther: () => answer(false),
  });
  // The summary of a bulk run stays until read: any key closes it (after R, w starts a watch).
  useKeymap(
    overlay?.kind === 'summary' && overlay.watchable ? summaryWatchKeymap : summaryKeymap,
    {
      close: () => setOverlay(undefined),
      watch: () => {
        if (overlay?.kind === 'summary' && overlay.watchable) watch.start(overlay.watchable);
        setOverlay(undefined);
      },
    },
    {
      readonly: session?.readonly ?? false,
      isActive: overlay?.kind === 'summary',
      onOther: () => setOverlay(undefined),
    },
  );

  const readonly = session?.readonly ?? false;
  const slot: OverlaySlot | undefined = useMemo(() => {
    if (!overlay) return undefined;
    if (overlay.kind === 'help') {
      const {width, height} = overlaySize(terminal.columns, terminal.rows);
      return {
        keymap: helpMaxOffset(overlay.keymap, {readonly}, width, height) > 0 ? helpKeymap : helpKeymapNoScroll,
        render: ({width, height}) => (
          <HelpOverlay
            title={overlay.title}
            keymap={overlay.keymap}
            mode={{readonly}}
            width={width}
            height={height}
            offset={overlay.offset}
          />
        ),
      };
    }
    if (overlay.kind === 'yes-no') {
      return {
        keymap: yesNoKeymap,
        render: ({width, height}) => <YesNoDialog question={overlay.question} width={width} height={height} />,
      };
    }
    if (overlay.kind === 'summary') {
      return {
        keymap: overlay.watchable ? summaryWatchKeymap : summaryKeymap,
        render: ({width, height}) => (
          <RevokeSummaryDialog
            request={overlay.request}
            summary={overlay.summary}
            width={width}
            height={height}
            {...(overlay.watchable ? {watchOffer: overlay.watchable.label} : {})}
          />
        ),
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
          view={overlay.userId === undefined ? 'tenant' : 'user'}
          onCancel={() => {
            if (revoke.running) return revoke.cancel();
            setOverlay(undefined);
            showFlash('Cancelled: nothing was revoked.', 'info');
          }}
          onConfirm={() => {
            const {request, userId, done} = overlay;
            void revoke
              .start({
                tokens: request.tokens.map((t) => ({id: t.id, userId: t.userId})),
                userId,
                all: request.scope === 'all',
                confirmed: request.tokens.length,
              })
              .then((summary) => {
                const {text, kind} = revokeFlash(summary);
                showFlash(text, kind);
                // A bulk run ends on its summary table; one token on the flash line alone. After R
                // (every token of one user) the table offers to keep watching the user.
                const watchable: WatchJob | undefined =
                  request.scope === 'all' && userId !== undefined && session?.watch && !watch.running
                    ? {
                        userId,
                        // The name: the header has room for little more than that and the countdown.
                        label: request.owner.replace(/ <[^<>]*>$/, ''),
                        known: summary.outcomes.map((o) => o.tokenId),
                      }
                    : undefined;
                setOverlay(
                  needsTypedCount(request)
                    ? {kind: 'summary', request, summary, ...(watchable ? {watchable} : {})}
                    : undefined,
                );
                done(summary);
              });
          }}
        />
      ),
    };
  }, [overlay, readonly, revoke, showFlash, now, session, watch, terminal.columns, terminal.rows]);

  const common: ScreenCommon = {overlay: slot, active: overlay === undefined, flash};

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
            onSaved={(name) => {
              // The first profile is the default already (the store makes it so); a switch is for this run.
              if (!session) {
                try {
                  const next = profiles.open(name);
                  setSession(next);
                  navigate({type: 'switched'});
                  showFlash(`Saved ${name} (${next.tenantUrl}).`, 'success');
                } catch (error) {
                  showFlash(describeError(error), 'error');
                }
                return;
              }
              if (mode === 'new') return switchProfile(name);
              showFlash(`Saved ${name}.`, 'success');
              navigate({type: 'form-done'});
            }}
            // Esc in the first-run setup: cancelled, exit 2, as documented.
            onCancel={() => (session ? navigate({type: 'form-done'}) : leave(2))}
            onHelp={showHelp}
            onQuit={() => leave(session ? 0 : 2)}
          />
        ) : null}
      </Box>
    );
  }

  if (screen.name === 'messages') {
    return (
      <MessagesScreen
        {...common}
        header={header}
        messages={log.messages}
        onBack={() => navigate({type: 'back'})}
        onHelp={showHelp}
        onQuit={quit}
      />
    );
  }

  if (screen.name === 'audit') {
    return (
      <AuditScreen
        {...common}
        session={session}
        header={header}
        now={now}
        onBack={() => navigate({type: 'back'})}
        onHelp={showHelp}
        onMessages={toMessages}
        onQuit={quit}
        showFlash={showFlash}
      />
    );
  }

  if (screen.name === 'overview') {
    return (
      <OverviewScreen
        {...common}
        session={session}
        header={header}
        snapshot={screen.snapshot}
        showFlash={showFlash}
        onOpenUser={(user) => {
          session.rememberUser?.(user);
          navigate({type: 'open-tokens', target: {kind: 'user', user}});
        }}
        onBack={() => navigate({type: 'back'})}
        onMessages={toMessages}
        onProfiles={toProfiles}
        onQuit={quit}
        onHelp={showHelp}
      />
    );
  }

  if (screen.name === 'profiles') {
    return (
      <ProfilesScreen
        {...common}
        header={header}
        service={profiles}
        inUse={session.profile}
        showFlash={showFlash}
        onUse={switchProfile}
        onNew={() => navigate({type: 'form', mode: 'new'})}
        onEdit={(name) => navigate({type: 'form', mode: 'edit', profile: name})}
        onRemove={(name, removed) =>
          name === session.profile
            ? showFlash(`${name} is in use: switch to another profile first.`, 'warning')
            : setOverlay({
                kind: 'yes-no',
                question: `Remove the profile ${name}? Its stored secret is deleted; the tenant is not touched.`,
                onYes: removed,
              })
        }
        onBack={() => navigate({type: 'back'})}
        onHelp={showHelp}
        onMessages={toMessages}
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
        now={now}
        showFlash={showFlash}
        onChangeUser={() => navigate({type: 'change-user'})}
        onOpenUser={(user) => {
          session.rememberUser?.(user);
          navigate({type: 'open-tokens', target: {kind: 'user', user}});
        }}
        onProfiles={toProfiles}
        onAudit={toAudit}
        onOverview={(snapshot) => navigate({type: 'overview', snapshot})}
        onMessages={toMessages}
        onQuit={quit}
        onHelp={showHelp}
        watching={watch.running}
        onStopWatch={watch.stop}
        onRevoke={(request, userId, done) => {
          if (session.readonly) return; // the screen says so; belt and braces
          setOverlay({kind: 'revoke', request, userId, done});
        }}
      />
    );
  }

  return (
    <UserPickerScreen
      key={`${session.profile}:${nav.pickerGeneration}`}
      {...common}
      session={session}
      header={header}
      bot={bot}
      now={now}
      canGoBack={nav.lastTarget !== undefined}
      onOpen={(target) => navigate({type: 'open-tokens', target})}
      searchEverywhere={profiles?.searchEverywhere}
      onOpenElsewhere={switchProfile}
      showFlash={showFlash}
      onBack={() => navigate({type: 'back'})}
      onProfiles={toProfiles}
      onMessages={toMessages}
      onHelp={showHelp}
      onQuit={quit}
    />
  );
}
