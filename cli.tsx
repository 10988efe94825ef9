#!/usr/bin/env node
// argv → a command, or the Ink app. Nothing else lives here: every command and the UI are loaded
// on demand, so `--version` and plain commands never import React or the simulator.
import {parseGlobalFlags} from './source/commands/global-flags.js';
import {UsageError, type CommandContext, type CommandModule} from './source/commands/context.js';
import {safeText} from './source/text/terminal-safe.js';

declare const __QLIK_TOKENS_VERSION__: string | undefined;
/** Set by the build: the hash of dist/tui.cjs, the UI as one script (source/ui/launch.ts). */
declare const __QLIK_TOKENS_TUI_BUILD__: string | undefined;

const commands: Record<string, () => Promise<CommandModule>> = {
  profiles: () => import('./source/commands/profiles.js'),
  whoami: () => import('./source/commands/whoami.js'),
  users: () => import('./source/commands/users.js'),
  tokens: () => import('./source/commands/tokens.js'),
  audit: () => import('./source/commands/audit.js'),
  simulate: () => import('./source/commands/simulate.js'),
};

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseGlobalFlags(argv);
  } catch (error) {
    process.stderr.write(`qlik-tokens: ${(error as Error).message}\nRun qlik-tokens --help for usage.\n`);
    return 2;
  }
  const {global, rest} = parsed;
  if (global.version) {
    process.stdout.write(`${typeof __QLIK_TOKENS_VERSION__ === 'string' ? __QLIK_TOKENS_VERSION__ : 'dev'}\n`);
    return 0;
  }
  const [name, ...args] = rest;
  if (name === undefined) {
    if (global.help) {
      const {USAGE} = await import('./source/commands/usage.js');
      process.stdout.write(USAGE);
      return 0;
    }
    // Built: the UI script beside cli.js, through the code cache. From source: the UI's modules.
    // (An if/else, so that the build folds the test and never bundles the else.)
    if (typeof __QLIK_TOKENS_TUI_BUILD__ === 'string') {
      const {runBundledTui} = await import('./source/ui/launch.js');
      return runBundledTui(new URL('./tui.cjs', import.meta.url), __QLIK_TOKENS_TUI_BUILD__, {
        global,
        env: process.env,
      });
    } else {
      const {runTui} = await import('./source/ui/main.js');
      return runTui({global, env: process.env});
    }
  }
  const load = commands[name];
  if (!load) {
    process.stderr.write(`qlik-tokens: unknown command "${safeText(name)}"\nRun qlik-tokens --help for usage.\n`);
    return 2;
  }
  // Node 20 (V8 11.3) only: after a few responses V8 recompiles the largest function of undici's
  // HTTP parser (llhttp, WebAssembly; 33 kB) with TurboFan, 86 ms of CPU on a helper thread that the
  // process then waits for before it exits: a `whoami` cost 250 ms of CPU, 160 ms without it
  // (measured here; a 100,000-token `tokens list --json` took as long either way). Node 22 and 24
  // do not wait for it. The UI keeps V8's defaults: its code cache is valid only for the flags it
  // was made with, and a session lasts long enough for the faster parser to pay off.
  // Imported here: node:v8 costs the UI's first frame a millisecond of loading it does not need.
  if (process.versions.node.startsWith('20.')) (await import('node:v8')).setFlagsFromString('--liftoff-only');
  const ctx: CommandContext = {
    global,
    args,
    env: process.env,
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
  };
  try {
    const command = await load();
    return await command.run(ctx);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`qlik-tokens ${name}: ${error.message}\nRun qlik-tokens ${name} --help for usage.\n`);
      return 2;
    }
    const {reportUnexpected} = await import('./source/commands/report-error.js');
    return reportUnexpected(error, ctx);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // Last resort (commands map their errors themselves): never a stack trace, never the secret,
    // no control characters. Kept import-free: this runs when loading a module failed.
    let message = error instanceof Error ? error.message : String(error);
    const secret = process.env.QLIK_CLIENT_SECRET;
    if (secret) message = message.split(secret).join('***');
    process.stderr.write(`qlik-tokens: ${message.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?')}\n`);
    process.exitCode = 1;
  },
);
