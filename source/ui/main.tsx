// Entry of the interactive UI (cli.tsx imports it on demand): builds the session — the demo
// tenant, a profile, or the environment — renders <App>, and returns the exit code.
import {render} from 'ink';
import {ProfileStoreError} from '../profiles/errors.js';
import {safeMessage} from '../text/terminal-safe.js';
import {App} from './app.js';
import {describeError} from './describe-error.js';
import type {Started} from './profile-mode.js';
import type {TuiFlags} from './session.js';
import {pickTheme, ThemeContext} from './theme.js';

export type RunTuiOptions = {global: TuiFlags; env: NodeJS.ProcessEnv};

export async function runTui({global, env}: RunTuiOptions): Promise<number> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    process.stderr.write('qlik-tokens: the interactive UI needs a terminal. For scripts use the commands (qlik-tokens --help).\n');
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
      const [{openProfileStore}, {profileMode}] = await Promise.all([import('../profiles/store.js'), import('./profile-mode.js')]);
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

  let code = 0;
  const theme = pickTheme(env, process.stdout);
  const instance = render(
    <ThemeContext.Provider value={theme}>
      <App session={started.session} profiles={started.profiles} start={started.start} notice={started.notice} onExit={(c) => (code = c)} />
    </ThemeContext.Provider>,
    // ctrl-c is a keymap action: it must cancel a running revocation cleanly, not kill the process.
    // Not incrementalRendering: in Ink 6.8 it left stale lines and scrolled the terminal when one
    // screen replaced another (the pseudo-terminal test caught it).
    {exitOnCtrlC: false, patchConsole: true},
  );
  try {
    await instance.waitUntilExit();
  } catch (error) {
    process.stderr.write(`qlik-tokens: ${describeError(error)}\n`);
    code = 1;
  } finally {
    await started.stop();
  }
  return code;
}
