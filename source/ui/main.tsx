// Entry of the interactive UI (cli.tsx loads it on demand; when built, from dist/tui.cjs through
// launch.ts): builds the session — the demo tenant, a profile, or the environment — renders <App>,
// and returns the exit code.
import {render} from 'ink';
import {ProfileStoreError} from '../profiles/errors.js';
import {safeMessage} from '../text/terminal-safe.js';
import {App} from './app.js';
import {KeyStream} from './input/key-stream.js';
import {KeyStreamContext} from './input/key-stream-context.js';
import {enterFullScreen} from './full-screen.js';
import {describeError} from './describe-error.js';
import type {Started} from './profile-mode.js';
import type {TuiFlags} from './tenant-session.js';
import {pickTheme, ThemeContext} from './theme.js';

/** The longest the first frame waits for the bot user: short enough to go unnoticed. */
const FIRST_FRAME_HOLD_MS = 50;

/** The promise's value if it fulfils within `ms`, else undefined (a rejection too). */
function settledWithin<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise.then(
      (value) => value,
      () => undefined,
    ),
    new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

export type RunTuiOptions = {global: TuiFlags; env: NodeJS.ProcessEnv};

export async function runTui({global, env}: RunTuiOptions): Promise<number> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    process.stderr.write(
      'qlik-tokens: the interactive UI needs a terminal. For scripts use the commands (qlik-tokens --help).\n',
    );
    return 2;
  }
  let started: Started;
  try {
    if (global.demo) {
      const {startDemo} = await import('./demo.js');
      const demo = await startDemo(global);
      started = {session: demo.session, profiles: undefined, start: {name: 'picker'}, stop: demo.stop};
    } else {
      // Loaded here, not above: the demo never opens the profile store (conf, its schema validator
      // and their 450 kB of code).
      const [{openProfileStore}, {profileMode}] = await Promise.all([
        import('../profiles/store.js'),
        import('./profile-mode.js'),
      ]);
      const store = openProfileStore({env, onWarning: (message) => process.stderr.write(`${message}\n`)});
      started = profileMode(global, env, store);
    }
  } catch (error) {
    if (error instanceof ProfileStoreError) {
      // It may quote what was typed (--profile NAME) or a path: inert, like every command's errors.
      process.stderr.write(`qlik-tokens: ${safeMessage(error.message)}\n`);
      return error.kind === 'unknown-profile' ? 2 : 1;
    }
    process.stderr.write(`qlik-tokens: ${describeError(error)}\n`);
    return 1;
  }

  // The bot user is in the header. Asked for now, and awaited a moment, a fast tenant's (and the
  // demo's) first frame is complete instead of drawn twice in quick succession; a slower answer
  // fills the header in when it comes, and a failure is reported by the App.
  const whoami = started.session?.client.whoami();
  whoami?.catch(() => {});
  const firstWhoami = whoami && {promise: whoami, user: await settledWithin(whoami, FIRST_FRAME_HOLD_MS)};

  let code = 0;
  const theme = pickTheme(env, process.stdout);
  const keys = new KeyStream(process.stdin);
  keys.start();
  // The alternate screen: the shell's screen comes back as it was on every way out, signals too.
  const screen = enterFullScreen(process.stdout);
  const quitRequests = new Set<() => void>();
  let signalled: number | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    // An SSH drop (SIGHUP) or a kill (SIGTERM): leave as q does, so that a running revocation
    // stops sending, what is in flight reaches the audit log, and the demo's files are removed.
    signalled ??= signal === 'SIGHUP' ? 129 : 143;
    if (quitRequests.size === 0) return void instance.unmount();
    for (const quit of quitRequests) quit();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);
  // After an SSH drop the terminal is gone and a write fails (EIO): that must not crash the
  // clean-up (the audit log's last outcomes, the demo's files) that SIGHUP started.
  const onTerminalGone = (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EIO' && error.code !== 'EPIPE') throw error;
  };
  process.stdout.on('error', onTerminalGone);
  process.stdin.on('error', onTerminalGone);
  const instance = render(
    <ThemeContext.Provider value={theme}>
      <KeyStreamContext.Provider value={keys}>
        <App
          session={started.session}
          profiles={started.profiles}
          start={started.start}
          notice={started.notice}
          firstWhoami={firstWhoami}
          onExit={(c) => (code = c)}
          quitRequests={quitRequests}
        />
      </KeyStreamContext.Provider>
    </ThemeContext.Provider>,
    // ctrl-c is a keymap action: it must cancel a running revocation cleanly, not kill the process.
    // Not incrementalRendering: in Ink 6.8 it left stale lines and scrolled the terminal when one
    // screen replaced another (the pseudo-terminal test caught it).
    // maxFps 60: Ink draws a commit at once, then at most one frame per 1000/maxFps ms; a key whose
    // update commits twice waited out Ink's default 33 ms for its second, complete frame (the 38–49 ms
    // worst keys of the benchmark, each written in two bursts ~33 ms apart).
    {exitOnCtrlC: false, patchConsole: true, maxFps: 60, stdin: keys as unknown as NodeJS.ReadStream},
  );
  try {
    await instance.waitUntilExit();
  } catch (error) {
    process.stderr.write(`qlik-tokens: ${describeError(error)}\n`);
    code = 1;
  } finally {
    keys.stop();
    screen.leave();
    process.off('SIGTERM', onSignal);
    process.off('SIGHUP', onSignal);
    await started.stop();
    process.stdout.off('error', onTerminalGone);
    process.stdin.off('error', onTerminalGone);
  }
  return signalled ?? code;
}
