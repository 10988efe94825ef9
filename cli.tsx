#!/usr/bin/env node
// argv → a command, or the Ink app. Nothing else lives here: every command and the UI are loaded
// on demand, so `--version` and plain commands never import React or the simulator. Built, this is
// dist/cli.cjs (CommonJS: an ES module entry costs a first frame 6 ms, README).
import {parseGlobalFlags} from './source/commands/global-flags.js';

declare const __QLIK_TOKENS_VERSION__: string | undefined;
/** Set by the build: the hash of dist/tui.cjs, the UI as one script (source/ui/launch.ts). */
declare const __QLIK_TOKENS_TUI_BUILD__: string | undefined;

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
    // Built: the UI script beside this one, through the code cache; the router is then CommonJS
    // (dist/cli.cjs) with the launcher in it, so the UI's path loads no ES module at all. From
    // source: the UI's modules. (An if/else, so that the build folds the test and never bundles
    // the else.)
    if (typeof __QLIK_TOKENS_TUI_BUILD__ === 'string') {
      const {runBundledTui} = await import('./source/ui/launch.js');
      return runBundledTui(__dirname, __QLIK_TOKENS_TUI_BUILD__, {global, env: process.env});
    } else {
      const {runTui} = await import('./source/ui/main.js');
      return runTui({global, env: process.env});
    }
  }
  // Built: dist/commands.js, ES modules split by command (scripts/build.mjs).
  const {runCommand} = await import('./source/commands/run.js');
  return runCommand(name, args, global);
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
